#pragma once

#include <QByteArray>
#include <QString>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

class QSaveFile;

// The disk half of one download attempt: writes the bytes into the attempt's QSaveFile on a
// thread of its own, so neither the disk nor the final fsync runs on the thread that reads the
// reply (DownloadWorker's); write() hashes them there as they are queued (OpenSSL's SHA-256, about
// 20× Qt 6.4's), so hashing and writing run side by side.
// The queue is bounded: the reader asks hasRoom() before it takes more from the reply, and leaves
// the rest in the reply's bounded read buffer, which stops Qt reading the socket: back-pressure
// down to TCP. `wake` is called on the writer's thread when room came back after hasRoom() said
// no, and when the writer is done (saved or failed); the reader then looks at state().
class ResultWriter final
{
public:
    static constexpr qint64 QueueLimit = 2 * 1024 * 1024;

    enum class State {
        Writing,
        Saved, // committed under the file's name
        WriteFailed, // a write failed (disk full, size limit): nothing stays behind
        NameTaken, // a file of that name appeared meanwhile: nothing saved, try another name
        CommitFailed, // the rename failed: nothing stays behind
    };

    // `file` is open for writing; the writer owns it from now on.
    ResultWriter(std::unique_ptr<QSaveFile> file, std::function<void()> wake);
    ~ResultWriter(); // cancel()s
    ResultWriter(const ResultWriter &) = delete;
    ResultWriter &operator=(const ResultWriter &) = delete;

    QString fileName() const { return m_path; } // the name it is saved under
    bool hasRoom(); // false: wait for `wake`
    void write(const QByteArray &bytes); // hashed, then queued; never blocks
    void commit(); // after the last write()
    // Stops, waits for the thread, and leaves nothing behind (a file already committed goes too,
    // unless keep() was called).
    void cancel();
    void keep(); // Saved: the file is the caller's now; cancel() and the destructor leave it

    State state() const;
    QString errorText() const; // WriteFailed, CommitFailed: why
    qint64 written() const; // bytes in the file
    QByteArray sha256() const; // hex; once Saved

private:
    void run();
    bool writeChunk(const QByteArray &bytes); // on the writer's thread
    void commitFile(); // on the writer's thread

    std::unique_ptr<QSaveFile> m_file;
    QString m_path;
    std::function<void()> m_wake;
    struct Hash;
    std::unique_ptr<Hash> m_hash;

    mutable std::mutex m_mutex;
    std::condition_variable m_wakeWriter;
    std::deque<QByteArray> m_queue;
    qint64 m_queued = 0;
    bool m_readerWaiting = false;
    bool m_commit = false;
    bool m_cancel = false;
    bool m_kept = false;
    State m_state = State::Writing;
    QString m_error;
    qint64 m_written = 0;
    QByteArray m_sha256;
    std::thread m_thread; // last: starts once the rest is built
};
