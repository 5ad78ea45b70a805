// Deleting with Undo: the rows go into a batch in the deletion's transaction and the files to the
// Trash; Undo brings both back as they were (ids, lineage, ledger, search), also after the
// library was closed and opened again. Real files in a temporary folder, with HOME and
// XDG_DATA_HOME there too, so the Trash is a temporary folder.
#include "library/library.h"
#include "library/librarytrash.h"
#include "support/trashenvironment.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTest>
#include <memory>

namespace {

QByteArray sha256Of(const QByteArray &bytes)
{
    return QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex();
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class tst_LibraryTrash : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void undoBringsBackRowsAndFiles();
    void partOfATaskKeepsTheTask();
    void videoAndPosterGoToTheTrashAndBack();
    void deleteThenQuitIsConsistent();
    void missingFileIsNotAnError();
    void fileNoLongerInTheTrashIsReported();
    void trashIsFoundInAWritableFolderOnly();
    void missingDataFolderIsMade();
    void withoutATrashTheFileStaysWhereItWas();

private:
    static QString trashFiles() { return PrivateTrash::trashFiles(); }
    QStringList trashed() const { return QDir(trashFiles()).entryList(QDir::Files); }
    QString writeFile(const QString &name, const QByteArray &bytes);
    TaskRecord addTask(const QString &prompt, const QList<RequestInput> &inputs = {});
    OutputRecord addOutput(qint64 task, int index, const QString &name);
    void reopen();

    std::unique_ptr<PrivateTrash> m_dir; // the test's folder: HOME, the Trash, pictures/
    std::unique_ptr<Library> m_library;
    QString m_path;
    int m_clock = 0;
};

void tst_LibraryTrash::init()
{
    // The Trash of this test: $XDG_DATA_HOME/Trash, on the same file system as the files.
    m_dir = std::make_unique<PrivateTrash>();
    QVERIFY(m_dir->isValid());
    m_path = m_dir->filePath(QStringLiteral("library.sqlite3"));
    m_library = std::make_unique<Library>();
    const LibraryResult opened = m_library->open(m_path);
    QVERIFY2(opened, qPrintable(opened.message()));
}

void tst_LibraryTrash::cleanup()
{
    m_library.reset();
    m_dir.reset();
}

QString tst_LibraryTrash::writeFile(const QString &name, const QByteArray &bytes)
{
    const QString path = m_dir->picture(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        qWarning() << "cannot write" << path;
    return path;
}

TaskRecord tst_LibraryTrash::addTask(const QString &prompt, const QList<RequestInput> &inputs)
{
    TaskRecord task;
    task.request.model = QStringLiteral("wan2.2-t2i-flash");
    task.request.prompt = prompt;
    task.request.inputs = inputs;
    if (!inputs.isEmpty())
        task.request.kind = MediaKind::ImageToVideo;
    task.taskId = QStringLiteral("task-%1").arg(++m_clock);
    task.state = TaskState::Done;
    task.createdAt = QDateTime(QDate(2026, 1, 1), QTime(12, 0), Qt::UTC).addSecs(m_clock);
    if (!m_library->addTask(&task))
        qWarning() << "addTask:" << m_library->lastError();
    return task;
}

OutputRecord tst_LibraryTrash::addOutput(qint64 task, int index, const QString &name)
{
    const QByteArray bytes = name.toUtf8() + QByteArray(32, 'x');
    OutputRecord output;
    output.taskRowId = task;
    output.index = index;
    output.filePath = writeFile(name, bytes);
    output.bytes = bytes.size();
    output.sha256 = sha256Of(bytes);
    output.seed = 40 + index;
    output.actualPrompt = QStringLiteral("an extended lighthouse %1").arg(name);
    output.favourite = index == 1;
    if (!m_library->addOutput(&output))
        qWarning() << "addOutput:" << m_library->lastError();
    return output;
}

void tst_LibraryTrash::reopen()
{
    m_library = std::make_unique<Library>();
    const LibraryResult opened = m_library->open(m_path);
    QVERIFY2(opened, qPrintable(opened.message()));
}

void tst_LibraryTrash::undoBringsBackRowsAndFiles()
{
    const TaskRecord parentTask = addTask(QStringLiteral("a lighthouse at dawn"));
    const OutputRecord first = addOutput(parentTask.id, 0, QStringLiteral("first.png"));
    const OutputRecord second = addOutput(parentTask.id, 1, QStringLiteral("second.png"));
    RequestInput input;
    input.role = InputRole::FirstFrame;
    input.localPath = first.filePath;
    input.sha256 = first.sha256;
    const TaskRecord childTask = addTask(QStringLiteral("the light turns"), { input });
    const OutputRecord child = addOutput(childTask.id, 0, QStringLiteral("child.png"));
    UsageEntry usage;
    usage.taskRowId = parentTask.id;
    usage.finishedAt = parentTask.createdAt;
    usage.model = parentTask.request.model;
    usage.state = QStringLiteral("done");
    usage.images = 2;
    usage.amount = 0.28;
    usage.currency = QStringLiteral("CNY");
    QVERIFY(m_library->recordUsage(usage));
    const TaskRecord before = m_library->task(parentTask.id);
    const QByteArray firstBytes = readFile(first.filePath);

    QSignalSpy removed(m_library.get(), &Library::tasksRemoved);
    qint64 batch = 0;
    const LibraryResult deleted = m_library->trashEntries({ first.id, second.id }, {}, &batch);
    QVERIFY2(deleted, qPrintable(deleted.message()));
    QVERIFY(batch > 0);
    QCOMPARE(removed.count(), 1); // the emptied task went with its outputs
    QCOMPARE(m_library->task(parentTask.id).id, 0);
    QCOMPARE(m_library->output(first.id).id, 0);
    QVERIFY(!QFileInfo::exists(first.filePath));
    QVERIFY(!QFileInfo::exists(second.filePath));
    QCOMPARE(trashed().size(), 2);
    LibraryQuery search;
    search.text = QStringLiteral("dawn");
    QCOMPARE(m_library->countOutputs(search), 0);
    QCOMPARE(m_library->madeFrom(child.id).value(0).state, LineageSource::State::Missing);

    QSignalSpy stored(m_library.get(), &Library::taskStored);
    const LibraryResult restored = m_library->restoreDeleted(batch);
    QVERIFY2(restored, qPrintable(restored.message()));
    QVERIFY(stored.contains(QVariantList { parentTask.id }));
    const TaskRecord after = m_library->task(parentTask.id);
    QCOMPARE(after.id, parentTask.id);
    QCOMPARE(after.taskId, before.taskId);
    QCOMPARE(after.request.prompt, before.request.prompt);
    QCOMPARE(after.createdAt, before.createdAt);
    QCOMPARE(after.outputs.size(), 2);
    const OutputRecord back = m_library->output(second.id);
    QCOMPARE(back.id, second.id);
    QCOMPARE(back.filePath, second.filePath);
    QCOMPARE(back.sha256, second.sha256);
    QCOMPARE(back.seed, second.seed);
    QCOMPARE(back.actualPrompt, second.actualPrompt);
    QVERIFY(back.favourite);
    QCOMPARE(readFile(first.filePath), firstBytes);
    QVERIFY(QFileInfo::exists(second.filePath));
    QVERIFY(trashed().isEmpty());
    QVERIFY(QDir(trashFiles() + QStringLiteral("/../info")).entryList(QDir::Files).isEmpty());
    QCOMPARE(m_library->countOutputs(search), 2); // the search index has them again
    const QList<LineageSource> sources = m_library->madeFrom(child.id);
    QCOMPARE(sources.value(0).state, LineageSource::State::InLibrary);
    QCOMPARE(sources.value(0).entry.output.id, first.id);
    const QList<UsageEntry> ledger = m_library->usage();
    QCOMPARE(ledger.size(), 1);
    QCOMPARE(ledger.first().taskRowId, parentTask.id);
    QCOMPARE(m_library->integrityCheck(), QStringLiteral("ok"));

    // A batch undone is gone: undoing it again changes nothing.
    QVERIFY(m_library->restoreDeleted(batch));
    QCOMPARE(m_library->task(parentTask.id).outputs.size(), 2);
}

void tst_LibraryTrash::partOfATaskKeepsTheTask()
{
    const TaskRecord task = addTask(QStringLiteral("two cats"));
    const OutputRecord first = addOutput(task.id, 0, QStringLiteral("cat-1.png"));
    const OutputRecord second = addOutput(task.id, 1, QStringLiteral("cat-2.png"));
    QSignalSpy outputStored(m_library.get(), &Library::outputStored);
    qint64 batch = 0;
    QVERIFY(m_library->trashEntries({ second.id }, {}, &batch));
    QCOMPARE(m_library->task(task.id).outputs.size(), 1);
    QVERIFY(QFileInfo::exists(first.filePath));
    QVERIFY(!QFileInfo::exists(second.filePath));

    const LibraryResult restored = m_library->restoreDeleted(batch);
    QVERIFY2(restored, qPrintable(restored.message()));
    QCOMPARE(m_library->task(task.id).outputs.size(), 2);
    QCOMPARE(m_library->output(second.id).index, 1);
    QVERIFY(QFileInfo::exists(second.filePath));
    // The task stayed: the output appears by itself.
    QVERIFY(outputStored.contains(QVariantList { second.id }));
}

void tst_LibraryTrash::videoAndPosterGoToTheTrashAndBack()
{
    const TaskRecord task = addTask(QStringLiteral("a boat drifts"));
    OutputRecord video = addOutput(task.id, 0, QStringLiteral("boat.mp4"));
    video.mediaType = QStringLiteral("video/mp4");
    video.durationMs = 5000;
    video.posterPath = writeFile(QStringLiteral("boat-poster.jpg"), "poster");
    QVERIFY(m_library->addOutput(&video));
    const TaskRecord failed = [this] {
        TaskRecord t = addTask(QStringLiteral("a failed one"));
        t.state = TaskState::Failed;
        m_library->updateTask(t);
        return t;
    }();

    qint64 batch = 0;
    QVERIFY(m_library->trashEntries({}, { task.id, failed.id }, &batch));
    QCOMPARE(trashed().size(), 2);
    QVERIFY(!QFileInfo::exists(video.posterPath));
    QCOMPARE(m_library->task(failed.id).id, 0);

    QVERIFY(m_library->restoreDeleted(batch));
    QVERIFY(QFileInfo::exists(video.filePath));
    QVERIFY(QFileInfo::exists(video.posterPath));
    const OutputRecord back = m_library->output(video.id);
    QCOMPARE(back.posterPath, video.posterPath);
    QCOMPARE(back.durationMs, 5000);
    QVERIFY(back.isVideo());
    QCOMPARE(m_library->task(failed.id).state, TaskState::Failed);
}

void tst_LibraryTrash::deleteThenQuitIsConsistent()
{
    const TaskRecord task = addTask(QStringLiteral("a red kite"));
    const OutputRecord output = addOutput(task.id, 0, QStringLiteral("kite.png"));
    qint64 batch = 0;
    QVERIFY(m_library->trashEntries({ output.id }, {}, &batch));
    m_library.reset(); // the program quits in the undo window

    reopen();
    QCOMPARE(m_library->task(task.id).id, 0);
    QCOMPARE(m_library->countOutputs({}), 0);
    QVERIFY(!QFileInfo::exists(output.filePath));
    QCOMPARE(trashed().size(), 1);
    QCOMPARE(m_library->integrityCheck(), QStringLiteral("ok"));

    // The batch is kept: it can still be undone after the restart.
    QVERIFY(m_library->restoreDeleted(batch));
    QCOMPARE(m_library->output(output.id).filePath, output.filePath);
    QVERIFY(QFileInfo::exists(output.filePath));
    QCOMPARE(m_library->countOutputs({}), 1);
}

void tst_LibraryTrash::missingFileIsNotAnError()
{
    const TaskRecord task = addTask(QStringLiteral("a lost file"));
    const OutputRecord output = addOutput(task.id, 0, QStringLiteral("lost.png"));
    QVERIFY(QFile::remove(output.filePath));
    qint64 batch = 0;
    const LibraryResult deleted = m_library->trashEntries({ output.id }, {}, &batch);
    QVERIFY2(deleted, qPrintable(deleted.message()));
    QVERIFY(trashed().isEmpty());
    QVERIFY(m_library->restoreDeleted(batch));
    QCOMPARE(m_library->output(output.id).id, output.id);
}

void tst_LibraryTrash::fileNoLongerInTheTrashIsReported()
{
    const TaskRecord task = addTask(QStringLiteral("emptied"));
    const OutputRecord output = addOutput(task.id, 0, QStringLiteral("emptied.png"));
    qint64 batch = 0;
    QVERIFY(m_library->trashEntries({ output.id }, {}, &batch));
    QVERIFY(QDir(trashFiles()).removeRecursively()); // the person emptied the Trash
    const LibraryResult restored = m_library->restoreDeleted(batch);
    QVERIFY(!restored);
    QVERIFY2(restored.message().contains(QStringLiteral("emptied.png")),
             qPrintable(restored.message()));
    QCOMPARE(m_library->output(output.id).id, output.id); // the row is back all the same
}

void tst_LibraryTrash::trashIsFoundInAWritableFolderOnly()
{
    QVERIFY(LibraryTrash::canTrashIn(m_dir->filePath(QStringLiteral("pictures"))));
    QVERIFY(trashed().isEmpty()); // the probe left nothing behind
    QVERIFY(QDir(m_dir->filePath(QStringLiteral("pictures")))
                    .entryList(QDir::Files | QDir::Hidden)
                    .isEmpty());
    QVERIFY(!LibraryTrash::canTrashIn(m_dir->filePath(QStringLiteral("no-such-folder"))));
}

void tst_LibraryTrash::missingDataFolderIsMade()
{
    // A new account: no ~/.local/share yet.
    qputenv("XDG_DATA_HOME", m_dir->filePath(QStringLiteral("home/new/share")).toUtf8());
    const TaskRecord task = addTask(QStringLiteral("first day"));
    const OutputRecord output = addOutput(task.id, 0, QStringLiteral("first.png"));
    QVERIFY(LibraryTrash::canTrashIn(QFileInfo(output.filePath).absolutePath()));
    qint64 batch = 0;
    const LibraryResult deleted = m_library->trashEntries({ output.id }, {}, &batch);
    QVERIFY2(deleted, qPrintable(deleted.message()));
    QCOMPARE(trashed(), QStringList { QStringLiteral("first.png") });
}

void tst_LibraryTrash::withoutATrashTheFileStaysWhereItWas()
{
    // A Trash that cannot be made (its folder would be inside a file). Qt 6.4 then moves the
    // file into files/ of the working directory and says it worked; it must stay where it was.
    QVERIFY(!m_dir->block().isEmpty());
    QDir::setCurrent(m_dir->path());
    const TaskRecord task = addTask(QStringLiteral("no trash"));
    const OutputRecord output = addOutput(task.id, 0, QStringLiteral("stays.png"));
    QVERIFY(!LibraryTrash::canTrashIn(QFileInfo(output.filePath).absolutePath()));
    qint64 batch = 0;
    const LibraryResult deleted = m_library->trashEntries({ output.id }, {}, &batch);
    QVERIFY(!deleted);
    QVERIFY2(deleted.message().contains(QStringLiteral("could not be moved to the Trash")),
             qPrintable(deleted.message()));
    QVERIFY(QFileInfo::exists(output.filePath));
    QVERIFY(!QFileInfo::exists(m_dir->filePath(QStringLiteral("files/stays.png"))));
    QVERIFY(m_library->restoreDeleted(batch)); // the row comes back; the file never left
    QCOMPARE(m_library->output(output.id).filePath, output.filePath);
}

QTEST_GUILESS_MAIN(tst_LibraryTrash)
#include "tst_librarytrash.moc"
