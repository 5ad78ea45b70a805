#include "platform/secretstore.h"

#include "platform/logging.h"

#include <QCoreApplication>
#include <QTimer>
#include <qt6keychain/keychain.h>

namespace {

// Errors that mean "there is no usable keychain here", as opposed to "this entry is missing" or
// "the person said no". After one of these, keys are kept in memory for the session.
bool meansNoKeychain(QKeychain::Error error)
{
    return error == QKeychain::NoBackendAvailable || error == QKeychain::NotImplemented
            || error == QKeychain::OtherError;
}

} // namespace

SecretStore::SecretStore(Backend backend, QObject *parent)
    : QObject(parent), m_backend(backend), m_keychainAvailable(backend == Backend::Keychain)
{ }

SecretStore::~SecretStore() = default;

bool SecretStore::isKeychainAvailable() const
{
    return m_keychainAvailable;
}

QString SecretStore::environmentKey()
{
    return qEnvironmentVariable("DASHSCOPE_API_KEY").trimmed();
}

QString SecretStore::defaultServiceName()
{
    return QStringLiteral(STUDIO_APP_ID);
}

QString SecretStore::accountName(Region region)
{
    return QStringLiteral("api-key/") + regionId(region);
}

QString SecretStore::sourceDescription(Source source)
{
    switch (source) {
    case Source::None:
        return QCoreApplication::translate("SecretStore", "no key");
    case Source::Environment:
        return QCoreApplication::translate("SecretStore",
                                           "from the environment (DASHSCOPE_API_KEY)");
    case Source::Keychain:
        return QCoreApplication::translate("SecretStore", "stored in the system keychain");
    case Source::Session:
        return QCoreApplication::translate("SecretStore", "kept for this session only");
    }
    return {};
}

SecretJob *SecretStore::read(Region region)
{
    auto *job = new SecretJob(SecretJob::Operation::Read, region, {}, this);
    const QString fromEnvironment = environmentKey();
    if (!fromEnvironment.isEmpty())
        job->finishLater(Source::Environment, fromEnvironment);
    else if (m_keychainAvailable)
        startKeychainJob(job);
    else
        finishFromMemory(job);
    return job;
}

SecretJob *SecretStore::write(Region region, const QString &key)
{
    auto *job = new SecretJob(SecretJob::Operation::Write, region, key.trimmed(), this);
    if (job->m_key.isEmpty()) {
        job->finishLater(Source::None, {},
                         QCoreApplication::translate("SecretStore", "The API key is empty."));
    } else if (m_keychainAvailable) {
        startKeychainJob(job);
    } else {
        finishFromMemory(job);
    }
    return job;
}

SecretJob *SecretStore::remove(Region region)
{
    auto *job = new SecretJob(SecretJob::Operation::Remove, region, {}, this);
    if (m_keychainAvailable)
        startKeychainJob(job);
    else
        finishFromMemory(job);
    return job;
}

void SecretStore::finishFromMemory(SecretJob *job)
{
    const Region region = job->region();
    switch (job->operation()) {
    case SecretJob::Operation::Read: {
        const QString key = m_memory.value(region);
        job->finishLater(key.isEmpty() ? Source::None : Source::Session, key);
        break;
    }
    case SecretJob::Operation::Write:
        m_memory.insert(region, job->m_key);
        job->finishLater(Source::Session, job->m_key);
        emit keyChanged(region);
        break;
    case SecretJob::Operation::Remove:
        m_memory.remove(region);
        job->finishLater(Source::None, {});
        emit keyChanged(region);
        break;
    }
}

void SecretStore::markKeychainUnavailable()
{
    if (!m_keychainAvailable)
        return;
    m_keychainAvailable = false;
    emit keychainAvailableChanged(false);
}

void SecretStore::startKeychainJob(SecretJob *job)
{
    QKeychain::Job *keychainJob = nullptr;
    const QString service = m_serviceName;
    switch (job->operation()) {
    case SecretJob::Operation::Read:
        keychainJob = new QKeychain::ReadPasswordJob(service, this);
        break;
    case SecretJob::Operation::Write: {
        auto *write = new QKeychain::WritePasswordJob(service, this);
        write->setTextData(job->m_key);
        keychainJob = write;
        break;
    }
    case SecretJob::Operation::Remove:
        keychainJob = new QKeychain::DeletePasswordJob(service, this);
        break;
    }
    keychainJob->setKey(accountName(job->region()));
    keychainJob->setAutoDelete(true);
    keychainJob->setInsecureFallback(false); // never a plain-text file

    connect(keychainJob, &QKeychain::Job::finished, job, [this, job](QKeychain::Job *done) {
        const QKeychain::Error error = done->error();
        if (meansNoKeychain(error)) {
            // No Secret Service on this machine: fall back to memory and say so.
            qCInfo(lcApi) << "No keychain available, keeping the API key for this session only:"
                          << done->errorString();
            markKeychainUnavailable();
            finishFromMemory(job);
            return;
        }
        const Region region = job->region();
        switch (job->operation()) {
        case SecretJob::Operation::Read:
            if (error == QKeychain::NoError) {
                const QString key = static_cast<QKeychain::ReadPasswordJob *>(done)->textData();
                job->finish(key.isEmpty() ? Source::None : Source::Keychain, key);
            } else if (error == QKeychain::EntryNotFound) {
                job->finish(Source::None, {});
            } else {
                job->finish(Source::None, {},
                            tr("The keychain refused to give out the API key: %1")
                                    .arg(done->errorString()));
            }
            break;
        case SecretJob::Operation::Write:
            if (error == QKeychain::NoError) {
                m_memory.remove(region);
                job->finish(Source::Keychain, job->m_key);
                emit keyChanged(region);
            } else {
                job->finish(
                        Source::None, {},
                        tr("The keychain did not store the API key: %1").arg(done->errorString()));
            }
            break;
        case SecretJob::Operation::Remove:
            if (error == QKeychain::NoError || error == QKeychain::EntryNotFound) {
                m_memory.remove(region);
                job->finish(Source::None, {});
                emit keyChanged(region);
            } else {
                job->finish(
                        Source::None, {},
                        tr("The keychain did not delete the API key: %1").arg(done->errorString()));
            }
            break;
        }
    });
    keychainJob->start(); // QtKeychain starts on the next event loop turn
}

SecretJob::SecretJob(Operation operation, Region region, const QString &key, QObject *parent)
    : QObject(parent), m_operation(operation), m_region(region), m_key(key)
{ }

void SecretJob::finish(SecretStore::Source source, const QString &key, const QString &error)
{
    if (m_finished)
        return;
    m_finished = true;
    m_source = source;
    m_key = key;
    m_errorString = error;
    emit finished(this);
    deleteLater();
}

void SecretJob::finishLater(SecretStore::Source source, const QString &key, const QString &error)
{
    // Queued, so the caller can connect to finished() after read()/write()/remove() returned.
    QTimer::singleShot(0, this, [this, source, key, error] { finish(source, key, error); });
}
