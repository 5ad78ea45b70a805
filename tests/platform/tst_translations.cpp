#include "domain/region.h"
#include "domain/taskrecord.h"
#include "platform/settings.h"
#include "platform/translations.h"
#include "widgets/uistyle.h"

#include <QCoreApplication>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <QXmlStreamReader>
#include <memory>

// Fails when a user-visible string has no finished translation: lupdate scans app/ and ui/ into a
// copy of the committed .ts file, exactly as `ninja update_translations` does, and every message
// must come out translated, with the same placeholders and accelerators as its source. Then the
// embedded .qm files must translate at run time, through the same code the program uses.
//
// To fix a failure: ninja update_translations, translate in Qt Linguist
// (linguist resources/translations/dashscope-studio_zh_CN.ts), mark each message finished, commit.
class tst_Translations final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();

    void everyMessageTranslated_data();
    void everyMessageTranslated();

    void embeddedChineseTranslates();
    void englishPluralForms();
    void installFollowsSettingAndSystem_data();
    void installFollowsSettingAndSystem();
    void settingRoundTrip();
    void commandLineSpeaksChinese();
    void buttonTextWithoutAccelerator_data();
    void buttonTextWithoutAccelerator();
};

namespace {

struct Message
{
    QString context;
    QString source;
    QString type; // "", "unfinished", "vanished", "obsolete"
    QStringList translations; // one, or one per numerus form
    bool numerus = false;
    qint64 line = 0; // in the scanned .ts, for the report
};

QList<Message> readTs(const QString &fileName, QString *error)
{
    QFile file(fileName);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.errorString();
        return {};
    }
    QList<Message> messages;
    QXmlStreamReader xml(&file);
    QString context;
    Message message;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement()) {
            const auto name = xml.name();
            if (name == u"name") {
                context = xml.readElementText();
            } else if (name == u"message") {
                message = Message();
                message.context = context;
                message.numerus = xml.attributes().value(QLatin1String("numerus")) == u"yes";
                message.line = xml.lineNumber();
            } else if (name == u"source") {
                message.source = xml.readElementText();
            } else if (name == u"translation") {
                message.type = xml.attributes().value(QLatin1String("type")).toString();
                if (!message.numerus)
                    message.translations.append(xml.readElementText());
            } else if (name == u"numerusform") {
                message.translations.append(xml.readElementText());
            }
        } else if (xml.isEndElement() && xml.name() == u"message") {
            messages.append(message);
        }
    }
    if (xml.hasError())
        *error = QStringLiteral("%1 at line %2").arg(xml.errorString()).arg(xml.lineNumber());
    return messages;
}

// %1..%9 and %n, with how often each occurs ("%1 of %1" keeps both).
QStringList placeholders(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral("%(?:L?[1-9]|n)"));
    QStringList found;
    for (auto it = pattern.globalMatch(text); it.hasNext();)
        found.append(it.next().captured());
    found.sort();
    return found;
}

// Mnemonics: "&Region" has one, "Save && quit" none.
int accelerators(const QString &text)
{
    int count = 0;
    for (qsizetype i = 0; i + 1 < text.size(); ++i) {
        if (text.at(i) != QLatin1Char('&'))
            continue;
        if (text.at(i + 1) == QLatin1Char('&')) {
            ++i;
            continue;
        }
        if (!text.at(i + 1).isSpace())
            ++count;
    }
    return count;
}

// The accelerator's key, upper-cased: 'G' for "&Generate" and for "生成(&G)"; null for none.
QChar acceleratorKey(const QString &text)
{
    for (qsizetype i = 0; i + 1 < text.size(); ++i) {
        if (text.at(i) != QLatin1Char('&'))
            continue;
        if (text.at(i + 1) == QLatin1Char('&')) {
            ++i;
            continue;
        }
        return text.at(i + 1).toUpper();
    }
    return {};
}

bool isHan(QChar c)
{
    return c.script() == QChar::Script_Han;
}

