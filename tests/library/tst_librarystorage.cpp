// The library when storage goes wrong: a damaged file, a file or folder that cannot be written,
// a full disk, a statement that cannot be prepared. Each failure comes back as a value with a
// sentence for a person, and nothing is written where it must not be.
#include "library/library.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QStorageInfo>
#include <QTemporaryDir>
#include <QTest>
#include <memory>
#include <unistd.h>

namespace {

const char DiskFullDirVariable[] = "STUDIO_TEST_DISK_FULL_DIR";

TaskRecord makeTask(const QString &prompt)
{
    TaskRecord task;
    task.request.model = QStringLiteral("wan2.2-t2i-flash");
    task.request.prompt = prompt;
    task.request.size = QSize(1024, 1024);
    task.request.count = 1;
    task.state = TaskState::Done;
    return task;
}

// Text that neither compresses nor repeats, so every task takes room of its own.
QString noise(int length, quint32 seed)
{
    QString text;
    text.reserve(length);
    quint32 x = seed * 2654435761u + 1;
    for (int i = 0; i < length; ++i) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        text.append(QChar(u'a' + x % 26));
        if (x % 7 == 0)
            text.append(QLatin1Char(' '));
    }
    return text;
}

QByteArray fileHash(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
}

// A library with `tasks` tasks of one saved image each, closed again (the WAL checkpointed).
bool makeLibrary(const QString &path, int tasks)
{
    Library library;
    if (!library.open(path))
        return false;
    const LibraryResult stored = library.runInTransaction([&] {
        for (int t = 0; t < tasks; ++t) {
            TaskRecord task = makeTask(noise(300, quint32(t)));
            if (!library.addTask(&task))
                return false;
            OutputRecord image;
            image.taskRowId = task.id;
            image.filePath = QStringLiteral("/pictures/%1.png").arg(t);
            if (!library.addOutput(&image))
                return false;
        }
        return true;
    });
    return bool(stored);
}

// Three pages in the middle overwritten, as a failing disk or a bad copy would.
bool damage(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadWrite))
        return false;
    const qint64 pages = file.size() / 4096;
    return pages > 20 && file.seek(pages / 2 * 4096)
            && file.write(QByteArray(3 * 4096, char(0xa5))) == 3 * 4096;
}

// The connection a Library opened (for a test to reach behind it): the only one named so.
QSqlDatabase libraryConnection()
{
    for (const QString &name : QSqlDatabase::connectionNames()) {
        if (name.startsWith(QLatin1String("studio-library-")))
            return QSqlDatabase::database(name, false);
    }
    return {};
}

} // namespace

class tst_LibraryStorage : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void damagedLibraryIsRefusedAndLeftAlone();
    void deferredCheckFindsDamageAfterOpening();
    void deferredCheckHoldsTheFirstWrite();
    void deferredCheckPassesASoundLibrary();
    void deferredCheckOnlyWhenOpenWritesNothing();
    void failedPrepareReportsItsCause();
    void readOnlyFileIsReadButNotWritten();
    void readOnlyFolderIsReadButNotWritten();
    void fullDatabaseFailsAsAValue();
    void fullDiskFailsAsAValue();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
};

void tst_LibraryStorage::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void tst_LibraryStorage::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_path = m_dir->filePath(QStringLiteral("library.sqlite3"));
}

void tst_LibraryStorage::cleanup()
{
    // Writable again, or the temporary folder could not be removed.
    const QFileDevice::Permissions all = QFileDevice::ReadOwner | QFileDevice::WriteOwner
            | QFileDevice::ExeOwner | QFileDevice::ReadUser | QFileDevice::WriteUser
            | QFileDevice::ExeUser;
    QFile::setPermissions(m_dir->path(), all);
    if (QFileInfo::exists(m_path))
        QFile::setPermissions(m_path, all & ~(QFileDevice::ExeOwner | QFileDevice::ExeUser));
    m_dir.reset();
}

