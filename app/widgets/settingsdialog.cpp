#include "widgets/settingsdialog.h"

#include "engine/taskservice.h"
#include "platform/settings.h"
#include "platform/translations.h"
#include "ui_settingsdialog.h"
#include "widgets/uistyle.h"

#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QPushButton>

SettingsDialog::SettingsDialog(Settings *settings, SecretStore *secrets, TaskService *service,
                               const ModelCatalog &catalog, QWidget *parent)
    : QDialog(parent), m_ui(std::make_unique<Ui::SettingsDialog>()), m_settings(settings),
      m_secrets(secrets), m_service(service), m_catalog(catalog)
{
    m_ui->setupUi(this);
    for (Region region : allRegions())
        m_ui->regionCombo->addItem(regionDisplayName(region), int(region));
    m_ui->concurrentSpin->setRange(Settings::MinConcurrentTasks, Settings::MaxConcurrentTasks);
    // Each language in its own name, so a person can find theirs whatever is shown now.
    for (const QString &language : Translations::availableLanguages())
        m_ui->languageCombo->addItem(language.isEmpty() ? tr("System default")
                                                        : Translations::nativeName(language),
                                     language);
    m_ui->colorSchemeCombo->addItem(tr("System"), QString());
    m_ui->colorSchemeCombo->addItem(tr("Light"), QStringLiteral("light"));
    m_ui->colorSchemeCombo->addItem(tr("Dark"), QStringLiteral("dark"));
    // The note and Restart Now take their room whether shown or not: nothing below them jumps
    // when the language is changed.
    for (QWidget *note : { static_cast<QWidget *>(m_ui->languageNoteLabel),
                           static_cast<QWidget *>(m_ui->restartButton) }) {
        QSizePolicy policy = note->sizePolicy();
        policy.setRetainSizeWhenHidden(true);
        note->setSizePolicy(policy);
        note->hide();
    }
    UiStyle::setTone(m_ui->languageNoteLabel, UiStyle::Tone::Muted);
    connect(m_ui->languageCombo, &QComboBox::currentIndexChanged, this, [this] {
        const bool changed
                = m_ui->languageCombo->currentData().toString() != m_settings->language();
        m_ui->languageNoteLabel->setVisible(changed);
        m_ui->restartButton->setVisible(changed);
    });
    connect(m_ui->restartButton, &QPushButton::clicked, this, [this] {
        m_restartRequested = true;
        accept();
    });
    m_ui->baseUrlProblemLabel->hide();
    m_ui->testResultLabel->hide();
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setAccessibleName(tr("Save settings"));
    m_ui->buttonBox->button(QDialogButtonBox::Cancel)->setAccessibleName(tr("Cancel"));

    // One label column for both groups, so that their fields line up (in every language).
    int labelWidth = 0;
    const QList<QFormLayout *> forms
            = { m_ui->connectionLayout, m_ui->generationLayout, m_ui->appearanceLayout };
    for (QFormLayout *form : forms) {
        for (int row = 0; row < form->rowCount(); ++row) {
            if (const QLayoutItem *label = form->itemAt(row, QFormLayout::LabelRole))
                labelWidth = std::max(labelWidth, label->sizeHint().width());
        }
    }
    for (QFormLayout *form : forms) {
        for (int row = 0; row < form->rowCount(); ++row) {
            if (QLayoutItem *label = form->itemAt(row, QFormLayout::LabelRole);
                label && label->widget())
                label->widget()->setMinimumWidth(labelWidth);
        }
    }

    connect(m_ui->regionCombo, &QComboBox::currentIndexChanged, this,
            &SettingsDialog::handleRegionChanged);
    connect(m_ui->customUrlCheck, &QCheckBox::toggled, this,
            &SettingsDialog::handleCustomUrlToggled);
    connect(m_ui->baseUrlEdit, &QLineEdit::textChanged, this, &SettingsDialog::validateBaseUrl);
    connect(m_ui->showKeyButton, &QToolButton::toggled, this, [this](bool show) {
        m_ui->keyEdit->setEchoMode(show ? QLineEdit::Normal : QLineEdit::Password);
        m_ui->showKeyButton->setText(show ? tr("Hide") : tr("Show"));
    });
    connect(m_ui->keyEdit, &QLineEdit::textEdited, this, [this] {
        m_ui->testResultLabel->hide();
        updateKeySourceLabel();
    });
    connect(m_ui->testKeyButton, &QPushButton::clicked, this, &SettingsDialog::testKey);
    connect(m_service, &TaskService::keyTested, this, &SettingsDialog::handleKeyTested);
    connect(m_ui->browseButton, &QPushButton::clicked, this, &SettingsDialog::browseOutput);
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    connect(m_secrets, &SecretStore::keychainAvailableChanged, this,
            &SettingsDialog::updateKeySourceLabel);

    load();
    resize(std::max(width(), 580), sizeHint().height());
}

