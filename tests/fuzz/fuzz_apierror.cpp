// ApiError::fromHttp(): every answer that is not a 200 (JSON, gateway pages, anything), and the
// sentences made from it.
#include "domain/apierror.h"
#include "fuzzinput.h"

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    quietQt();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FuzzInput input(data, size);
    const int status = input.integer<qint16>();
    const QByteArray body = input.rest();

    const ApiError error = ApiError::fromHttp(status, body);
    FUZZ_CHECK(error.httpStatus == status);
    // Nothing went wrong only for a 2xx without an error code.
    const bool success = status >= 200 && status <= 299 && error.code.isEmpty();
    FUZZ_CHECK(error.isError() == !success);
    if (error.isError()) {
        FUZZ_CHECK(!error.explanation().isEmpty());
        FUZZ_CHECK(ApiError::kindFromName(ApiError::kindName(error.kind)) == error.kind);
    }
    error.isTransient();
    error.details();

    // A task-level failure with the same words is always an error.
    const ApiError failure = ApiError::fromTaskFailure(error.code, error.message, error.requestId);
    FUZZ_CHECK(failure.isError());
    failure.explanation();
    return 0;
}
