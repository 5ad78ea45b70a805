// The delete confirmation says what goes (images, videos, tasks without files) and where (the
// Trash, or for good where there is none), with a short title the window manager does not cut;
// without a Trash, files are deleted for good only after the person agrees. Real files in a
// temporary folder, with HOME and XDG_DATA_HOME there too.
#include "library/library.h"
#include "support/trashenvironment.h"
#include "widgets/gallerydeletion.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMainWindow>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTest>
#include <QTimer>
#include <memory>

class tst_GalleryDeletion : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void questionSaysWhatGoes_data();
    void questionSaysWhatGoes();
    void consequenceSaysWhereTheFilesGo();
    void trashDeletionOffersUndo();
    void withoutATrashDeletesForGoodOnlyWhenAsked();

private:
    LibraryEntry addEntry(const QString &name, bool withFile);
    // Answers the next message box with `button`, keeping its title, text and informative text.
    void answer(const QString &button);

    std::unique_ptr<PrivateTrash> m_dir; // the test's folder: HOME, the Trash, pictures/
    std::unique_ptr<Library> m_library;
    QStringList m_box; // title, text, informative text of the last box answered
};

void tst_GalleryDeletion::init()
{
    m_dir = std::make_unique<PrivateTrash>();
    QVERIFY(m_dir->isValid());
    m_library = std::make_unique<Library>();
    QVERIFY(m_library->open(m_dir->filePath(QStringLiteral("library.sqlite3"))));
    m_box.clear();
}

void tst_GalleryDeletion::cleanup()
{
    m_library.reset();
    m_dir.reset();
}

LibraryEntry tst_GalleryDeletion::addEntry(const QString &name, bool withFile)
{
    LibraryEntry entry;
    entry.task.request.model = QStringLiteral("wan2.2-t2i-flash");
    entry.task.request.prompt = name;
    entry.task.state = withFile ? TaskState::Done : TaskState::Failed;
    if (!m_library->addTask(&entry.task))
        qWarning() << m_library->lastError();
    if (!withFile)
        return entry;
    QFile file(m_dir->picture(name));
    if (file.open(QIODevice::WriteOnly))
        file.write("bytes of " + name.toUtf8());
    entry.output.taskRowId = entry.task.id;
    entry.output.filePath = file.fileName();
    if (name.endsWith(QLatin1String(".mp4")))
        entry.output.mediaType = QStringLiteral("video/mp4");
    if (!m_library->addOutput(&entry.output))
        qWarning() << m_library->lastError();
    return entry;
}

void tst_GalleryDeletion::answer(const QString &button)
{
    QTimer::singleShot(0, this, [this, button] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        QVERIFY(box);
        m_box = QStringList { box->windowTitle(), box->text(), box->informativeText() };
        for (QAbstractButton *candidate : box->buttons()) {
            if (candidate->text() == button) {
                candidate->click();
                return;
            }
        }
        box->reject();
        QFAIL(qPrintable(QStringLiteral("no button %1").arg(button)));
    });
}

void tst_GalleryDeletion::questionSaysWhatGoes_data()
{
    QTest::addColumn<int>("images");
    QTest::addColumn<int>("videos");
    QTest::addColumn<int>("withoutFiles");
    QTest::addColumn<QString>("question");
    QTest::newRow("an image") << 1 << 0 << 0 << "Delete this image?";
    QTest::newRow("a video") << 0 << 1 << 0 << "Delete this video?";
    QTest::newRow("a task") << 0 << 0 << 1 << "Delete this task?";
    QTest::newRow("images") << 3 << 0 << 0 << "Delete 3 images?";
    QTest::newRow("videos") << 0 << 2 << 0 << "Delete 2 videos?";
    QTest::newRow("tasks") << 0 << 0 << 4 << "Delete 4 tasks?";
    QTest::newRow("both") << 2 << 1 << 0 << "Delete 2 images and 1 video?";
    QTest::newRow("all three") << 2 << 1 << 1
                               << "Delete 2 images, 1 video and 1 task without files?";
}

void tst_GalleryDeletion::questionSaysWhatGoes()
{
    QFETCH(int, images);
    QFETCH(int, videos);
    QFETCH(int, withoutFiles);
    QFETCH(QString, question);
    GalleryDeletion::Counts counts;
    counts.images = images;
    counts.videos = videos;
    counts.withoutFiles = withoutFiles;
    QCOMPARE(GalleryDeletion::question(counts), question);
}