SettingsDialog::~SettingsDialog() = default;

bool SettingsDialog::event(QEvent *event)
{
    const bool handled = QDialog::event(event);
    // A URL's problem or a key test's answer appears: show all of it (the layout is activated by
    // the base class first, so its new height is known).
    if (event->type() == QEvent::LayoutRequest)
        UiStyle::growToFitContents(this);
    return handled;
}

void SettingsDialog::focusKey()
{
    m_ui->keyEdit->setFocus(Qt::OtherFocusReason);
}

Region SettingsDialog::currentRegion() const
{
    return Region(m_ui->regionCombo->currentData().toInt());
}

void SettingsDialog::load()
{
    const Endpoint endpoint = m_settings->endpoint();
    m_shownRegion = endpoint.region;
    {
        const QSignalBlocker blocker(m_ui->regionCombo);
        m_ui->regionCombo->setCurrentIndex(m_ui->regionCombo->findData(int(endpoint.region)));
    }
    const QUrl custom = m_settings->customBaseUrl();
    m_ui->customUrlCheck->setChecked(!custom.isEmpty());
    m_ui->baseUrlEdit->setText(custom.isEmpty() ? QString() : custom.toString());
    handleCustomUrlToggled(!custom.isEmpty());
    m_ui->outputEdit->setText(QDir::toNativeSeparators(m_settings->outputDirectory()));
    m_ui->concurrentSpin->setValue(m_settings->maxConcurrentTasks());
    m_ui->notificationsCheck->setChecked(m_settings->notificationsEnabled());
    m_ui->colorSchemeCombo->setCurrentIndex(
            std::max(0, m_ui->colorSchemeCombo->findData(m_settings->colorScheme())));
    m_ui->languageCombo->setCurrentIndex(
            std::max(0, m_ui->languageCombo->findData(m_settings->language())));
    populateModels(endpoint.region);
    showKey(endpoint.region);
}

void SettingsDialog::populateModels(Region region)
{
    const QString wanted = m_ui->defaultModelCombo->count() > 0
            ? m_ui->defaultModelCombo->currentData().toString()
            : m_settings->defaultModel();
    m_ui->defaultModelCombo->clear();
    for (const ModelInfo &model : m_catalog.modelsFor(region))
        m_ui->defaultModelCombo->addItem(
                model.displayName.isEmpty() ? model.name : model.displayName, model.name);
    int index = m_ui->defaultModelCombo->findData(wanted);
    if (index < 0)
        index = m_ui->defaultModelCombo->findData(m_catalog.equivalentIn(wanted, region));
    if (index < 0)
        index = m_ui->defaultModelCombo->findData(m_catalog.defaultModelFor(region));
    m_ui->defaultModelCombo->setCurrentIndex(std::max(0, index));
}

void SettingsDialog::handleRegionChanged()
{
    rememberEditedKey();
    m_ui->testResultLabel->hide();
    const Region region = currentRegion();
    populateModels(region);
    m_ui->baseUrlEdit->setPlaceholderText(regionBaseUrl(region).toString());
    validateBaseUrl();
    showKey(region);
}

