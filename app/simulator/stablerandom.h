#pragma once

#include <QByteArray>
#include <QtGlobal>

// The simulator's pictures and videos follow from the prompt and the seed alone, the same on
// every platform and in every run: so no qHash (seeded per process) and no std::*_distribution
// (each standard library draws differently).

// FNV-1a.
inline quint64 stableHash(const QByteArray &data)
{
    quint64 hash = 1469598103934665603ULL;
    for (const char c : data) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 1099511628211ULL;
    }
    return hash;
}

// splitmix64: small and fast.
class StableRandom
{
public:
    explicit StableRandom(quint64 seed) : m_state(seed) { }
    quint64 next()
    {
        quint64 z = (m_state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    double uniform() { return double(next() >> 11) * (1.0 / 9007199254740992.0); } // [0, 1)
    double range(double low, double high) { return low + (high - low) * uniform(); }
    int below(int count) { return int(next() % quint64(count)); }

private:
    quint64 m_state;
};