void tst_GalleryDeletion::consequenceSaysWhereTheFilesGo()
{
    GalleryDeletion::Counts tasks;
    tasks.withoutFiles = 2;
    QCOMPARE(GalleryDeletion::consequence(tasks, true),
             QStringLiteral("They have no files, so nothing is removed from disk. You can undo "
                            "this."));
    GalleryDeletion::Counts images;
    images.images = 2;
    QCOMPARE(GalleryDeletion::consequence(images, true),
             QStringLiteral("The files go to the Trash; you can undo this."));
    images.withoutFiles = 1;
    QCOMPARE(GalleryDeletion::consequence(images, false, QStringLiteral("/media/usb")),
             QStringLiteral("/media/usb has no Trash, so the files will be deleted for good. "
                            "This cannot be undone. The task without files deletes no files."));
}

void tst_GalleryDeletion::trashDeletionOffersUndo()
{
    const LibraryEntry image = addEntry(QStringLiteral("cat.png"), true);
    const LibraryEntry video = addEntry(QStringLiteral("boat.mp4"), true);
    const LibraryEntry failed = addEntry(QStringLiteral("failed"), false);
    QMainWindow window;
    QAction undo(&window);
    GalleryDeletion deletion(m_library.get(), &undo, window.statusBar(), &window);
    window.show();
    QVERIFY(!undo.isEnabled());

    answer(QStringLiteral("Cancel"));
    QVERIFY(!deletion.deleteEntries({ image, video, failed }));
    QCOMPARE(m_box.value(0), QStringLiteral("Delete")); // short: the window manager cuts long ones
    QCOMPARE(m_box.value(1), QStringLiteral("Delete 1 image, 1 video and 1 task without files?"));
    QVERIFY(QFileInfo::exists(image.output.filePath));

    answer(QStringLiteral("Move to Trash"));
    QVERIFY(deletion.deleteEntries({ image, video, failed }));
    QCOMPARE(m_box.value(2),
             QStringLiteral("The files go to the Trash; you can undo this. The task without "
                            "files deletes no files."));
    QVERIFY(!QFileInfo::exists(image.output.filePath));
    QVERIFY(!QFileInfo::exists(video.output.filePath));
    QCOMPARE(m_library->task(failed.task.id).id, 0);
    auto *button
            = window.statusBar()->findChild<QAbstractButton *>(QStringLiteral("undoDeleteButton"));
    QVERIFY(button);
    QVERIFY(button->isVisible());
    QVERIFY(undo.isEnabled());

    undo.trigger();
    QVERIFY(QFileInfo::exists(image.output.filePath));
    QVERIFY(QFileInfo::exists(video.output.filePath));
    QCOMPARE(m_library->task(failed.task.id).state, TaskState::Failed);
    QVERIFY(!button->isVisible());
    QVERIFY(!undo.isEnabled());
}

void tst_GalleryDeletion::withoutATrashDeletesForGoodOnlyWhenAsked()
{
    // A Trash that cannot be made: its folder would be inside a file.
    QVERIFY(!m_dir->block().isEmpty());
    const LibraryEntry image = addEntry(QStringLiteral("kite.png"), true);
    QWidget window;
    QAction undo(&window);
    GalleryDeletion deletion(m_library.get(), &undo, nullptr, &window);

    answer(QStringLiteral("Cancel"));
    QVERIFY(!deletion.deleteEntries({ image }));
    QCOMPARE(m_box.value(2),
             QStringLiteral("%1 has no Trash, so the file will be deleted for good. This "
                            "cannot be undone.")
                     .arg(QDir::toNativeSeparators(
                             QFileInfo(image.output.filePath).absolutePath())));
    QVERIFY(QFileInfo::exists(image.output.filePath));
    QCOMPARE(m_library->output(image.output.id).id, image.output.id);

    answer(QStringLiteral("Delete for Good"));
    QVERIFY(deletion.deleteEntries({ image }));
    QVERIFY(!QFileInfo::exists(image.output.filePath));
    QCOMPARE(m_library->output(image.output.id).id, 0);
    QVERIFY(!undo.isEnabled()); // nothing to undo: it was said
}

QTEST_MAIN(tst_GalleryDeletion)
#include "tst_gallerydeletion.moc"