// Chinese text takes full-width punctuation: "地域：" not "地域:" (technical text like URLs and
// "key: value" examples stays as it is, so only punctuation right after a Han character counts).
QString halfWidthAfterHan(const QString &text)
{
    static const QString halfWidth = QStringLiteral(",;:!?");
    for (qsizetype i = 1; i < text.size(); ++i) {
        if (isHan(text.at(i - 1)) && halfWidth.contains(text.at(i)))
            return text.mid(i - 1, 2);
    }
    return {};
}

// lupdate warnings mean strings lupdate could not place: lost, or filed under a context the code
// does not translate with. The one exception: namespace CommandLine translates through its own
// tr() helper with the context "CommandLine", which is what lupdate files them under.
QStringList unexpectedWarnings(const QString &stderrText)
{
    QStringList warnings;
    for (const QString &line : stderrText.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        if (line.endsWith(QLatin1String("Class 'CommandLine' lacks Q_OBJECT macro")))
            continue;
        warnings.append(line);
    }
    return warnings;
}

void removeInstalledTranslators()
{
    const auto translators
            = QCoreApplication::instance()->findChildren<QTranslator *>(Qt::FindDirectChildrenOnly);
    for (QTranslator *translator : translators)
        delete translator; // uninstalls itself
}

} // namespace

void tst_Translations::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY2(QFile::exists(QStringLiteral(STUDIO_LUPDATE)), STUDIO_LUPDATE);
}

void tst_Translations::cleanup()
{
    removeInstalledTranslators();
    QLocale::setDefault(QLocale::system());
}

void tst_Translations::everyMessageTranslated_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QStringList>("options");
    QTest::newRow("zh_CN") << QStringLiteral("dashscope-studio_zh_CN.ts") << QStringList();
    // English is the source language: its file only carries the plural forms.
    QTest::newRow("en") << QStringLiteral("dashscope-studio_en.ts")
                        << QStringList { QStringLiteral("-pluralonly") };
}

