// parseTaskList(): GET /tasks, the account's tasks from any key.
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

    QList<TaskListEntry> entries;
    int total = -2;
    ApiError error;
    const bool ok = parseTaskList(body, &entries, &total, &error);
    FUZZ_CHECK(ok == !error.isError());
    if (ok) {
        // "total" as sent when it is a count, else the rows we have: never negative.
        FUZZ_CHECK(total >= 0);
        for (const TaskListEntry &entry : std::as_const(entries)) {
            if (entry.created.isValid())
                FUZZ_CHECK(entry.created.toMSecsSinceEpoch() >= 0);
        }
    } else {
        FUZZ_CHECK(error.kind == ApiError::Kind::Protocol);
        FUZZ_CHECK(!error.explanation().isEmpty());
    }
    FUZZ_CHECK(parseTaskList(body, nullptr, nullptr, nullptr) == ok);
    return 0;
}
