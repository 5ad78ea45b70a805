// parseUploadPolicy(): the answer of GET /uploads?action=getPolicy.
#include "fuzzinput.h"
#include "protocol/uploadpolicy.h"

#include <QDateTime>

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    quietQt();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray body(reinterpret_cast<const char *>(data), qsizetype(size));
    const QDateTime received = QDateTime::fromSecsSinceEpoch(1800000000, Qt::UTC);
    UploadPolicy policy;
    ApiError error;
    const bool ok
            = parseUploadPolicy(body, QStringLiteral("wan2.6-i2v"), received, &policy, &error);
    if (ok) {
        FUZZ_CHECK(!error.isError());
        // Usable policies only: signed, with a host the key may go to and a future expiry.
        FUZZ_CHECK(!policy.policy.isEmpty() && !policy.signature.isEmpty());
        FUZZ_CHECK(policy.uploadHost.isValid() && !policy.uploadHost.host().isEmpty());
        FUZZ_CHECK(policy.expiresAt > received);
        FUZZ_CHECK(policy.maxFileBytes >= 0);
        const QString key = policy.objectKeyFor(QByteArray(64, 'a'), QStringLiteral("png"));
        FUZZ_CHECK(key.endsWith(QLatin1String(".png")));
    } else {
        FUZZ_CHECK(error.kind == ApiError::Kind::Protocol);
        FUZZ_CHECK(!error.message.isEmpty());
    }
    return 0;
}
