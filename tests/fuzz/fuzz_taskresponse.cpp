// parseTaskResponse(): every 200 answer of create and poll goes through it.
#include "fuzzinput.h"
#include "protocol/taskresponse.h"

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    quietQt();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray body(reinterpret_cast<const char *>(data), qsizetype(size));

    TaskSnapshot snapshot;
    ApiError error;
    const bool ok = parseTaskResponse(body, &snapshot, &error);
    // Success and error exclude each other: the engine trusts one or the other.
    FUZZ_CHECK(ok == !error.isError());
    if (ok) {
        FUZZ_CHECK(snapshot.metricsTotal >= -1 && snapshot.metricsSucceeded >= -1
                   && snapshot.metricsFailed >= -1);
        // A status read back from its own name is the same status.
        FUZZ_CHECK(taskStatusFromString(taskStatusToString(snapshot.status)) == snapshot.status);
        FUZZ_CHECK(snapshot.status == TaskStatus::Other
                   || taskStatusFromString(snapshot.statusText) == snapshot.status);
        isTerminal(snapshot.status);
        for (const ImageResult &image : std::as_const(snapshot.results))
            FUZZ_CHECK(image.failed() == image.url.isEmpty());
    } else {
        FUZZ_CHECK(!error.explanation().isEmpty());
        error.details();
    }
    // Callers that want only one of the two may pass null for the other.
    FUZZ_CHECK(parseTaskResponse(body, nullptr, nullptr) == ok);
    return 0;
}