void tst_Translations::everyMessageTranslated()
{
    QFETCH(QString, file);
    QFETCH(QStringList, options);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString committed = QStringLiteral(STUDIO_SOURCE_DIR "/resources/translations/") + file;
    const QString scanned = dir.filePath(file);
    QVERIFY2(QFile::copy(committed, scanned), qPrintable(committed));
    QFile::setPermissions(scanned, QFile::ReadOwner | QFile::WriteOwner);

    // The same scan as the update_translations target (resources/translations/translations.cmake).
    QProcess lupdate;
    lupdate.setWorkingDirectory(QStringLiteral(STUDIO_SOURCE_DIR));
    lupdate.start(QStringLiteral(STUDIO_LUPDATE),
                  QStringList { QStringLiteral("-silent"), QStringLiteral("-locations"),
                                QStringLiteral("none"), QStringLiteral("-I"), QStringLiteral("app"),
                                QStringLiteral("app"), QStringLiteral("ui"), QStringLiteral("-ts"),
                                scanned }
                          + options);
    QVERIFY(lupdate.waitForFinished(120000));
    QCOMPARE(lupdate.exitStatus(), QProcess::NormalExit);
    const QString lupdateErrors = QString::fromLocal8Bit(lupdate.readAllStandardError());
    QCOMPARE(lupdate.exitCode(), 0);
    const QStringList warnings = unexpectedWarnings(lupdateErrors);
    QVERIFY2(warnings.isEmpty(),
             qPrintable(QStringLiteral("lupdate could not place every string:\n")
                        + warnings.join(QLatin1Char('\n'))));

    QString error;
    const QList<Message> messages = readTs(scanned, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(!messages.isEmpty());

    QStringList problems;
    const auto report = [&problems](const Message &m, const QString &what) {
        problems.append(QStringLiteral("%1 “%2”: %3").arg(m.context, m.source.left(80), what));
    };
    qsizetype vanished = 0;
    for (const Message &m : messages) {
        // A message the sources no longer have leaves nothing untranslated; update_translations
        // drops it (-no-obsolete). Not a failure, so the .ts may run a commit ahead of the sources.
        if (m.type == u"vanished" || m.type == u"obsolete") {
            ++vanished;
            continue;
        }
        if (m.type == u"unfinished") {
            report(m,
                   m.translations.join(QString()).isEmpty()
                           ? QStringLiteral("not translated")
                           : QStringLiteral("translation not marked finished"));
            continue;
        }
        if (m.translations.isEmpty() || m.translations.contains(QString())) {
            report(m, QStringLiteral("empty translation"));
            continue;
        }
        for (const QString &translation : m.translations) {
            if (placeholders(translation) != placeholders(m.source))
                report(m, QStringLiteral("placeholders differ: “%1”").arg(translation));
            if (accelerators(translation) != accelerators(m.source))
                report(m, QStringLiteral("accelerators differ: “%1”").arg(translation));
            else if (acceleratorKey(translation) != acceleratorKey(m.source))
                report(m,
                       QStringLiteral("another accelerator key than the source's: “%1”")
                               .arg(translation));
            if (m.source.endsWith(QChar(0x2026)) && !translation.endsWith(QChar(0x2026)))
                report(m,
                       QStringLiteral(
                               "the source ends in “…” (opens a dialog or is in progress): “%1”")
                               .arg(translation));
            if (const QString bad = halfWidthAfterHan(translation); !bad.isEmpty())
                report(m,
                       QStringLiteral("half-width punctuation in Chinese text (“%1”): “%2”")
                               .arg(bad, translation));
        }
    }
    qInfo("%s: %lld messages, %lld no longer in the sources", qPrintable(file),
          qint64(messages.size() - vanished), qint64(vanished));
    const qsizetype shown = std::min<qsizetype>(problems.size(), 40);
    QVERIFY2(problems.isEmpty(),
             qPrintable(QStringLiteral("%1 of %2 messages in %3 need work (run `ninja "
                                       "update_translations` and "
                                       "translate them in Qt Linguist):\n  ")
                                .arg(problems.size())
                                .arg(messages.size())
                                .arg(file)
                        + problems.mid(0, shown).join(QStringLiteral("\n  "))));
}

void tst_Translations::embeddedChineseTranslates()
{
    QVERIFY(QFile::exists(QStringLiteral(":/translations/dashscope-studio_zh_CN.qm")));
    auto *translator = new QTranslator(QCoreApplication::instance());
    QVERIFY(translator->load(QStringLiteral(":/translations/dashscope-studio_zh_CN.qm")));
    QCOMPARE(translator->language(), QStringLiteral("zh_CN"));
    QVERIFY(QCoreApplication::installTranslator(translator));

    // Through the engine's own code, so the context it translates with is checked too.
    QCOMPARE(taskStateDisplayName(TaskState::Queued), QStringLiteral("排队中"));
    QCOMPARE(taskStateDisplayName(TaskState::Done), QStringLiteral("已完成"));
    QCOMPARE(regionDisplayName(Region::Beijing), QStringLiteral("中国（北京）"));
    // A plural: Chinese has one form for every count.
    QCOMPARE(QCoreApplication::translate("CommandLine", "Resuming %n task(s).", nullptr, 3),
             QStringLiteral("正在恢复 3 个任务。"));
}

void tst_Translations::englishPluralForms()
{
    auto *translator = new QTranslator(QCoreApplication::instance());
    QVERIFY(translator->load(QStringLiteral(":/translations/dashscope-studio_en.qm")));
    QVERIFY(QCoreApplication::installTranslator(translator));
    QCOMPARE(QCoreApplication::translate("CommandLine", "Resuming %n task(s).", nullptr, 1),
             QStringLiteral("Resuming 1 task."));
    QCOMPARE(QCoreApplication::translate("CommandLine", "Resuming %n task(s).", nullptr, 2),
             QStringLiteral("Resuming 2 tasks."));
}

void tst_Translations::installFollowsSettingAndSystem_data()
{
    // main() sets LANGUAGE=zh_CN before the application reads the system locale.
    QTest::addColumn<QString>("setting");
    QTest::addColumn<QString>("loaded");
    QTest::addColumn<QString>("queued");
    QTest::newRow("system (Chinese)")
            << QString() << QStringLiteral("zh_CN") << QStringLiteral("排队中");
    QTest::newRow("English chosen")
            << QStringLiteral("en") << QStringLiteral("en_US") << QStringLiteral("Queued");
    QTest::newRow("Chinese chosen")
            << QStringLiteral("zh_CN") << QStringLiteral("zh_CN") << QStringLiteral("排队中");
    QTest::newRow("unknown setting")
            << QStringLiteral("xx") << QStringLiteral("zh_CN") << QStringLiteral("排队中");
}

void tst_Translations::installFollowsSettingAndSystem()
{
    QFETCH(QString, setting);
    QFETCH(QString, loaded);
    QFETCH(QString, queued);

    QCOMPARE(Translations::installTranslations(*QCoreApplication::instance(), setting), loaded);
    QCOMPARE(taskStateDisplayName(TaskState::Queued), queued);
    if (setting == u"en")
        QCOMPARE(QLocale().language(), QLocale::English);
    if (setting == u"zh_CN")
        QCOMPARE(QLocale().language(), QLocale::Chinese);
}

void tst_Translations::settingRoundTrip()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString ini = dir.filePath(QStringLiteral("settings.ini"));
    {
        Settings settings(ini);
        QCOMPARE(settings.language(), QString());
        QSignalSpy changed(&settings, &Settings::languageChanged);
        settings.setLanguage(QStringLiteral("zh_CN"));
        settings.setLanguage(QStringLiteral("zh_CN"));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.at(0).at(0).toString(), QStringLiteral("zh_CN"));
    }
    Settings reread(ini);
    QCOMPARE(reread.language(), QStringLiteral("zh_CN"));
    reread.setLanguage(QString());
    QCOMPARE(reread.language(), QString());

    QCOMPARE(Translations::availableLanguages().value(0), QString());
    QVERIFY(Translations::availableLanguages().contains(QStringLiteral("zh_CN")));
    QCOMPARE(Translations::nativeName(QStringLiteral("zh_CN")), QStringLiteral("简体中文"));
    QCOMPARE(Translations::localeFor(QStringLiteral("zh_CN")).territory(), QLocale::China);
}