void SettingsDialog::handleCustomUrlToggled(bool on)
{
    m_ui->baseUrlEdit->setEnabled(on);
    m_ui->baseUrlEdit->setPlaceholderText(regionBaseUrl(currentRegion()).toString());
    if (on && m_ui->baseUrlEdit->text().isEmpty())
        m_ui->baseUrlEdit->setFocus();
    validateBaseUrl();
}

Endpoint SettingsDialog::currentEndpoint(QString *problem) const
{
    Endpoint endpoint;
    endpoint.region = currentRegion();
    endpoint.baseUrl = regionBaseUrl(endpoint.region);
    if (m_ui->customUrlCheck->isChecked() && !m_ui->baseUrlEdit->text().trimmed().isEmpty()) {
        QString why;
        const QUrl url = parseBaseUrl(m_ui->baseUrlEdit->text().trimmed(), &why);
        if (url.isValid() && why.isEmpty())
            endpoint.baseUrl = url;
        if (problem)
            *problem = why;
    }
    return endpoint;
}

void SettingsDialog::validateBaseUrl()
{
    QString problem;
    currentEndpoint(&problem);
    m_ui->baseUrlProblemLabel->setText(problem);
    m_ui->baseUrlProblemLabel->setVisible(!problem.isEmpty());
    UiStyle::setTone(m_ui->baseUrlProblemLabel, UiStyle::Tone::Error);
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty());
}

void SettingsDialog::rememberEditedKey()
{
    if (!m_ui->keyEdit->isEnabled())
        return; // the environment's key, or still loading
    m_editedKeys.insert(m_shownRegion, m_ui->keyEdit->text().trimmed());
}

void SettingsDialog::showKey(Region region)
{
    m_shownRegion = region;
    if (!SecretStore::environmentKey().isEmpty()) {
        // The environment wins; editing a stored key would have no effect, so say so.
        m_ui->keyEdit->setText(SecretStore::environmentKey());
        m_ui->keyEdit->setEnabled(false);
        m_sources.insert(region, SecretStore::Source::Environment);
        updateKeySourceLabel();
        return;
    }
    if (m_editedKeys.contains(region)) {
        m_ui->keyEdit->setEnabled(true);
        m_ui->keyEdit->setText(m_editedKeys.value(region));
        updateKeySourceLabel();
        return;
    }
    if (m_storedKeys.contains(region)) {
        m_ui->keyEdit->setEnabled(true);
        m_ui->keyEdit->setText(m_storedKeys.value(region));
        updateKeySourceLabel();
        return;
    }
    loadKey(region);
}

void SettingsDialog::loadKey(Region region)
{
    if (m_loading.value(region))
        return;
    m_loading.insert(region, true);
    m_ui->keyEdit->clear();
    m_ui->keyEdit->setEnabled(false);
    m_ui->keySourceLabel->setText(tr("Reading the key from the keychain…"));
    SecretJob *job = m_secrets->read(region);
    connect(job, &SecretJob::finished, this, [this, region](SecretJob *done) {
        m_loading.insert(region, false);
        m_storedKeys.insert(region, done->key());
        m_sources.insert(region, done->source());
        if (region == m_shownRegion) {
            m_ui->keyEdit->setEnabled(done->source() != SecretStore::Source::Environment);
            m_ui->keyEdit->setText(done->key());
            updateKeySourceLabel();
            if (done->isError()) {
                m_ui->keySourceLabel->setText(done->errorString());
                UiStyle::setTone(m_ui->keySourceLabel, UiStyle::Tone::Error);
            }
        }
    });
}

