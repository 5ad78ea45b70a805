#pragma once

#include <QFile>
#include <QString>
#include <algorithm>
#include <vector>

// What the benchmarks print beside their figures.

// The machine's load average (1, 5 and 15 minutes) from /proc/loadavg: how busy it was with other
// work while a figure was taken.
inline QString loadAverage()
{
    QFile file(QStringLiteral("/proc/loadavg"));
    return file.open(QIODevice::ReadOnly)
            ? QString::fromLatin1(file.readAll().split(' ').mid(0, 3).join(' '))
            : QStringLiteral("?");
}

// The upper median (the middle one of an odd count); 0 for none.
inline double median(std::vector<double> values)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}
