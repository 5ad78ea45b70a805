#include "engine/taskservice.h"
#include "platform/secretstore.h"
#include "platform/settings.h"
#include "simulator/simulatorserver.h"
#include "support/simulatorfixture.h"
#include "widgets/settingsdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

class tst_SettingsDialog : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void showsTheStoredSettings();
    void roundTrip();
    void keysArePerRegion();
    void showToggleRevealsTheKey();
    void badBaseUrlIsRefused_data();
    void badBaseUrlIsRefused();
    void messagesAreNeverClipped();
    void testKeyAgainstTheService_data();
    void testKeyAgainstTheService();
    void environmentKeyWins();
    void sessionOnlyIsSaid();
    void modelsFollowTheRegion();
    void appearanceColoursAndRestart();

private:
    std::unique_ptr<SettingsDialog> makeDialog();
    template<typename T>
    T *child(QObject *parent, const char *name) const
    {
        auto *widget = parent->findChild<T *>(QString::fromLatin1(name));
        if (!widget)
            qFatal("no child %s", name);
        return widget;
    }
    QString readKey(Region region);

    ModelCatalog m_catalog;
    QTemporaryDir *m_dir = nullptr; // m_fixture's
    std::unique_ptr<Settings> m_settings;
    std::unique_ptr<SecretStore> m_secrets;
    std::unique_ptr<SimulatorFixture> m_fixture; // one per test function
    SimulatorServer *m_simulator = nullptr; // m_fixture's
    QNetworkAccessManager *m_network = nullptr; // m_fixture's
    std::unique_ptr<TaskService> m_service;
};

void tst_SettingsDialog::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    m_catalog = ModelCatalog::builtIn();
}

void tst_SettingsDialog::init()
{
    qunsetenv("DASHSCOPE_API_KEY");
    m_fixture = std::make_unique<SimulatorFixture>(m_catalog);
    QVERIFY2(m_fixture->isReady(), qPrintable(m_fixture->problem()));
    m_dir = m_fixture->dir();
    m_network = m_fixture->network();
    m_simulator = m_fixture->simulator();
    m_settings = std::make_unique<Settings>(m_dir->filePath(QStringLiteral("settings.ini")));
    m_secrets = std::make_unique<SecretStore>(SecretStore::Backend::Memory);
    m_simulator->setRequiredApiKey(QStringLiteral("sk-good"));
    m_service = std::make_unique<TaskService>(m_catalog, nullptr, m_network);
}

void tst_SettingsDialog::cleanup()
{
    qunsetenv("DASHSCOPE_API_KEY");
    m_service.reset();
    m_secrets.reset();
    m_settings.reset();
    m_fixture.reset(); // last: the rest used its network and folder
}

std::unique_ptr<SettingsDialog> tst_SettingsDialog::makeDialog()
{
    auto dialog = std::make_unique<SettingsDialog>(m_settings.get(), m_secrets.get(),
                                                   m_service.get(), m_catalog);
    dialog->show();
    if (!QTest::qWaitForWindowExposed(dialog.get()))
        qWarning("dialog not shown");
    // The stored key is read asynchronously; the field is usable once it arrived.
    auto *key = child<QLineEdit>(dialog.get(), "keyEdit");
    if (!QTest::qWaitFor(
                [key] { return key->isEnabled() || !SecretStore::environmentKey().isEmpty(); },
                5000))
        qWarning("the key was not read");
    return dialog;
}

QString tst_SettingsDialog::readKey(Region region)
{
    QString key;
    bool done = false;
    SecretJob *job = m_secrets->read(region);
    connect(job, &SecretJob::finished, this, [&](SecretJob *finished) {
        key = finished->key();
        done = true;
    });
    if (!QTest::qWaitFor([&done] { return done; }, 5000))
        qWarning("the key read did not finish");
    return key;
}

void tst_SettingsDialog::showsTheStoredSettings()
{
    m_settings->setRegion(Region::Beijing);
    m_settings->setMaxConcurrentTasks(6);
    m_settings->setNotificationsEnabled(false);
    m_settings->setDefaultModel(QStringLiteral("wanx-v1"));
    m_settings->setOutputDirectory(m_dir->filePath(QStringLiteral("out")));
    auto dialog = makeDialog();
    QCOMPARE(child<QComboBox>(dialog.get(), "regionCombo")->currentData().toInt(),
             int(Region::Beijing));
    QCOMPARE(child<QSpinBox>(dialog.get(), "concurrentSpin")->value(), 6);
    QVERIFY(!child<QCheckBox>(dialog.get(), "notificationsCheck")->isChecked());
    QCOMPARE(child<QComboBox>(dialog.get(), "defaultModelCombo")->currentData().toString(),
             QStringLiteral("wanx-v1"));
    QCOMPARE(QDir::fromNativeSeparators(child<QLineEdit>(dialog.get(), "outputEdit")->text()),
             m_dir->filePath(QStringLiteral("out")));
    QVERIFY(!child<QCheckBox>(dialog.get(), "customUrlCheck")->isChecked());
    QVERIFY(!child<QLineEdit>(dialog.get(), "baseUrlEdit")->isEnabled());
    QVERIFY(child<QLineEdit>(dialog.get(), "keyEdit")->text().isEmpty());
    QVERIFY(child<QLabel>(dialog.get(), "keySourceLabel")->text().size() > 10);
}