void SettingsDialog::updateKeySourceLabel()
{
    const Region region = m_shownRegion;
    const QString typed = m_ui->keyEdit->text().trimmed();
    const SecretStore::Source source = m_sources.value(region, SecretStore::Source::None);
    QString text;
    UiStyle::Tone tone = UiStyle::Tone::Muted;
    if (source == SecretStore::Source::Environment) {
        text = tr("From the environment (DASHSCOPE_API_KEY): it is used instead of a stored key.");
    } else if (!m_secrets->isKeychainAvailable()
               && m_secrets->backend() == SecretStore::Backend::Keychain) {
        text = tr(
                "No keychain is available on this system: the key is kept for this session only.");
        tone = UiStyle::Tone::Warning;
    } else if (!m_secrets->isKeychainAvailable()) {
        text = tr("The key is kept for this session only.");
    } else if (typed.isEmpty()) {
        text = tr("No key for %1. Without one, the program runs in demo mode against its built-in "
                  "simulator.")
                       .arg(regionDisplayName(region));
    } else if (typed != m_storedKeys.value(region)) {
        text = tr("Will be stored in the system keychain when you press OK.");
    } else {
        text = tr("Stored in the system keychain.");
    }
    m_ui->keySourceLabel->setText(text);
    UiStyle::setTone(m_ui->keySourceLabel, tone);
}

void SettingsDialog::testKey()
{
    const QString key = m_ui->keyEdit->text().trimmed();
    if (key.isEmpty()) {
        m_ui->testResultLabel->setText(tr("Type or paste a key first."));
        UiStyle::setTone(m_ui->testResultLabel, UiStyle::Tone::Warning);
        m_ui->testResultLabel->show();
        m_ui->keyEdit->setFocus();
        return;
    }
    m_testing = true;
    m_probeRegions.clear();
    m_testedRegion = currentRegion();
    m_probing = m_testedRegion; // not probing other regions
    m_testedKey = key;
    m_ui->testKeyButton->setEnabled(false);
    m_ui->testResultLabel->setText(
            tr("Testing the key against %1…").arg(regionDisplayName(m_testedRegion)));
    UiStyle::setTone(m_ui->testResultLabel, UiStyle::Tone::Muted);
    m_ui->testResultLabel->show();
    m_service->testKey(currentEndpoint(), key);
}

void SettingsDialog::finishKeyTest(const QString &text, int tone)
{
    m_testing = false;
    m_probing = m_testedRegion;
    m_probeRegions.clear();
    m_ui->testKeyButton->setEnabled(true);
    m_ui->testResultLabel->setText(text);
    UiStyle::setTone(m_ui->testResultLabel, UiStyle::Tone(tone));
    m_ui->testResultLabel->show();
}

void SettingsDialog::handleKeyTested(const ApiError &result)
{
    if (!m_testing)
        return;
    const QString region = regionDisplayName(m_testedRegion);
    if (!m_probeRegions.isEmpty() || m_probing != m_testedRegion) {
        // Trying the key in the other regions.
        if (result.kind == ApiError::Kind::None) {
            const Region home = m_probing;
            m_probing = m_testedRegion;
            finishKeyTest(
                    tr("✗ %1 does not accept this key: it is a key of %2. Choose %2 as the region.")
                            .arg(region, regionDisplayName(home)),
                    int(UiStyle::Tone::Error));
            return;
        }
        if (!m_probeRegions.isEmpty()) {
            m_probing = m_probeRegions.takeFirst();
            Endpoint other;
            other.region = m_probing;
            other.baseUrl = regionBaseUrl(m_probing);
            m_service->testKey(other, m_testedKey);
            return;
        }
        m_probing = m_testedRegion;
        finishKeyTest(
                tr("✗ The key is invalid: no region accepts it. Check that it was copied whole."),
                int(UiStyle::Tone::Error));
        return;
    }

    QString text;
    UiStyle::Tone tone = UiStyle::Tone::Error;
    switch (result.kind) {
    case ApiError::Kind::None:
        text = tr("✓ The key is valid in %1.").arg(region);
        tone = UiStyle::Tone::Success;
        break;
    case ApiError::Kind::RegionMismatchLikely:
    case ApiError::Kind::Authentication:
        if (!currentEndpoint().isCustom()) {
            // Keys belong to one region: find out whether another one accepts it.
            for (Region other : allRegions()) {
                if (other != m_testedRegion)
                    m_probeRegions << other;
            }
            m_probing = m_probeRegions.takeFirst();
            m_ui->testResultLabel->setText(
                    tr("%1 rejected the key; checking whether it belongs to another region…")
                            .arg(region));
            Endpoint endpoint;
            endpoint.region = m_probing;
            endpoint.baseUrl = regionBaseUrl(m_probing);
            m_service->testKey(endpoint, m_testedKey);
            return;
        }
        text = result.kind == ApiError::Kind::RegionMismatchLikely
                ? tr("✗ %1 does not accept this key. It is probably a key of another region: pick "
                     "the region "
                     "whose console issued it.")
                          .arg(region)
                : tr("✗ The key is invalid in %1. Check that it was copied whole, and that it "
                     "belongs to this "
                     "region.")
                          .arg(region);
        break;
    default:
        text = result.explanation();
        tone = result.isTransient() || result.kind == ApiError::Kind::Network
                ? UiStyle::Tone::Warning
                : UiStyle::Tone::Error;
        break;
    }
    if (!result.requestId.isEmpty())
        text += QLatin1Char(' ') + tr("(request %1)").arg(result.requestId);
    finishKeyTest(text, int(tone));
}

