#pragma once

#include "domain/region.h"

#include <QHash>
#include <QObject>
#include <QString>

class SecretJob;

// Where the API key lives: the operating system's keychain through QtKeychain (service name: the
// application id), or memory (tests, and machines without a keychain: "for this session only").
// The environment variable DASHSCOPE_API_KEY, when set, wins over both. Keys are per region,
// because a key of one region is rejected by another. Never QSettings, never a file, never a log.
class SecretStore final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SecretStore)

public:
    enum class Backend { Keychain, Memory };
    enum class Source {
        None, // no key
        Environment, // DASHSCOPE_API_KEY
        Keychain, // the operating system's keychain
        Session, // memory only: gone when the program exits
    };

    explicit SecretStore(Backend backend = Backend::Keychain, QObject *parent = nullptr);
    ~SecretStore() override;

    Backend backend() const { return m_backend; }
    // False for the memory backend, and once the keychain turned out to be unreachable (no Secret
    // Service): keys are then kept in memory for this session only.
    bool isKeychainAvailable() const;

    static QString environmentKey(); // DASHSCOPE_API_KEY, trimmed; empty when unset
    static QString defaultServiceName(); // the application id (STUDIO_APP_ID)
    // The keychain service entries are filed under; tests use their own so that they never touch
    // the person's key.
    QString serviceName() const { return m_serviceName; }
    void setServiceName(const QString &name) { m_serviceName = name; }
    static QString accountName(Region region); // "api-key/singapore"
    static QString sourceDescription(Source source); // "from the environment", … translated

    // Each starts an asynchronous job that emits SecretJob::finished exactly once (never before
    // the caller got the pointer back) and then deletes itself.
    SecretJob *read(Region region);
    SecretJob *write(Region region, const QString &key);
    SecretJob *remove(Region region);

signals:
    void keychainAvailableChanged(bool available);
    void keyChanged(Region region); // after a successful write or remove

private:
    friend class SecretJob;
    void startKeychainJob(SecretJob *job);
    void finishFromMemory(SecretJob *job);
    void markKeychainUnavailable();

    Backend m_backend;
    QString m_serviceName = defaultServiceName();
    bool m_keychainAvailable;
    QHash<Region, QString> m_memory;
};

// One read, write or remove. Its result is valid in the finished handler.
class SecretJob final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SecretJob)

public:
    enum class Operation { Read, Write, Remove };

    Operation operation() const { return m_operation; }
    Region region() const { return m_region; }
    QString key() const { return m_key; } // Read: the key found, empty when none
    // Read: where the key came from. Write: where it was stored (Keychain or Session).
    SecretStore::Source source() const { return m_source; }
    bool isError() const { return !m_errorString.isEmpty(); }
    QString errorString() const { return m_errorString; } // a sentence for a person

signals:
    void finished(SecretJob *job);

private:
    friend class SecretStore;
    SecretJob(Operation operation, Region region, const QString &key, QObject *parent);
    void finish(SecretStore::Source source, const QString &key, const QString &error = {});
    void finishLater(SecretStore::Source source, const QString &key, const QString &error = {});

    Operation m_operation;
    Region m_region;
    QString m_key;
    SecretStore::Source m_source = SecretStore::Source::None;
    QString m_errorString;
    bool m_finished = false;
};
