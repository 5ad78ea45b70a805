#pragma once

#include "domain/generationrequest.h"
#include "domain/region.h"

#include <QByteArray>
#include <QDate>
#include <QMap>
#include <QObject>
#include <QSettings>
#include <QString>
#include <QUrl>
#include <optional>

// The person's preferences, typed. Backed by QSettings (the platform's store, or an INI file for
// tests and portable use). The API key is never stored here: see SecretStore.
class Settings final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Settings)

public:
    // The platform's default store for this organization and application.
    explicit Settings(QObject *parent = nullptr);
    // An INI file, e.g. in a temporary directory for tests.
    explicit Settings(const QString &iniFile, QObject *parent = nullptr);
    ~Settings() override;

    static constexpr int MinConcurrentTasks = 1;
    static constexpr int MaxConcurrentTasks = 10;
    static constexpr int DefaultConcurrentTasks = 4;

    // Where new tasks go.
    Region region() const;
    void setRegion(Region region);
    QUrl customBaseUrl() const; // empty: the region's default base URL
    void setCustomBaseUrl(const QUrl &url);
    Endpoint endpoint() const; // region + (custom or default) base URL

    // <Pictures>/DashScope Studio unless chosen.
    QString outputDirectory() const;
    void setOutputDirectory(const QString &directory);
    static QString defaultOutputDirectory();

    QString defaultModel() const; // empty: the catalog's default for the region
    void setDefaultModel(const QString &model);

    int maxConcurrentTasks() const; // clamped to [MinConcurrentTasks, MaxConcurrentTasks]
    void setMaxConcurrentTasks(int count);

    bool notificationsEnabled() const; // default on
    void setNotificationsEnabled(bool enabled);

    // The interface language: empty follows the system locale, else "en" or "zh_CN" (see
    // Translations::availableLanguages()). Read once at start: a change applies after a restart.
    QString language() const;
    void setLanguage(const QString &language);

    // Light or dark colours: "" follows the system, else "light" or "dark" (the Fusion style
    // with a matching palette). Applied at once.
    QString colorScheme() const;
    void setColorScheme(const QString &scheme);

    // Prompts that were generated, oldest first: the last MaxPromptHistory, none twice in a
    // row. A prompt that holds something like an API key ("sk-…") is never kept.
    static constexpr int MaxPromptHistory = 100;
    QStringList promptHistory() const;
    void addToPromptHistory(const QString &prompt);
    // Saved prompt snippets ("Styles"), in the order they were saved.
    QStringList promptStyles() const;
    void setPromptStyles(const QStringList &styles);

    // The prompt form as it was left (prompt text included; the seed only when it was fixed),
    // stored as one RequestCodec value.
    GenerationRequest lastRequest() const;
    void setLastRequest(const GenerationRequest &request);

    // Window geometry, dock/toolbar state and splitter positions, opaque to this class.
    QByteArray windowGeometry() const;
    void setWindowGeometry(const QByteArray &geometry);
    QByteArray windowState() const;
    void setWindowState(const QByteArray &state);
    QByteArray splitterState(const QString &name) const;
    void setSplitterState(const QString &name, const QByteArray &state);
    // The gallery's thumbnail size in logical pixels; 0 when never chosen (the view's default).
    int galleryCellSize() const;
    void setGalleryCellSize(int size);
    // View > Group Gallery By: "none" (the default, also for anything unknown), "day" or "task".
    QString galleryGrouping() const;
    void setGalleryGrouping(const QString &grouping);
    // The gallery's "Hide demo results" filter.
    bool hideDemoResults() const;
    void setHideDemoResults(bool hide);
    // Whether the task panel is shown below the gallery (View > Show Tasks).
    bool tasksPanelShown() const;
    void setTasksPanelShown(bool shown);

    // The monthly budget per currency ("CNY", "USD"); nullopt: none. A raise applies to one
    // month only ("raise the budget for this month").
    std::optional<double> monthlyBudget(const QString &currency) const;
    void setMonthlyBudget(const QString &currency, std::optional<double> amount);
    double budgetRaise(const QString &currency, QDate month) const;
    void setBudgetRaise(const QString &currency, QDate month, double extra);
    // Every currency's budget for `month`, the raise included: what TaskService checks.
    QMap<QString, double> budgetsFor(QDate month = QDate::currentDate()) const;
    // The person's own prices (discounts), read over the built-in ones:
    // <AppConfigLocation>/prices.json, e.g. ~/.config/dashscope-studio/prices.json.
    static QString pricesOverridePath();

    QString fileName() const; // where the settings live, for "About" and bug reports
    void sync();

signals:
    void endpointChanged(const Endpoint &endpoint);
    void outputDirectoryChanged(const QString &directory);
    void defaultModelChanged(const QString &model);
    void maxConcurrentTasksChanged(int count);
    void notificationsEnabledChanged(bool enabled);
    void languageChanged(const QString &language);
    void colorSchemeChanged(const QString &scheme);
    void budgetChanged();

private:
    GenerationRequest legacyLastRequest() const; // the separate "form/…" keys of 0.1

    QSettings m_settings;
};