void tst_LibraryStorage::damagedLibraryIsRefusedAndLeftAlone()
{
    QVERIFY(makeLibrary(m_path, 400));
    QVERIFY(!QFileInfo::exists(m_path + QStringLiteral("-wal")));
    // Three pages in the middle overwritten, as a failing disk or a bad copy would.
    {
        QFile file(m_path);
        QVERIFY(file.open(QIODevice::ReadWrite));
        const qint64 pages = file.size() / 4096;
        QVERIFY2(pages > 20, qPrintable(QString::number(pages)));
        QVERIFY(file.seek(pages / 2 * 4096));
        QCOMPARE(file.write(QByteArray(3 * 4096, char(0xa5))), 3 * 4096);
    }
    const QByteArray before = fileHash(m_path);

    Library library;
    QString error;
    error = library.open(m_path).message();
    QVERIFY(!error.isEmpty());
    QVERIFY(!library.isOpen());
    // Says which file, that it is damaged, and what to do.
    QVERIFY2(error.contains(QDir::toNativeSeparators(m_path)), qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("damaged")), qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("backup")), qPrintable(error));
    QCOMPARE(library.lastError(), error);
    // Nothing was written to it: no migration, no journal mode, no checkpoint.
    QCOMPARE(fileHash(m_path), before);

    // A good library still opens after the refusal.
    const QString good = m_dir->filePath(QStringLiteral("good.sqlite3"));
    error = library.open(good).message();
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

void tst_LibraryStorage::deferredCheckFindsDamageAfterOpening()
{
    QVERIFY(makeLibrary(m_path, 400));
    QVERIFY(damage(m_path));
    const QByteArray before = fileHash(m_path);

    Library library;
    const LibraryResult opened = library.open(m_path, Library::IntegrityCheck::Deferred);
    QVERIFY2(opened, qPrintable(opened.message()));
    QVERIFY(library.isIntegrityCheckPending());
    QVERIFY(!library.isDamaged());

    QSignalSpy checked(&library, &Library::integrityChecked);
    library.startIntegrityCheck();
    QVERIFY(checked.wait(10000));
    QCOMPARE(checked.size(), 1);
    // Told as a refused open is: which file, that it is damaged, and what to do.
    const QString problem = checked.at(0).at(0).toString();
    QVERIFY2(problem.contains(QDir::toNativeSeparators(m_path)), qPrintable(problem));
    QVERIFY2(problem.contains(QStringLiteral("damaged")), qPrintable(problem));
    QVERIFY2(problem.contains(QStringLiteral("backup")), qPrintable(problem));
    QVERIFY(library.isDamaged());
    QVERIFY(!library.isIntegrityCheckPending());
    QVERIFY(library.isOpen()); // what it shows can still be read

    // No write after that, with the same sentence.
    TaskRecord task = makeTask(QStringLiteral("after the check"));
    const LibraryResult added = library.addTask(&task);
    QVERIFY(!added);
    QCOMPARE(added.message(), problem);
    QCOMPARE(added.error().code, QStringLiteral("SQLITE_CORRUPT"));
    library.close();
    QCOMPARE(fileHash(m_path), before);
}

void tst_LibraryStorage::deferredCheckHoldsTheFirstWrite()
{
    QVERIFY(makeLibrary(m_path, 400));
    QVERIFY(damage(m_path));
    const QByteArray before = fileHash(m_path);

    Library library;
    QVERIFY(library.open(m_path, Library::IntegrityCheck::Deferred));
    QSignalSpy checked(&library, &Library::integrityChecked);
    // A write before the check answered waits for it (the check not even started yet).
    TaskRecord task = makeTask(QStringLiteral("before the check"));
    const LibraryResult added = library.addTask(&task);
    QVERIFY(!added);
    QVERIFY2(added.message().contains(QStringLiteral("damaged")), qPrintable(added.message()));
    QCOMPARE(task.id, 0);
    QCOMPARE(checked.size(), 1);
    QCOMPARE(checked.at(0).at(0).toString(), added.message());
    // Answered once: starting it again does nothing.
    library.startIntegrityCheck();
    QTest::qWait(0);
    QCOMPARE(checked.size(), 1);
    library.close();
    QCOMPARE(fileHash(m_path), before);
}