void tst_Translations::commandLineSpeaksChinese()
{
    // main.cpp installs the translations for the command line too: a Chinese desktop gets Chinese.
    QTemporaryDir home;
    QVERIFY(home.isValid());
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), home.path());
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
    env.insert(QStringLiteral("LANGUAGE"), QStringLiteral("zh_CN"));
    env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8"));
    QProcess studio;
    studio.setProcessEnvironment(env);
    studio.start(QStringLiteral(STUDIO_BINARY), { QStringLiteral("generate") });
    QVERIFY(studio.waitForFinished(30000));
    const QString errors = QString::fromUtf8(studio.readAllStandardError());
    QCOMPARE(studio.exitCode(), 2);
    QVERIFY2(errors.contains(QStringLiteral("dashscope-studio generate")), qPrintable(errors));
    QVERIFY2(!errors.contains(QStringLiteral("No prompt")), qPrintable(errors));
}

void tst_Translations::buttonTextWithoutAccelerator_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("shown");
    QTest::newRow("latin") << QStringLiteral("&Generate") << QStringLiteral("Generate");
    QTest::newRow("latin inside") << QStringLiteral("Copy Re&quest ID")
                                  << QStringLiteral("Copy Request ID");
    QTest::newRow("ampersand") << QStringLiteral("Save && quit") << QStringLiteral("Save & quit");
    QTest::newRow("chinese") << QStringLiteral("生成(&G)") << QStringLiteral("生成");
    QTest::newRow("chinese before ellipsis")
            << QStringLiteral("删除 %1 张图片(&D)…") << QStringLiteral("删除 %1 张图片…");
    QTest::newRow("chinese after latin")
            << QStringLiteral("复制任务 ID(&I)") << QStringLiteral("复制任务 ID");
    QTest::newRow("none") << QStringLiteral("生成") << QStringLiteral("生成");
}

void tst_Translations::buttonTextWithoutAccelerator()
{
    QFETCH(QString, text);
    QFETCH(QString, shown);
    QCOMPARE(UiStyle::withoutAccelerator(text), shown);
}

int main(int argc, char *argv[])
{
    // The system locale is read once, on first use: make this "system" a Chinese desktop.
    qputenv("LANGUAGE", "zh_CN");
    QCoreApplication app(argc, argv);
    tst_Translations test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_translations.moc"
