#include "platform/settings.h"

#include "domain/requestcodec.h"

#include <QDir>
#include <QRegularExpression>
#include <QStandardPaths>
#include <algorithm>

namespace {

// Keys in one place, so a typo cannot create a second setting.
const QString RegionKey = QStringLiteral("connection/region");
const QString BaseUrlKey = QStringLiteral("connection/baseUrl");
const QString OutputDirectoryKey = QStringLiteral("output/directory");
const QString DefaultModelKey = QStringLiteral("generation/defaultModel");
const QString MaxConcurrentKey = QStringLiteral("generation/maxConcurrentTasks");
const QString NotificationsKey = QStringLiteral("ui/notifications");
const QString GalleryCellSizeKey = QStringLiteral("ui/galleryCellSize");
const QString GalleryGroupingKey = QStringLiteral("ui/galleryGrouping");
const QString HideDemoResultsKey = QStringLiteral("ui/hideDemoResults");
const QString TasksPanelShownKey = QStringLiteral("ui/tasksPanelShown");
const QString LanguageKey = QStringLiteral("ui/language");
const QString ColorSchemeKey = QStringLiteral("ui/colorScheme");
const QString PromptHistoryKey = QStringLiteral("prompt/history");
const QString PromptStylesKey = QStringLiteral("prompt/styles");
const QString GeometryKey = QStringLiteral("window/geometry");
const QString StateKey = QStringLiteral("window/state");
const QString SplitterGroup = QStringLiteral("window/splitters/");

// The prompt form as it was left: one RequestCodec text ("form/" holds an earlier version's
// separate keys, read once if FormKey is absent).
const QString FormKey = QStringLiteral("generation/lastRequest");
const QString LegacyFormGroup = QStringLiteral("form");

} // namespace

Settings::Settings(QObject *parent)
    : QObject(parent)
      // ~/.config/dashscope-studio.conf: named explicitly, since the program has no organization
      // name.
      ,
      m_settings(QSettings::NativeFormat, QSettings::UserScope, QStringLiteral("dashscope-studio"))
{ }

Settings::Settings(const QString &iniFile, QObject *parent)
    : QObject(parent), m_settings(iniFile, QSettings::IniFormat)
{ }

Settings::~Settings()
{
    m_settings.sync();
}

Region Settings::region() const
{
    return regionFromId(m_settings.value(RegionKey).toString()).value_or(Region::Singapore);
}

void Settings::setRegion(Region region)
{
    if (region == this->region() && m_settings.contains(RegionKey))
        return;
    m_settings.setValue(RegionKey, regionId(region));
    emit endpointChanged(endpoint());
}

QUrl Settings::customBaseUrl() const
{
    const QUrl url(m_settings.value(BaseUrlKey).toString());
    // A stored value that is no longer acceptable falls back to the region's own URL.
    if (url.isEmpty() || !baseUrlProblem(url).isEmpty())
        return {};
    return url;
}

void Settings::setCustomBaseUrl(const QUrl &url)
{
    const QUrl normalized = url == regionBaseUrl(region()) ? QUrl() : url;
    if (normalized == customBaseUrl())
        return;
    if (normalized.isEmpty())
        m_settings.remove(BaseUrlKey);
    else
        m_settings.setValue(BaseUrlKey, normalized.toString());
    emit endpointChanged(endpoint());
}

Endpoint Settings::endpoint() const
{
    Endpoint endpoint;
    endpoint.region = region();
    const QUrl custom = customBaseUrl();
    endpoint.baseUrl = custom.isEmpty() ? regionBaseUrl(endpoint.region) : custom;
    return endpoint;
}

QString Settings::outputDirectory() const
{
    const QString directory = m_settings.value(OutputDirectoryKey).toString();
    return directory.isEmpty() ? defaultOutputDirectory() : directory;
}

void Settings::setOutputDirectory(const QString &directory)
{
    const QString cleaned = directory.isEmpty() ? QString() : QDir::cleanPath(directory);
    if (cleaned == m_settings.value(OutputDirectoryKey).toString())
        return;
    if (cleaned.isEmpty() || cleaned == defaultOutputDirectory())
        m_settings.remove(OutputDirectoryKey);
    else
        m_settings.setValue(OutputDirectoryKey, cleaned);
    emit outputDirectoryChanged(outputDirectory());
}

QString Settings::defaultOutputDirectory()
{
    QString pictures = QStandardPaths::writableLocation(QStandardPaths::PicturesLocation);
    if (pictures.isEmpty())
        pictures = QDir::homePath();
    return QDir(pictures).filePath(QStringLiteral("DashScope Studio"));
}