void tst_SettingsDialog::roundTrip()
{
    QSignalSpy endpoint(m_settings.get(), &Settings::endpointChanged);
    {
        auto dialog = makeDialog();
        child<QComboBox>(dialog.get(), "regionCombo")
                ->setCurrentIndex(child<QComboBox>(dialog.get(), "regionCombo")
                                          ->findData(int(Region::Singapore)));
        child<QCheckBox>(dialog.get(), "customUrlCheck")->setChecked(true);
        child<QLineEdit>(dialog.get(), "baseUrlEdit")
                ->setText(QStringLiteral("https://ws-42.ap-southeast-1.maas.aliyuncs.com"));
        child<QLineEdit>(dialog.get(), "keyEdit")->setText(QStringLiteral(" sk-saved "));
        child<QSpinBox>(dialog.get(), "concurrentSpin")->setValue(2);
        auto *language = child<QComboBox>(dialog.get(), "languageCombo");
        language->setCurrentIndex(language->findData(QStringLiteral("zh_CN")));
        child<QLineEdit>(dialog.get(), "outputEdit")
                ->setText(m_dir->filePath(QStringLiteral("elsewhere")));
        QSignalSpy accepted(dialog.get(), &QDialog::accepted);
        QSignalSpy keys(dialog.get(), &SettingsDialog::keysChanged);
        child<QDialogButtonBox>(dialog.get(), "buttonBox")->button(QDialogButtonBox::Ok)->click();
        QTRY_COMPARE(accepted.size(), 1);
        QCOMPARE(keys.size(), 1);
    }
    QCOMPARE(m_settings->endpoint().baseUrl,
             QUrl(QStringLiteral("https://ws-42.ap-southeast-1.maas.aliyuncs.com/api/v1")));
    QVERIFY(endpoint.size() >= 1);
    QCOMPARE(m_settings->maxConcurrentTasks(), 2);
    QCOMPARE(m_settings->language(), QStringLiteral("zh_CN"));
    QCOMPARE(m_settings->outputDirectory(), m_dir->filePath(QStringLiteral("elsewhere")));
    QCOMPARE(readKey(Region::Singapore), QStringLiteral("sk-saved"));

    // And back: the dialog shows what was saved.
    auto dialog = makeDialog();
    QCOMPARE(child<QLineEdit>(dialog.get(), "keyEdit")->text(), QStringLiteral("sk-saved"));
    QVERIFY(child<QCheckBox>(dialog.get(), "customUrlCheck")->isChecked());
    QCOMPARE(child<QLineEdit>(dialog.get(), "baseUrlEdit")->text(),
             QStringLiteral("https://ws-42.ap-southeast-1.maas.aliyuncs.com/api/v1"));
    // Cancel changes nothing.
    child<QLineEdit>(dialog.get(), "keyEdit")->setText(QStringLiteral("sk-not-saved"));
    child<QSpinBox>(dialog.get(), "concurrentSpin")->setValue(9);
    dialog->reject();
    QCOMPARE(m_settings->maxConcurrentTasks(), 2);
    QCOMPARE(readKey(Region::Singapore), QStringLiteral("sk-saved"));
}

void tst_SettingsDialog::keysArePerRegion()
{
    auto dialog = makeDialog();
    auto *regions = child<QComboBox>(dialog.get(), "regionCombo");
    auto *key = child<QLineEdit>(dialog.get(), "keyEdit");
    key->setText(QStringLiteral("sk-singapore"));
    regions->setCurrentIndex(regions->findData(int(Region::Beijing)));
    QTRY_VERIFY(key->isEnabled());
    QVERIFY(key->text().isEmpty()); // Beijing has its own key
    key->setText(QStringLiteral("sk-beijing"));
    regions->setCurrentIndex(regions->findData(int(Region::Singapore)));
    QCOMPARE(key->text(), QStringLiteral("sk-singapore")); // the typed one is kept
    regions->setCurrentIndex(regions->findData(int(Region::Beijing)));
    QSignalSpy accepted(dialog.get(), &QDialog::accepted);
    dialog->accept();
    QTRY_COMPARE(accepted.size(), 1);
    QCOMPARE(m_settings->region(), Region::Beijing);
    QCOMPARE(readKey(Region::Beijing), QStringLiteral("sk-beijing"));
    QCOMPARE(readKey(Region::Singapore), QStringLiteral("sk-singapore"));
}

