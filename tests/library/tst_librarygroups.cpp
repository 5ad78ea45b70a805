// The gallery's groups by day and by task: one aggregate statement in the gallery's order, the
// group sizes adding up to the gallery's count, the filters applied, and the tasks read through
// the index of tasks by time (no sort of every row).
#include "library/library.h"
#include "support/librarybuilder.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

class tst_LibraryGroups : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void groupsByDayInTheGalleryOrder();
    void groupsByTaskWithTheirPrompts();
    void filtersApply();
    void tasksAreReadThroughTheTimeIndex();

private:
    // A done task made at `localTime` with `saved` saved outputs and one failed output.
    qint64 addTask(const QDateTime &localTime, int saved, const QString &prompt)
    {
        return m_builder->addTask(localTime, saved, prompt, 1).id;
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Library> m_library;
    std::unique_ptr<LibraryBuilder> m_builder;
};

void tst_LibraryGroups::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void tst_LibraryGroups::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_library = std::make_unique<Library>();
    QVERIFY(m_library->open(m_dir->filePath(QStringLiteral("library.sqlite3"))));
    m_builder = std::make_unique<LibraryBuilder>(m_library.get(), m_dir->path());
}

void tst_LibraryGroups::cleanup()
{
    m_builder.reset();
    m_library.reset();
    m_dir.reset();
}

void tst_LibraryGroups::groupsByDayInTheGalleryOrder()
{
    const QDate day(2026, 11, 23);
    // Late in the evening and early in the morning: the local day counts, not the UTC one.
    addTask(QDateTime(day, QTime(0, 5)), 2, QStringLiteral("early"));
    addTask(QDateTime(day, QTime(23, 55)), 1, QStringLiteral("late"));
    addTask(QDateTime(day.addDays(1), QTime(12, 0)), 3, QStringLiteral("next day"));
    addTask(QDateTime(day.addDays(-30), QTime(12, 0)), 4, QStringLiteral("a month before"));
    LibraryQuery gallery;
    gallery.savedOnly = true;

    const QList<GalleryGroup> days = m_library->galleryGroups(gallery, GalleryGrouping::Day);
    QCOMPARE(days.size(), 3);
    QCOMPARE(days.at(0).day, day.addDays(1));
    QCOMPARE(days.at(0).rows, 3);
    QCOMPARE(days.at(1).day, day);
    QCOMPARE(days.at(1).rows, 3);
    QCOMPARE(days.at(2).day, day.addDays(-30));
    QCOMPARE(days.at(2).rows, 4);
    int total = 0;
    for (const GalleryGroup &group : days)
        total += group.rows;
    QCOMPARE(total, m_library->countOutputs(gallery));

    gallery.newestFirst = false;
    const QList<GalleryGroup> oldestFirst = m_library->galleryGroups(gallery, GalleryGrouping::Day);
    QCOMPARE(oldestFirst.first().day, day.addDays(-30));
    QCOMPARE(oldestFirst.last().day, day.addDays(1));
    QVERIFY(m_library->galleryGroups(gallery, GalleryGrouping::None).isEmpty());
}

void tst_LibraryGroups::groupsByTaskWithTheirPrompts()
{
    const QDateTime noon(QDate(2026, 11, 23), QTime(12, 0));
    const qint64 first = addTask(noon, 2, QStringLiteral("a lighthouse"));
    const qint64 second = addTask(noon, 1, QStringLiteral("a fox")); // the same time: by id
    const qint64 third = addTask(noon.addSecs(60), 3, QStringLiteral("a kite"));
    LibraryQuery gallery;
    gallery.savedOnly = true;
    const QList<GalleryGroup> tasks = m_library->galleryGroups(gallery, GalleryGrouping::Task);
    QCOMPARE(tasks.size(), 3);
    QCOMPARE(tasks.at(0).taskRowId, third);
    QCOMPARE(tasks.at(0).prompt, QStringLiteral("a kite"));
    QCOMPARE(tasks.at(0).rows, 3);
    QCOMPARE(tasks.at(1).taskRowId, second);
    QCOMPARE(tasks.at(1).rows, 1);
    QCOMPARE(tasks.at(2).taskRowId, first);
    QCOMPARE(tasks.at(2).rows, 2);
    // The gallery's own order agrees.
    const QList<LibraryEntry> rows = m_library->findOutputs(gallery);
    QCOMPARE(rows.size(), 6);
    QCOMPARE(rows.at(3).task.id, second);
    QCOMPARE(rows.at(4).task.id, first);
}

void tst_LibraryGroups::filtersApply()
{
    const QDateTime noon(QDate(2026, 11, 23), QTime(12, 0));
    addTask(noon, 3, QStringLiteral("a lighthouse at dawn"));
    addTask(noon.addDays(1), 2, QStringLiteral("a fox in the snow"));
    LibraryQuery query;
    query.savedOnly = true;
    query.text = QStringLiteral("lighthouse");
    QList<GalleryGroup> days = m_library->galleryGroups(query, GalleryGrouping::Day);
    QCOMPARE(days.size(), 1);
    QCOMPARE(days.first().rows, 3);
    query.text.clear();
    query.favouritesOnly = true;
    days = m_library->galleryGroups(query, GalleryGrouping::Day);
    QCOMPARE(days.size(), 2);
    QCOMPARE(days.at(0).rows, 1);
    QCOMPARE(days.at(1).rows, 1);
}

void tst_LibraryGroups::tasksAreReadThroughTheTimeIndex()
{
    addTask(QDateTime(QDate(2026, 11, 23), QTime(12, 0)), 1, QStringLiteral("one"));
    QSqlDatabase raw = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("plan"));
    raw.setDatabaseName(m_library->path());
    QVERIFY(raw.open());
    {
        QSqlQuery q(raw);
        QVERIFY2(q.exec(QStringLiteral(
                         "EXPLAIN QUERY PLAN SELECT t.id, t.prompt, count(*) FROM tasks t LEFT"
                         " JOIN outputs o ON o.task = t.id WHERE coalesce(o.file_path, '') <> ''"
                         " GROUP BY t.created_at, t.id ORDER BY"
                         " t.created_at DESC, t.id DESC")),
                 qPrintable(q.lastError().text()));
        QStringList plan;
        while (q.next())
            plan << q.value(3).toString();
        const QString text = plan.join(QLatin1Char('\n'));
        QVERIFY2(text.contains(QStringLiteral("tasks_created")), qPrintable(text));
        QVERIFY2(!text.contains(QStringLiteral("TEMP B-TREE")), qPrintable(text));
    }
    raw.close();
    raw = {};
    QSqlDatabase::removeDatabase(QStringLiteral("plan"));
}

QTEST_GUILESS_MAIN(tst_LibraryGroups)
#include "tst_librarygroups.moc"
