#include "engine/resultwriter.h"

#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <cerrno>
#include <openssl/evp.h>

namespace {

// A short write (disk full, file size limit) leaves QFileDevice::errorString() at "Unknown
// error"; the errno of the failed call has the reason.
QString fileErrorText(const QFileDevice &file, int error)
{
    return error != 0 ? qt_error_string(error) : file.errorString();
}

} // namespace

struct ResultWriter::Hash
{
    Hash() : context(EVP_MD_CTX_new())
    {
        ok = context && EVP_DigestInit_ex(context, EVP_sha256(), nullptr) == 1;
    }
    ~Hash() { EVP_MD_CTX_free(context); }
    Hash(const Hash &) = delete;
    Hash &operator=(const Hash &) = delete;

    void add(const QByteArray &bytes)
    {
        ok = ok && EVP_DigestUpdate(context, bytes.constData(), size_t(bytes.size())) == 1;
    }
    QByteArray hex()
    {
        unsigned char digest[EVP_MAX_MD_SIZE];
        unsigned int length = 0;
        if (!ok || EVP_DigestFinal_ex(context, digest, &length) != 1)
            return {};
        return QByteArray(reinterpret_cast<const char *>(digest), int(length)).toHex();
    }

    EVP_MD_CTX *context;
    bool ok = false;
};

ResultWriter::ResultWriter(std::unique_ptr<QSaveFile> file, std::function<void()> wake)
    : m_file(std::move(file)), m_path(m_file->fileName()), m_wake(std::move(wake)),
      m_hash(std::make_unique<Hash>()), m_thread([this] { run(); })
{ }

ResultWriter::~ResultWriter()
{
    cancel();
}

bool ResultWriter::hasRoom()
{
    const std::lock_guard lock(m_mutex);
    if (m_state != State::Writing)
        return false; // the reader hears of it through `wake`
    m_readerWaiting = m_queued >= QueueLimit;
    return !m_readerWaiting;
}

void ResultWriter::write(const QByteArray &bytes)
{
    if (bytes.isEmpty())
        return;
    // Hashed here, on the reader's thread, while the writer's thread writes the chunks before
    // it: the two run side by side instead of one after the other (the hash alone is as slow as
    // the disk's page cache). Read only by commitFile(), after commit()'s lock.
    m_hash->add(bytes);
    {
        const std::lock_guard lock(m_mutex);
        m_queue.push_back(bytes); // shares the reader's array: no copy
        m_queued += bytes.size();
    }
    m_wakeWriter.notify_one();
}

void ResultWriter::commit()
{
    {
        const std::lock_guard lock(m_mutex);
        m_commit = true;
    }
    m_wakeWriter.notify_one();
}

void ResultWriter::cancel()
{
    {
        const std::lock_guard lock(m_mutex);
        m_cancel = true;
    }
    m_wakeWriter.notify_one();
    if (m_thread.joinable())
        m_thread.join();
    if (!m_file)
        return;
    if (m_state == State::Saved) {
        if (!m_kept)
            QFile::remove(m_path); // canceled after all: nothing saved
    } else {
        m_file->cancelWriting();
    }
    m_file.reset(); // an uncommitted QSaveFile removes its temporary file
}

void ResultWriter::keep()
{
    const std::lock_guard lock(m_mutex);
    m_kept = true;
}

ResultWriter::State ResultWriter::state() const
{
    const std::lock_guard lock(m_mutex);
    return m_state;
}

QString ResultWriter::errorText() const
{
    const std::lock_guard lock(m_mutex);
    return m_error;
}

qint64 ResultWriter::written() const
{
    const std::lock_guard lock(m_mutex);
    return m_written;
}

QByteArray ResultWriter::sha256() const
{
    const std::lock_guard lock(m_mutex);
    return m_sha256;
}

void ResultWriter::run()
{
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_wakeWriter.wait(lock, [this] { return m_cancel || m_commit || !m_queue.empty(); });
        if (m_cancel)
            return;
        if (m_queue.empty()) { // and m_commit
            lock.unlock();
            commitFile();
            if (m_wake)
                m_wake();
            return;
        }
        const QByteArray bytes = std::move(m_queue.front());
        m_queue.pop_front();
        lock.unlock();
        const bool ok = writeChunk(bytes);
        lock.lock();
        m_queued -= bytes.size();
        if (!ok) {
            lock.unlock();
            if (m_wake)
                m_wake();
            return;
        }
        // Half empty again: the reader may take the next chunks from the reply.
        if (m_readerWaiting && m_queued <= QueueLimit / 2) {
            m_readerWaiting = false;
            lock.unlock();
            if (m_wake)
                m_wake();
            lock.lock();
        }
    }
}

bool ResultWriter::writeChunk(const QByteArray &bytes)
{
    errno = 0;
    if (m_file->write(bytes) != bytes.size()) {
        const QString reason = fileErrorText(*m_file, errno);
        const std::lock_guard lock(m_mutex);
        m_state = State::WriteFailed;
        m_error = reason;
        return false;
    }
    const std::lock_guard lock(m_mutex);
    m_written += bytes.size();
    return true;
}

void ResultWriter::commitFile()
{
    if (QFileInfo::exists(m_path)) {
        // Someone else created this name while we downloaded.
        const std::lock_guard lock(m_mutex);
        m_state = State::NameTaken;
        return;
    }
    const QByteArray sha256 = m_hash->hex();
    errno = 0;
    const bool committed = m_file->commit(); // flushes and fsyncs: off the GUI thread
    const QString reason = committed ? QString() : fileErrorText(*m_file, errno);
    const std::lock_guard lock(m_mutex);
    m_state = committed ? State::Saved : State::CommitFailed;
    m_error = reason;
    m_sha256 = sha256;
}
