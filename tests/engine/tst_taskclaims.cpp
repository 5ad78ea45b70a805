#include "engine/taskclaims.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <unistd.h>

namespace {

// The child process of staleClaimIsTakenOver: claims a task and dies without letting go.
constexpr const char *ChildLibraryVariable = "STUDIO_TEST_CLAIM_LIBRARY";

} // namespace

class tst_TaskClaims final : public QObject
{
    Q_OBJECT

private slots:
    void withoutLibraryEveryClaimSucceeds();
    void twoClaimsOnOneTaskExcludeEachOther();
    void claimEndsWithItsHolder();
    void staleClaimIsTakenOver();
};

void tst_TaskClaims::withoutLibraryEveryClaimSucceeds()
{
    const TaskClaims claims;
    std::unique_ptr<QLockFile> lock;
    QVERIFY(claims.claim(1, &lock));
    QVERIFY(!lock);
    QVERIFY(claims.claim(1, &lock)); // nothing is shared with anyone
    QVERIFY(claims.directory().isEmpty());
}

void tst_TaskClaims::twoClaimsOnOneTaskExcludeEachOther()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString library = dir.filePath(QStringLiteral("library.sqlite3"));
    // Two holders (the window and a command), each with its own TaskClaims.
    const TaskClaims window(library);
    const TaskClaims command(library);
    QCOMPARE(window.directory(), dir.filePath(QStringLiteral("locks")));

    std::unique_ptr<QLockFile> held;
    QVERIFY(window.claim(7, &held));
    QVERIFY(held && held->isLocked());
    QVERIFY(QFileInfo::exists(window.lockFilePath(7)));
    std::unique_ptr<QLockFile> refused;
    QVERIFY(!command.claim(7, &refused));
    QVERIFY(!refused);
    // Another task is free.
    std::unique_ptr<QLockFile> other;
    QVERIFY(command.claim(8, &other));
}

void tst_TaskClaims::claimEndsWithItsHolder()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const TaskClaims claims(dir.filePath(QStringLiteral("library.sqlite3")));
    std::unique_ptr<QLockFile> first;
    QVERIFY(claims.claim(3, &first));
    first.reset(); // the task finished here
    std::unique_ptr<QLockFile> second;
    QVERIFY(claims.claim(3, &second));
}

void tst_TaskClaims::staleClaimIsTakenOver()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString library = dir.filePath(QStringLiteral("library.sqlite3"));
    QProcess child;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QString::fromLatin1(ChildLibraryVariable), library);
    child.setProcessEnvironment(environment);
    child.start(QCoreApplication::applicationFilePath(), {});
    QVERIFY(child.waitForFinished(30000));
    QCOMPARE(child.exitCode(), 0);
    const TaskClaims claims(library);
    QVERIFY2(QFileInfo::exists(claims.lockFilePath(5)), "the child left no lock file");

    // Its holder is gone (killed, crashed): the claim is taken over.
    std::unique_ptr<QLockFile> lock;
    QVERIFY(claims.claim(5, &lock));
    QVERIFY(lock && lock->isLocked());
}

int main(int argc, char *argv[])
{
    const QByteArray childLibrary = qgetenv(ChildLibraryVariable);
    if (!childLibrary.isEmpty()) {
        QCoreApplication app(argc, argv);
        std::unique_ptr<QLockFile> lock;
        if (!TaskClaims(QString::fromLocal8Bit(childLibrary)).claim(5, &lock))
            return 1;
        ::_exit(0); // as if killed: the lock file stays behind
    }
    QCoreApplication app(argc, argv);
    tst_TaskClaims test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_taskclaims.moc"