void tst_LibraryStorage::deferredCheckPassesASoundLibrary()
{
    QVERIFY(makeLibrary(m_path, 50));
    Library library;
    QVERIFY(library.open(m_path, Library::IntegrityCheck::Deferred));
    QVERIFY(library.isIntegrityCheckPending());
    QSignalSpy checked(&library, &Library::integrityChecked);
    library.startIntegrityCheck();
    // Reads go on meanwhile.
    QCOMPARE(library.countOutputs({}), 50);
    QVERIFY(checked.wait(10000));
    QCOMPARE(checked.at(0).at(0).toString(), QString());
    QVERIFY(!library.isDamaged());
    TaskRecord task = makeTask(QStringLiteral("after a sound check"));
    QVERIFY(library.addTask(&task));
    QCOMPARE(library.countOutputs({}), 51);
}

void tst_LibraryStorage::deferredCheckOnlyWhenOpenWritesNothing()
{
    // A new file is written at open (schema, journal mode): nothing to check, nothing deferred.
    {
        Library library;
        QVERIFY(library.open(m_path, Library::IntegrityCheck::Deferred));
        QVERIFY(!library.isIntegrityCheckPending());
    }
    // A library not yet in WAL mode (as an older version or another tool leaves it) would be
    // written at open: it is checked first, and refused when damaged.
    QVERIFY(makeLibrary(m_path, 400));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("t"));
        db.setDatabaseName(m_path);
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("PRAGMA journal_mode=DELETE")));
        q.finish();
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("t"));
    QVERIFY(damage(m_path));
    const QByteArray before = fileHash(m_path);
    Library library;
    const LibraryResult opened = library.open(m_path, Library::IntegrityCheck::Deferred);
    QVERIFY(!opened);
    QVERIFY2(opened.message().contains(QStringLiteral("damaged")), qPrintable(opened.message()));
    QCOMPARE(fileHash(m_path), before);
}

void tst_LibraryStorage::failedPrepareReportsItsCause()
{
    Library library;
    QVERIFY(library.open(m_path));
    TaskRecord task = makeTask(QStringLiteral("a task"));
    QVERIFY(library.addTask(&task));
    {
        // The table is gone (renamed on the library's own connection, so its schema is current):
        // the insert cannot even be prepared. Before, the unchecked prepare made exec() report
        // "Parameter count mismatch"; the prepare's own error must come back.
        QSqlQuery q(libraryConnection());
        QVERIFY2(q.exec(QStringLiteral("ALTER TABLE outputs RENAME TO outputs_elsewhere")),
                 qPrintable(q.lastError().text()));
    }

    OutputRecord image;
    image.taskRowId = task.id;
    image.filePath = QStringLiteral("/pictures/a.png");
    const LibraryResult result = library.addOutput(&image);
    QVERIFY(!result);
    QCOMPARE(image.id, 0);
    QVERIFY2(result.message().contains(QStringLiteral("no such table: outputs")),
             qPrintable(result.message()));
    QVERIFY2(!result.message().contains(QStringLiteral("Parameter count mismatch")),
             qPrintable(result.message()));
    QCOMPARE(result.error().kind, ApiError::Kind::Storage);
    QCOMPARE(library.lastError(), result.message());
}

void tst_LibraryStorage::readOnlyFileIsReadButNotWritten()
{
    QVERIFY(makeLibrary(m_path, 3));
    QVERIFY(QFile::setPermissions(m_path, QFileDevice::ReadOwner | QFileDevice::ReadUser));
    if (QFileInfo(m_path).isWritable())
        QSKIP("The file stays writable after chmod (running as root): nothing to test.");
    const QByteArray before = fileHash(m_path);

    Library library;
    QString error;
    error = library.open(m_path).message();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(library.isReadOnly());
    // Reading works: history and gallery.
    QCOMPARE(library.countTasks({}), 3);
    QCOMPARE(library.findOutputs({}).size(), 3);
    // Writing fails with a sentence that says why and what to do.
    TaskRecord task = makeTask(QStringLiteral("new"));
    const LibraryResult result = library.addTask(&task);
    QVERIFY(!result);
    QCOMPARE(task.id, 0);
    QCOMPARE(result.error().kind, ApiError::Kind::Storage);
    QCOMPARE(result.error().code, QStringLiteral("SQLITE_READONLY"));
    QVERIFY2(result.message().contains(QStringLiteral("read-only")), qPrintable(result.message()));
    QVERIFY2(result.message().contains(QDir::toNativeSeparators(m_path)),
             qPrintable(result.message()));
    QVERIFY(!library.setFavourite({ 1 }, true));
    QVERIFY(!library.deleteTasks({ 1 }, false));
    QCOMPARE(library.countTasks({}), 3);
    library.close();
    QCOMPARE(fileHash(m_path), before);
}

