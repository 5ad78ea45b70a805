#pragma once

#include "domain/apierror.h"
#include "domain/modelcatalog.h"
#include "domain/region.h"
#include "platform/secretstore.h"

#include <QDialog>
#include <QHash>
#include <memory>

namespace Ui {
class SettingsDialog;
}
class Settings;
class TaskService;

// Region and base URL, the API key (kept by the SecretStore, tested through the TaskService),
// output folder, default model, concurrency and notifications. Applies everything on OK.
class SettingsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingsDialog)

public:
    SettingsDialog(Settings *settings, SecretStore *secrets, TaskService *service,
                   const ModelCatalog &catalog, QWidget *parent = nullptr);
    ~SettingsDialog() override;

    void focusKey(); // "Add API Key…" opens the dialog here
    // "Restart Now" closed the dialog (the settings saved): the program should start again, in
    // the language chosen.
    bool restartRequested() const { return m_restartRequested; }

public slots:
    void accept() override;

protected:
    bool event(QEvent *event) override;

signals:
    // After OK: the keys that were stored or removed (for the window to pick up).
    void keysChanged();

private:
    void load();
    void loadKey(Region region);
    void showKey(Region region);
    void rememberEditedKey();
    void handleRegionChanged();
    void handleCustomUrlToggled(bool on);
    void validateBaseUrl();
    void testKey();
    void handleKeyTested(const ApiError &result);
    void finishKeyTest(const QString &text, int tone);
    void browseOutput();
    void populateModels(Region region);
    void updateKeySourceLabel();
    Region currentRegion() const;
    Endpoint currentEndpoint(QString *problem = nullptr) const;
    void applyAndClose();

    std::unique_ptr<Ui::SettingsDialog> m_ui;
    Settings *m_settings;
    SecretStore *m_secrets;
    TaskService *m_service;
    ModelCatalog m_catalog;
    Region m_shownRegion = Region::Singapore;
    QHash<Region, QString> m_storedKeys; // as read from the store
    QHash<Region, SecretStore::Source> m_sources;
    QHash<Region, QString> m_editedKeys; // what the person typed, per region
    QHash<Region, bool> m_loading;
    bool m_testing = false;
    // After a rejected key: the other regions still to try, to tell "wrong region" from "wrong
    // key".
    QList<Region> m_probeRegions;
    Region m_probing = Region::Singapore;
    Region m_testedRegion = Region::Singapore;
    QString m_testedKey;
    int m_pendingWrites = 0;
    bool m_restartRequested = false;
    QString m_writeError;
};
