#include "domain/boundednumber.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <limits>

using Optional = std::optional<qint64>;
Q_DECLARE_METATYPE(Optional)

namespace QTest {
template<>
char *toString(const Optional &value)
{
    return qstrdup(value ? QByteArray::number(*value).constData() : "nullopt");
}
} // namespace QTest

namespace {

// The value of "v" in a JSON text: numbers as the parser reads them from the wire.
QJsonValue parsed(const QByteArray &number)
{
    return QJsonDocument::fromJson("{\"v\":" + number + "}").object().value(QLatin1String("v"));
}

constexpr qint64 Max = std::numeric_limits<qint64>::max();
constexpr qint64 Min = std::numeric_limits<qint64>::min();

} // namespace

class tst_BoundedNumber final : public QObject
{
    Q_OBJECT

private slots:
    void fromJson_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<qint64>("min");
        QTest::addColumn<qint64>("max");
        QTest::addColumn<Optional>("expected");

        QTest::newRow("plain") << QByteArray("42") << qint64(0) << qint64(100) << Optional(42);
        QTest::newRow("whole float")
                << QByteArray("2.0") << qint64(0) << qint64(100) << Optional(2);
        QTest::newRow("fraction") << QByteArray("2.5") << qint64(0) << qint64(100) << Optional();
        QTest::newRow("1e300") << QByteArray("1e300") << Min << Max << Optional();
        QTest::newRow("-1e300") << QByteArray("-1e300") << Min << Max << Optional();
        QTest::newRow("2^63") << QByteArray("9223372036854775808") << Min << Max << Optional();
        QTest::newRow("2^63 as float")
                << QByteArray("9.223372036854775808e18") << Min << Max << Optional();
        QTest::newRow("2^63-1 exact")
                << QByteArray("9223372036854775807") << Min << Max << Optional(Max);
        QTest::newRow("-2^63") << QByteArray("-9223372036854775808") << Min << Max << Optional(Min);
        QTest::newRow("2^53+1 exact") << QByteArray("9007199254740993") << qint64(0) << Max
                                      << Optional(Q_INT64_C(9007199254740993));
        QTest::newRow("negative, below min") << QByteArray("-1") << qint64(0) << Max << Optional();
        QTest::newRow("above max") << QByteArray("101") << qint64(0) << qint64(100) << Optional();
        QTest::newRow("at bounds")
                << QByteArray("100") << qint64(100) << qint64(100) << Optional(100);
        QTest::newRow("string") << QByteArray("\"42\"") << qint64(0) << qint64(100) << Optional();
        QTest::newRow("null") << QByteArray("null") << qint64(0) << qint64(100) << Optional();
        QTest::newRow("bool") << QByteArray("true") << qint64(0) << qint64(100) << Optional();
    }
    void fromJson()
    {
        QFETCH(QByteArray, json);
        QFETCH(qint64, min);
        QFETCH(qint64, max);
        QFETCH(Optional, expected);
        const QJsonValue value = parsed(json);
        QVERIFY2(!value.isUndefined(), json.constData());
        QCOMPARE(toBoundedInteger(value, min, max), expected);
    }

    void fromDoublesNotFromTheWire()
    {
        // Values a JSON parser never produces, but a QJsonValue can hold.
        QCOMPARE(toBoundedInteger(QJsonValue(std::numeric_limits<double>::quiet_NaN()), Min, Max),
                 Optional());
        QCOMPARE(toBoundedInteger(QJsonValue(std::numeric_limits<double>::infinity()), Min, Max),
                 Optional());
        QCOMPARE(toBoundedInteger(QJsonValue(-std::numeric_limits<double>::infinity()), Min, Max),
                 Optional());
        QCOMPARE(toBoundedInteger(QJsonValue(0x1p63), Min, Max), Optional());
        QCOMPARE(toBoundedInteger(QJsonValue(-0x1p63), Min, Max), Optional(Min));
        QCOMPARE(toBoundedInteger(QJsonValue(QJsonValue::Undefined), Min, Max), Optional());
    }

    void fromText_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<Optional>("expected");

        QTest::newRow("plain") << QStringLiteral("42") << Optional(42);
        QTest::newRow("spaces") << QStringLiteral(" 42 ") << Optional(42);
        QTest::newRow("1e300") << QStringLiteral("1e300") << Optional();
        QTest::newRow("-1e300") << QStringLiteral("-1e300") << Optional();
        QTest::newRow("NaN") << QStringLiteral("NaN") << Optional();
        QTest::newRow("nan") << QStringLiteral("nan") << Optional();
        QTest::newRow("inf") << QStringLiteral("inf") << Optional();
        QTest::newRow("2^63") << QStringLiteral("9223372036854775808") << Optional();
        QTest::newRow("2^64") << QStringLiteral("18446744073709551616") << Optional();
        QTest::newRow("negative") << QStringLiteral("-5") << Optional();
        QTest::newRow("fraction") << QStringLiteral("4.5") << Optional();
        QTest::newRow("empty") << QString() << Optional();
        QTest::newRow("above max") << QStringLiteral("2147483648") << Optional();
        QTest::newRow("max") << QStringLiteral("2147483647") << Optional(2147483647);
    }
    void fromText()
    {
        QFETCH(QString, text);
        QFETCH(Optional, expected);
        QCOMPARE(toBoundedInteger(text, 0, 2147483647), expected);
    }
};

QTEST_GUILESS_MAIN(tst_BoundedNumber)
#include "tst_boundednumber.moc"