void tst_LibraryStorage::readOnlyFolderIsReadButNotWritten()
{
    QVERIFY(makeLibrary(m_path, 3));
    QVERIFY(QFile::setPermissions(m_dir->path(),
                                  QFileDevice::ReadOwner | QFileDevice::ExeOwner
                                          | QFileDevice::ReadUser | QFileDevice::ExeUser));
    if (QFileInfo(m_dir->path()).isWritable())
        QSKIP("The folder stays writable after chmod (running as root): nothing to test.");
    const QByteArray before = fileHash(m_path);

    Library library;
    QString error;
    error = library.open(m_path).message();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(library.isReadOnly());
    QCOMPARE(library.countTasks({}), 3);
    QCOMPARE(library.task(1).outputs.size(), 1);
    TaskRecord task = makeTask(QStringLiteral("new"));
    const LibraryResult result = library.addTask(&task);
    QVERIFY(!result);
    QCOMPARE(result.error().code, QStringLiteral("SQLITE_READONLY"));
    QVERIFY2(result.message().contains(QStringLiteral("read-only")), qPrintable(result.message()));
    library.close();
    QCOMPARE(fileHash(m_path), before);

    // A new library cannot be made there: said so, naming the folder.
    const QString fresh = m_dir->filePath(QStringLiteral("fresh.sqlite3"));
    error = library.open(fresh).message();
    QVERIFY(!error.isEmpty());
    QVERIFY2(error.contains(QDir::toNativeSeparators(m_dir->path())), qPrintable(error));
}

void tst_LibraryStorage::fullDatabaseFailsAsAValue()
{
    // Works for any user: SQLite's max_page_count makes the database answer exactly as on a
    // full disk (SQLITE_FULL) once it would grow past the limit.
    Library library;
    QVERIFY(library.open(m_path));
    QSqlDatabase connection = libraryConnection();
    QVERIFY(connection.isOpen());
    QSqlQuery q(connection);
    QVERIFY(q.exec(QStringLiteral("PRAGMA page_count")) && q.next());
    const int pages = q.value(0).toInt();
    QVERIFY(q.exec(QStringLiteral("PRAGMA max_page_count = %1").arg(pages + 4)));
    q.finish();

    int stored = 0;
    LibraryResult result;
    for (int i = 0; i < 200 && result; ++i) {
        TaskRecord task = makeTask(noise(3000, quint32(i)));
        result = library.addTask(&task);
        if (result)
            ++stored;
        else
            QCOMPARE(task.id, 0);
    }
    QVERIFY(!result);
    QCOMPARE(result.error().kind, ApiError::Kind::Storage);
    QCOMPARE(result.error().code, QStringLiteral("SQLITE_FULL"));
    QVERIFY2(result.message().contains(QStringLiteral("disk is full")),
             qPrintable(result.message()));
    QVERIFY2(result.message().contains(QStringLiteral("Free some space")),
             qPrintable(result.message()));
    QCOMPARE(library.lastError(), result.message());
    // What was stored before stays readable, and the failure left no transaction open.
    QCOMPARE(library.countTasks({}), stored);
    QVERIFY(q.exec(QStringLiteral("PRAGMA max_page_count = 1000000")));
    TaskRecord small = makeTask(QStringLiteral("after making room"));
    QVERIFY2(library.addTask(&small), qPrintable(library.lastError()));
    QCOMPARE(library.countTasks({}), stored + 1);
}