QString Settings::defaultModel() const
{
    return m_settings.value(DefaultModelKey).toString();
}

void Settings::setDefaultModel(const QString &model)
{
    if (model == defaultModel())
        return;
    if (model.isEmpty())
        m_settings.remove(DefaultModelKey);
    else
        m_settings.setValue(DefaultModelKey, model);
    emit defaultModelChanged(model);
}

int Settings::maxConcurrentTasks() const
{
    bool ok = false;
    const int count = m_settings.value(MaxConcurrentKey).toInt(&ok);
    if (!ok)
        return DefaultConcurrentTasks;
    return std::clamp(count, MinConcurrentTasks, MaxConcurrentTasks);
}

void Settings::setMaxConcurrentTasks(int count)
{
    count = std::clamp(count, MinConcurrentTasks, MaxConcurrentTasks);
    if (count == maxConcurrentTasks() && m_settings.contains(MaxConcurrentKey))
        return;
    m_settings.setValue(MaxConcurrentKey, count);
    emit maxConcurrentTasksChanged(count);
}

bool Settings::notificationsEnabled() const
{
    return m_settings.value(NotificationsKey, true).toBool();
}

void Settings::setNotificationsEnabled(bool enabled)
{
    if (enabled == notificationsEnabled() && m_settings.contains(NotificationsKey))
        return;
    m_settings.setValue(NotificationsKey, enabled);
    emit notificationsEnabledChanged(enabled);
}

QString Settings::colorScheme() const
{
    const QString scheme = m_settings.value(ColorSchemeKey).toString();
    return scheme == u"light" || scheme == u"dark" ? scheme : QString();
}

void Settings::setColorScheme(const QString &scheme)
{
    const QString known = scheme == u"light" || scheme == u"dark" ? scheme : QString();
    if (known == colorScheme())
        return;
    if (known.isEmpty())
        m_settings.remove(ColorSchemeKey);
    else
        m_settings.setValue(ColorSchemeKey, known);
    emit colorSchemeChanged(known);
}

QStringList Settings::promptHistory() const
{
    return m_settings.value(PromptHistoryKey).toStringList();
}

void Settings::addToPromptHistory(const QString &prompt)
{
    // A key pasted into the prompt by mistake must not end up in a file.
    static const QRegularExpression key(QStringLiteral("\\bsk-[A-Za-z0-9]{16,}"));
    const QString text = prompt.trimmed();
    if (text.isEmpty() || text.contains(key))
        return;
    QStringList history = promptHistory();
    if (!history.isEmpty() && history.constLast() == text)
        return;
    history << text;
    if (history.size() > MaxPromptHistory)
        history = history.mid(history.size() - MaxPromptHistory);
    m_settings.setValue(PromptHistoryKey, history);
}

QStringList Settings::promptStyles() const
{
    return m_settings.value(PromptStylesKey).toStringList();
}

void Settings::setPromptStyles(const QStringList &styles)
{
    if (styles.isEmpty())
        m_settings.remove(PromptStylesKey);
    else
        m_settings.setValue(PromptStylesKey, styles);
}

QString Settings::language() const
{
    return m_settings.value(LanguageKey).toString();
}

void Settings::setLanguage(const QString &language)
{
    if (language == this->language())
        return;
    if (language.isEmpty())
        m_settings.remove(LanguageKey);
    else
        m_settings.setValue(LanguageKey, language);
    emit languageChanged(language);
}

GenerationRequest Settings::lastRequest() const
{
    if (m_settings.contains(FormKey))
        return RequestCodec::fromText(m_settings.value(FormKey).toByteArray());
    return legacyLastRequest();
}

void Settings::setLastRequest(const GenerationRequest &request)
{
    m_settings.setValue(FormKey, QString::fromUtf8(RequestCodec::toText(request)));
    // One form, one value: the keys of earlier versions would only go stale.
    m_settings.remove(LegacyFormGroup);
}

