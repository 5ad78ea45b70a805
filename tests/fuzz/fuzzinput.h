#pragma once

// Shared by every fuzz target: reading structured values off the front of a fuzz input, the
// matching writer (for the seed generator), an invariant check that crashes loudly, and a quiet
// Qt. Header-only and compiler-neutral, so each target builds both as a libFuzzer program
// (clang, STUDIO_FUZZ) and as a plain replay program (any compiler, STUDIO_FUZZ_REPLAY).

#include <QByteArray>
#include <QLoggingCategory>
#include <QString>
#include <QtGlobal>
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <type_traits>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv);

// An invariant of the code under test: when it does not hold, the input is a finding, so the
// fuzzer must stop and keep it (abort() is what libFuzzer records as a crash).
#define FUZZ_CHECK(condition) \
    do { \
        if (!(condition)) { \
            std::fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #condition); \
            std::abort(); \
        } \
    } while (false)

// Qt's debug and warning output would cost more than the parsing and hide the findings.
inline void quietQt()
{
    QLoggingCategory::setFilterRules(QStringLiteral("*.debug=false\n*.warning=false"));
    qInstallMessageHandler([](QtMsgType type, const QMessageLogContext &, const QString &text) {
        if (type == QtFatalMsg) {
            std::fprintf(stderr, "%s\n", qPrintable(text));
            std::abort();
        }
    });
}

// Values off the front of the input; past its end every value is zero or empty, so every input
// is valid and the seeds can be written with FuzzWriter below.
class FuzzInput
{
public:
    FuzzInput(const uint8_t *data, size_t size)
        : m_data(reinterpret_cast<const char *>(data)), m_size(size)
    { }

    template<typename T>
    T integer()
    {
        static_assert(std::is_integral_v<T>);
        std::make_unsigned_t<T> value = 0;
        for (size_t i = 0; i < sizeof(T); ++i) // little-endian, zero past the end
            value |= std::make_unsigned_t<T>(quint8(take())) << (8 * i);
        return T(value);
    }
    bool boolean() { return take() & 1; }
    double number()
    {
        const quint64 bits = integer<quint64>();
        double value;
        std::memcpy(&value, &bits, sizeof value);
        return value;
    }
    // A byte string with a 16-bit length in front.
    QByteArray bytes()
    {
        const size_t length = std::min<size_t>(integer<quint16>(), m_size - m_pos);
        const QByteArray result(m_data + m_pos, qsizetype(length));
        m_pos += length;
        return result;
    }
    QString utf8() { return QString::fromUtf8(bytes()); }
    // Everything not read yet.
    QByteArray rest()
    {
        const QByteArray result(m_data + m_pos, qsizetype(m_size - m_pos));
        m_pos = m_size;
        return result;
    }

private:
    char take() { return m_pos < m_size ? m_data[m_pos++] : 0; }

    const char *m_data;
    size_t m_size;
    size_t m_pos = 0;
};

// Writes what FuzzInput reads, in the same order.
class FuzzWriter
{
public:
    template<typename T>
    FuzzWriter &integer(T value)
    {
        static_assert(std::is_integral_v<T>);
        const auto bits = std::make_unsigned_t<T>(value);
        for (size_t i = 0; i < sizeof(T); ++i)
            m_bytes.append(char(quint8(bits >> (8 * i))));
        return *this;
    }
    FuzzWriter &boolean(bool value) { return integer<quint8>(value ? 1 : 0); }
    FuzzWriter &bytes(const QByteArray &value)
    {
        integer<quint16>(quint16(value.size()));
        m_bytes += value.left(0xFFFF);
        return *this;
    }
    FuzzWriter &utf8(const QString &value) { return bytes(value.toUtf8()); }
    FuzzWriter &rest(const QByteArray &value)
    {
        m_bytes += value;
        return *this;
    }
    QByteArray result() const { return m_bytes; }

private:
    QByteArray m_bytes;
};