void tst_SettingsDialog::showToggleRevealsTheKey()
{
    auto dialog = makeDialog();
    auto *key = child<QLineEdit>(dialog.get(), "keyEdit");
    auto *show = child<QToolButton>(dialog.get(), "showKeyButton");
    QCOMPARE(key->echoMode(), QLineEdit::Password);
    show->click();
    QCOMPARE(key->echoMode(), QLineEdit::Normal);
    show->click();
    QCOMPARE(key->echoMode(), QLineEdit::Password);
    QVERIFY(!show->accessibleName().isEmpty());
}

void tst_SettingsDialog::badBaseUrlIsRefused_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("ok");
    QTest::newRow("workspace") << "https://ws-1.cn-beijing.maas.aliyuncs.com/api/v1" << true;
    QTest::newRow("loopback http") << "http://127.0.0.1:8080/api/v1" << true;
    QTest::newRow("plain http") << "http://example.com/api/v1" << false;
    QTest::newRow("not a url") << "dashscope please" << false;
}

void tst_SettingsDialog::badBaseUrlIsRefused()
{
    QFETCH(QString, url);
    QFETCH(bool, ok);
    auto dialog = makeDialog();
    child<QCheckBox>(dialog.get(), "customUrlCheck")->setChecked(true);
    child<QLineEdit>(dialog.get(), "baseUrlEdit")->setText(url);
    auto *problem = child<QLabel>(dialog.get(), "baseUrlProblemLabel");
    auto *okButton
            = child<QDialogButtonBox>(dialog.get(), "buttonBox")->button(QDialogButtonBox::Ok);
    QCOMPARE(problem->isVisible(), !ok);
    QCOMPARE(okButton->isEnabled(), ok);
    if (!ok) {
        dialog->accept(); // refused: stays open
        QVERIFY(dialog->isVisible());
        QVERIFY(m_settings->customBaseUrl().isEmpty());
    }
}

// A message that appears (a URL's problem, a key test's answer) makes the dialog taller: every
// line of it is shown, and nothing below it is pushed out of the window.
void tst_SettingsDialog::messagesAreNeverClipped()
{
    auto dialog = makeDialog();
    const int before = dialog->height();
    child<QCheckBox>(dialog.get(), "customUrlCheck")->setChecked(true);
    child<QLineEdit>(dialog.get(), "baseUrlEdit")
            ->setText(QStringLiteral("http://example.com/a/rather/long/path/api/v1"));
    auto *problem = child<QLabel>(dialog.get(), "baseUrlProblemLabel");
    QVERIFY(problem->isVisible());
    QVERIFY(problem->heightForWidth(problem->width()) > problem->fontMetrics().height());
    QTRY_VERIFY(problem->height() >= problem->heightForWidth(problem->width()));
    QVERIFY(dialog->height() > before);
    auto *buttons = child<QDialogButtonBox>(dialog.get(), "buttonBox");
    QVERIFY(buttons->geometry().bottom() < dialog->height());

    // Narrower: the text wraps onto more lines, and the dialog grows again.
    dialog->resize(460, dialog->height());
    QTRY_VERIFY(problem->height() >= problem->heightForWidth(problem->width()));
    QTRY_VERIFY(buttons->geometry().bottom() < dialog->height());
}

void tst_SettingsDialog::testKeyAgainstTheService_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("expected");
    QTest::newRow("valid") << "sk-good"
                           << "valid";
    QTest::newRow("invalid") << "sk-wrong"
                             << "✗";
}

void tst_SettingsDialog::testKeyAgainstTheService()
{
    QFETCH(QString, key);
    QFETCH(QString, expected);
    auto dialog = makeDialog();
    child<QCheckBox>(dialog.get(), "customUrlCheck")->setChecked(true);
    child<QLineEdit>(dialog.get(), "baseUrlEdit")->setText(m_simulator->baseUrl().toString());
    child<QLineEdit>(dialog.get(), "keyEdit")->setText(key);
    auto *result = child<QLabel>(dialog.get(), "testResultLabel");
    auto *test = child<QPushButton>(dialog.get(), "testKeyButton");
    test->click();
    QVERIFY(!test->isEnabled()); // one test at a time
    QTRY_VERIFY_WITH_TIMEOUT(test->isEnabled(), 10000);
    QVERIFY(result->isVisible());
    QVERIFY2(result->text().contains(expected), qPrintable(result->text()));
}