GenerationRequest Settings::legacyLastRequest() const
{
    // Before RequestCodec, one key per field under "form/" (read once, until the form is saved).
    const auto formKey = [](const char *name) { return LegacyFormGroup + QLatin1String(name); };
    GenerationRequest request;
    request.model = m_settings.value(formKey("/model")).toString();
    request.prompt = m_settings.value(formKey("/prompt")).toString();
    request.negativePrompt = m_settings.value(formKey("/negativePrompt")).toString();
    if (const auto size
        = GenerationRequest::parseSize(m_settings.value(formKey("/size")).toString()))
        request.size = *size;
    request.count = std::clamp(m_settings.value(formKey("/count"), 1).toInt(), 1, 4);
    bool ok = false;
    const qint64 seed = m_settings.value(formKey("/seed")).toLongLong(&ok);
    if (ok && seed >= 0 && seed <= MaxSeed)
        request.seed = seed;
    request.promptExtend = m_settings.value(formKey("/promptExtend"), true).toBool();
    request.watermark = m_settings.value(formKey("/watermark"), false).toBool();
    return request;
}

QByteArray Settings::windowGeometry() const
{
    return m_settings.value(GeometryKey).toByteArray();
}

void Settings::setWindowGeometry(const QByteArray &geometry)
{
    m_settings.setValue(GeometryKey, geometry);
}

QByteArray Settings::windowState() const
{
    return m_settings.value(StateKey).toByteArray();
}

void Settings::setWindowState(const QByteArray &state)
{
    m_settings.setValue(StateKey, state);
}

QByteArray Settings::splitterState(const QString &name) const
{
    return m_settings.value(SplitterGroup + name).toByteArray();
}

void Settings::setSplitterState(const QString &name, const QByteArray &state)
{
    m_settings.setValue(SplitterGroup + name, state);
}

int Settings::galleryCellSize() const
{
    return m_settings.value(GalleryCellSizeKey, 0).toInt();
}

void Settings::setGalleryCellSize(int size)
{
    m_settings.setValue(GalleryCellSizeKey, size);
}

QString Settings::galleryGrouping() const
{
    const QString grouping = m_settings.value(GalleryGroupingKey).toString();
    return grouping == QLatin1String("day") || grouping == QLatin1String("task")
            ? grouping
            : QStringLiteral("none");
}

void Settings::setGalleryGrouping(const QString &grouping)
{
    m_settings.setValue(GalleryGroupingKey, grouping);
}

bool Settings::hideDemoResults() const
{
    return m_settings.value(HideDemoResultsKey, false).toBool();
}

void Settings::setHideDemoResults(bool hide)
{
    if (hide == hideDemoResults() && m_settings.contains(HideDemoResultsKey))
        return; // saved with every query of the gallery: written only when it changes
    m_settings.setValue(HideDemoResultsKey, hide);
}

bool Settings::tasksPanelShown() const
{
    return m_settings.value(TasksPanelShownKey, true).toBool();
}

void Settings::setTasksPanelShown(bool shown)
{
    m_settings.setValue(TasksPanelShownKey, shown);
}

namespace {

QString budgetKey(const QString &currency)
{
    return QStringLiteral("budget/monthly/") + currency.toUpper();
}

QString raiseKey(const QString &currency, QDate month)
{
    return QStringLiteral("budget/raise/%1/%2")
            .arg(currency.toUpper(), month.toString(QStringLiteral("yyyy-MM")));
}

} // namespace

std::optional<double> Settings::monthlyBudget(const QString &currency) const
{
    bool ok = false;
    const double amount = m_settings.value(budgetKey(currency)).toDouble(&ok);
    if (!ok || amount < 0)
        return std::nullopt;
    return amount;
}

void Settings::setMonthlyBudget(const QString &currency, std::optional<double> amount)
{
    if (amount && *amount >= 0)
        m_settings.setValue(budgetKey(currency), *amount);
    else
        m_settings.remove(budgetKey(currency));
    emit budgetChanged();
}

double Settings::budgetRaise(const QString &currency, QDate month) const
{
    return std::max(0.0, m_settings.value(raiseKey(currency, month)).toDouble());
}

void Settings::setBudgetRaise(const QString &currency, QDate month, double extra)
{
    m_settings.setValue(raiseKey(currency, month), std::max(0.0, extra));
    emit budgetChanged();
}

QMap<QString, double> Settings::budgetsFor(QDate month) const
{
    QMap<QString, double> budgets;
    const QStringList keys = m_settings.allKeys();
    for (const QString &key : keys) {
        if (!key.startsWith(QLatin1String("budget/monthly/")))
            continue;
        const QString currency = key.section(QLatin1Char('/'), 2);
        if (const auto amount = monthlyBudget(currency))
            budgets.insert(currency, *amount + budgetRaise(currency, month));
    }
    return budgets;
}

QString Settings::pricesOverridePath()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation))
            .filePath(QStringLiteral("prices.json"));
}

QString Settings::fileName() const
{
    return m_settings.fileName();
}

void Settings::sync()
{
    m_settings.sync();
}