void SettingsDialog::browseOutput()
{
    const QString chosen = QFileDialog::getExistingDirectory(
            this, tr("Output folder"), QDir::fromNativeSeparators(m_ui->outputEdit->text()));
    if (!chosen.isEmpty())
        m_ui->outputEdit->setText(QDir::toNativeSeparators(chosen));
}

void SettingsDialog::accept()
{
    QString problem;
    const Endpoint endpoint = currentEndpoint(&problem);
    if (!problem.isEmpty()) {
        m_restartRequested = false; // stays open: a later OK must not restart
        validateBaseUrl();
        m_ui->baseUrlEdit->setFocus();
        return;
    }
    rememberEditedKey();

    m_settings->setRegion(endpoint.region);
    m_settings->setCustomBaseUrl(
            m_ui->customUrlCheck->isChecked() && endpoint.isCustom() ? endpoint.baseUrl : QUrl());
    m_settings->setOutputDirectory(QDir::fromNativeSeparators(m_ui->outputEdit->text().trimmed()));
    m_settings->setDefaultModel(m_ui->defaultModelCombo->currentData().toString());
    m_settings->setMaxConcurrentTasks(m_ui->concurrentSpin->value());
    m_settings->setNotificationsEnabled(m_ui->notificationsCheck->isChecked());
    m_settings->setLanguage(m_ui->languageCombo->currentData().toString());
    m_settings->setColorScheme(m_ui->colorSchemeCombo->currentData().toString());
    m_settings->sync();

    // Keys go to the keychain asynchronously; close once every write has answered.
    m_writeError.clear();
    for (auto it = m_editedKeys.cbegin(); it != m_editedKeys.cend(); ++it) {
        const Region region = it.key();
        const QString key = it.value();
        if (key == m_storedKeys.value(region))
            continue;
        ++m_pendingWrites;
        SecretJob *job = key.isEmpty() ? m_secrets->remove(region) : m_secrets->write(region, key);
        connect(job, &SecretJob::finished, this, [this, region, key](SecretJob *done) {
            --m_pendingWrites;
            if (done->isError()) {
                m_writeError = done->errorString();
            } else {
                m_storedKeys.insert(region, key);
                m_sources.insert(region, done->source());
            }
            if (m_pendingWrites == 0)
                applyAndClose();
        });
    }
    if (m_pendingWrites == 0) {
        applyAndClose();
    } else {
        m_ui->buttonBox->setEnabled(false);
        m_ui->keySourceLabel->setText(tr("Saving the key…"));
    }
}

void SettingsDialog::applyAndClose()
{
    m_ui->buttonBox->setEnabled(true);
    if (!m_writeError.isEmpty()) {
        m_restartRequested = false;
        m_ui->keySourceLabel->setText(m_writeError);
        UiStyle::setTone(m_ui->keySourceLabel, UiStyle::Tone::Error);
        return;
    }
    m_editedKeys.clear();
    emit keysChanged();
    QDialog::accept();
}