void tst_SettingsDialog::environmentKeyWins()
{
    qputenv("DASHSCOPE_API_KEY", "sk-from-environment");
    auto dialog = makeDialog();
    auto *key = child<QLineEdit>(dialog.get(), "keyEdit");
    QCOMPARE(key->text(), QStringLiteral("sk-from-environment"));
    QVERIFY(!key->isEnabled());
    QVERIFY(child<QLabel>(dialog.get(), "keySourceLabel")
                    ->text()
                    .contains(QStringLiteral("environment")));
    QSignalSpy accepted(dialog.get(), &QDialog::accepted);
    dialog->accept();
    QTRY_COMPARE(accepted.size(), 1);
    qunsetenv("DASHSCOPE_API_KEY");
    QVERIFY(readKey(Region::Singapore).isEmpty()); // never copied into the store
}

void tst_SettingsDialog::sessionOnlyIsSaid()
{
    auto dialog = makeDialog();
    QVERIFY(child<QLabel>(dialog.get(), "keySourceLabel")
                    ->text()
                    .contains(QStringLiteral("session only")));
}

void tst_SettingsDialog::modelsFollowTheRegion()
{
    auto dialog = makeDialog();
    auto *regions = child<QComboBox>(dialog.get(), "regionCombo");
    auto *models = child<QComboBox>(dialog.get(), "defaultModelCombo");
    regions->setCurrentIndex(regions->findData(int(Region::Virginia)));
    QCOMPARE(models->count(), m_catalog.modelsFor(Region::Virginia).size());
    regions->setCurrentIndex(regions->findData(int(Region::Beijing)));
    QCOMPARE(models->count(), m_catalog.modelsFor(Region::Beijing).size());
    QVERIFY(models->findData(QStringLiteral("wanx-v1")) >= 0);
}

void tst_SettingsDialog::appearanceColoursAndRestart()
{
    QSignalSpy scheme(m_settings.get(), &Settings::colorSchemeChanged);
    {
        auto dialog = makeDialog();
        auto *colours = child<QComboBox>(dialog.get(), "colorSchemeCombo");
        QCOMPARE(colours->count(), 3); // System, Light, Dark
        QCOMPARE(colours->currentData().toString(), QString());
        colours->setCurrentIndex(colours->findData(QStringLiteral("dark")));
        // No restart for colours; and none offered while the language stays.
        QVERIFY(child<QPushButton>(dialog.get(), "restartButton")->isHidden());
        child<QDialogButtonBox>(dialog.get(), "buttonBox")->button(QDialogButtonBox::Ok)->click();
        QTRY_COMPARE(dialog->result(), int(QDialog::Accepted));
        QVERIFY(!dialog->restartRequested());
    }
    QCOMPARE(m_settings->colorScheme(), QStringLiteral("dark"));
    QCOMPARE(scheme.size(), 1); // what the program applies at once

    // A new language: Restart Now appears beside the note, without moving what is below it.
    auto dialog = makeDialog();
    QCOMPARE(child<QComboBox>(dialog.get(), "colorSchemeCombo")->currentData().toString(),
             QStringLiteral("dark"));
    auto *restart = child<QPushButton>(dialog.get(), "restartButton");
    auto *language = child<QComboBox>(dialog.get(), "languageCombo");
    auto *buttons = child<QDialogButtonBox>(dialog.get(), "buttonBox");
    const int buttonsAt = buttons->mapTo(dialog.get(), QPoint()).y();
    language->setCurrentIndex(language->findData(QStringLiteral("zh_CN")));
    QVERIFY(restart->isVisible());
    QVERIFY(child<QLabel>(dialog.get(), "languageNoteLabel")->isVisible());
    QCOMPARE(buttons->mapTo(dialog.get(), QPoint()).y(), buttonsAt);
    language->setCurrentIndex(language->findData(m_settings->language()));
    QVERIFY(restart->isHidden());
    language->setCurrentIndex(language->findData(QStringLiteral("zh_CN")));
    QSignalSpy accepted(dialog.get(), &QDialog::accepted);
    restart->click(); // saves everything, then asks for the restart
    QTRY_COMPARE(accepted.size(), 1);
    QVERIFY(dialog->restartRequested());
    QCOMPARE(m_settings->language(), QStringLiteral("zh_CN"));
}

QTEST_MAIN(tst_SettingsDialog)
#include "tst_settingsdialog.moc"