// The real thing: a library on a 2 MiB tmpfs, mounted in a private mount namespace of a child
// process (root only; nothing is mounted for anyone else). The child runs
// DiskFullChild::fillTheDisk below.
void tst_LibraryStorage::fullDiskFailsAsAValue()
{
    const QString unshare = QStandardPaths::findExecutable(QStringLiteral("unshare"));
    if (geteuid() != 0 || unshare.isEmpty())
        QSKIP("Needs root and unshare(1) to mount a small tmpfs; fullDatabaseFailsAsAValue "
              "covers the same failure for everyone.");
    QProcess child;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QString::fromLatin1(DiskFullDirVariable), m_dir->path());
    child.setProcessEnvironment(environment);
    child.setProcessChannelMode(QProcess::MergedChannels);
    child.start(unshare,
                { QStringLiteral("--mount"), QStringLiteral("--propagation"),
                  QStringLiteral("private"), QStringLiteral("--"), QStringLiteral("sh"),
                  QStringLiteral("-c"),
                  QStringLiteral("mount -t tmpfs -o size=2m studio-test \"$0\" || exit 77;"
                                 " exec \"$1\""),
                  m_dir->path(), QCoreApplication::applicationFilePath() });
    QVERIFY(child.waitForFinished(120000));
    const QString output = QString::fromLocal8Bit(child.readAll());
    if (child.exitCode() == 77)
        QSKIP(qPrintable(QStringLiteral("No tmpfs can be mounted here: ") + output));
    QVERIFY2(child.exitStatus() == QProcess::NormalExit && child.exitCode() == 0,
             qPrintable(output));
    QVERIFY2(output.contains(QStringLiteral("PASS   : DiskFullChild::fillTheDisk()")),
             qPrintable(output));
}

// Runs in the child process of fullDiskFailsAsAValue, on the tmpfs.
class DiskFullChild : public QObject
{
    Q_OBJECT

private slots:
    void fillTheDisk()
    {
        const QString dir = qEnvironmentVariable(DiskFullDirVariable);
        QCOMPARE(QStorageInfo(dir).fileSystemType(), QByteArray("tmpfs"));
        Library library;
        const QString path = QDir(dir).filePath(QStringLiteral("library.sqlite3"));
        QString error;
        error = library.open(path).message();
        QVERIFY2(error.isEmpty(), qPrintable(error));
        // Room to give back once the disk is full.
        QFile reserve(QDir(dir).filePath(QStringLiteral("reserve")));
        QVERIFY(reserve.open(QIODevice::WriteOnly));
        QCOMPARE(reserve.write(QByteArray(512 * 1024, 'r')), 512 * 1024);
        reserve.close();

        int stored = 0;
        LibraryResult result;
        for (int i = 0; i < 1000 && result; ++i) {
            TaskRecord task = makeTask(noise(1000, quint32(i)));
            result = library.addTask(&task);
            if (result)
                ++stored;
        }
        QVERIFY2(!result, "the 2 MiB disk never filled up");
        QVERIFY(stored > 0);
        QCOMPARE(result.error().kind, ApiError::Kind::Storage);
        QCOMPARE(result.error().code, QStringLiteral("SQLITE_FULL"));
        QVERIFY2(result.message().contains(QStringLiteral("disk is full")),
                 qPrintable(result.message()));
        QVERIFY2(result.message().contains(QDir::toNativeSeparators(path)),
                 qPrintable(result.message()));
        // Still readable; and once there is room again, writing works again.
        QCOMPARE(library.countTasks({}), stored);
        QVERIFY(QFile::remove(reserve.fileName()));
        TaskRecord small = makeTask(QStringLiteral("after making room"));
        QVERIFY2(library.addTask(&small), qPrintable(library.lastError()));
        QCOMPARE(library.countTasks({}), stored + 1);
    }
};

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QTEST_SET_MAIN_SOURCE_PATH
    if (qEnvironmentVariableIsSet(DiskFullDirVariable)) {
        DiskFullChild child;
        return QTest::qExec(&child, argc, argv);
    }
    tst_LibraryStorage test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_librarystorage.moc"
