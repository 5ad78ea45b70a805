// What keeps a library of 100,000 results quick, checked for what it answers: keyset pages, counts
// from the search index, the kept model list and row count, streamed reads, the index of tasks
// by state and time.

#include "library/library.h"
#include "library/librarysearch.h"

#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

namespace {

// A second connection to the file, for the straightforward queries the library's must agree with.
class RawDatabase
{
public:
    explicit RawDatabase(const QString &path)
        : m_name(QStringLiteral("scale-raw-%1").arg(++s_counter))
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        db.setDatabaseName(path);
        db.open();
    }
    ~RawDatabase()
    {
        QSqlDatabase::database(m_name, false).close();
        QSqlDatabase::removeDatabase(m_name);
    }
    QStringList column(const QString &sql, const QVariantList &values = {}) const
    {
        QSqlQuery q(QSqlDatabase::database(m_name, false));
        QStringList result;
        if (!q.prepare(sql)) {
            result << QStringLiteral("error: ") + q.lastError().text();
            return result;
        }
        for (const QVariant &value : values)
            q.addBindValue(value);
        if (!q.exec()) {
            result << QStringLiteral("error: ") + q.lastError().text();
            return result;
        }
        while (q.next())
            result << q.value(0).toString();
        return result;
    }
    QString plan(const QString &sql) const // EXPLAIN QUERY PLAN's details, one a line
    {
        QSqlQuery q(QSqlDatabase::database(m_name, false));
        if (!q.exec(QStringLiteral("EXPLAIN QUERY PLAN ") + sql))
            return QStringLiteral("error: ") + q.lastError().text();
        QStringList details;
        while (q.next())
            details << q.value(3).toString();
        return details.join(QLatin1Char('\n'));
    }
    int count(const QString &sql, const QVariantList &values = {}) const
    {
        const QStringList rows = column(sql, values);
        return rows.size() == 1 ? rows.first().toInt() : -1;
    }

private:
    static inline int s_counter = 0;
    QString m_name;
};

QString likeOf(const QString &word)
{
    return QLatin1Char('%') + word + QLatin1Char('%');
}

} // namespace

class tst_LibraryScale : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void keysetPagingAcrossEqualTimes_data();
    void keysetPagingAcrossEqualTimes();
    void countsFromTheIndexEqualAStraightforwardCount_data();
    void countsFromTheIndexEqualAStraightforwardCount();
    void commonWordsAreReadInOrder();
    void wordsOfThousandsOfMatchesAreReadInOrder();
    void countOfEveryRowFollowsWrites();
    void modelListIsKeptUntilANewModel();
    void forEachOutputStreamsInOrder();
    void doneTasksReadThroughAnIndex();
    void demoFilterReadsThroughAnIndex();

private:
    TaskRecord addTask(const QString &prompt, const QDateTime &created,
                       const QString &model = QStringLiteral("wan2.2-t2i-flash"),
                       TaskState state = TaskState::Done);
    OutputRecord addOutput(const TaskRecord &task, int index, const QString &actualPrompt,
                           bool saved = true);
    void fillVaried();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Library> m_library;
    QString m_path;
    QDateTime m_base = QDateTime(QDate(2025, 6, 1), QTime(12, 0), Qt::UTC);
};

void tst_LibraryScale::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void tst_LibraryScale::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_path = m_dir->filePath(QStringLiteral("library.sqlite3"));
    m_library = std::make_unique<Library>();
    const LibraryResult opened = m_library->open(m_path);
    QVERIFY2(opened, qPrintable(opened.message()));
}

void tst_LibraryScale::cleanup()
{
    m_library.reset();
    m_dir.reset();
}

TaskRecord tst_LibraryScale::addTask(const QString &prompt, const QDateTime &created,
                                     const QString &model, TaskState state)
{
    TaskRecord task;
    task.request.model = model;
    task.request.prompt = prompt;
    task.request.size = QSize(1024, 1024);
    task.state = state;
    task.createdAt = created;
    if (!m_library->addTask(&task))
        qWarning() << "addTask:" << m_library->lastError();
    return task;
}

OutputRecord tst_LibraryScale::addOutput(const TaskRecord &task, int index,
                                         const QString &actualPrompt, bool saved)
{
    OutputRecord output;
    output.taskRowId = task.id;
    output.index = index;
    if (saved)
        output.filePath = m_dir->filePath(QStringLiteral("%1-%2.png").arg(task.id).arg(index));
    else
        output.errorCode = QStringLiteral("DataInspectionFailed");
    output.actualPrompt = actualPrompt;
    if (!m_library->addOutput(&output))
        qWarning() << "addOutput:" << m_library->lastError();
    return output;
}

// Tasks whose prompts, and outputs whose actual prompts, match words in every combination: in
// the task and its outputs, in the task only, in one output only, nowhere; some without outputs,
// some outputs failed, some favourites, two models, several tasks at the very same time.
void tst_LibraryScale::fillVaried()
{
    const QStringList prompts
            = { QStringLiteral("a lighthouse at dawn"),
                QStringLiteral("an orange cat on a windowsill"),
                QStringLiteral("一只橘猫在窗台上睡觉"), QStringLiteral("a red fox in the snow") };
    const QStringList actuals
            = { QString(), QStringLiteral("highly detailed, soft light"),
                QStringLiteral("一只橘猫，画面细腻"), QStringLiteral("a lighthouse, cat and fox") };
    QVERIFY(m_library->runInTransaction([&] {
        for (int i = 0; i < 48; ++i) {
            // Three tasks share each time: keyset paging must not lose or repeat any.
            const QDateTime created = m_base.addSecs((i / 3) * 60);
            const TaskRecord task = addTask(prompts.at(i % prompts.size()), created,
                                            i % 5 == 0 ? QStringLiteral("qwen-image")
                                                       : QStringLiteral("wan2.2-t2i-flash"),
                                            i % 7 == 0 ? TaskState::Failed : TaskState::Done);
            if (i % 7 == 0)
                continue; // a failed task without outputs: a row of its own
            for (int k = 0; k < 1 + i % 3; ++k) {
                const OutputRecord output = addOutput(task, k, actuals.at((i + k) % actuals.size()),
                                                      (i + k) % 4 != 1);
                if ((i + k) % 6 == 0 && !m_library->setFavourite({ output.id }, true))
                    return false;
            }
        }
        return true;
    }));
}

void tst_LibraryScale::keysetPagingAcrossEqualTimes_data()
{
    QTest::addColumn<bool>("newestFirst");
    QTest::addColumn<QString>("text");
    QTest::newRow("newest first") << true << QString();
    QTest::newRow("oldest first") << false << QString();
    QTest::newRow("newest first, searching") << true << QStringLiteral("cat");
    QTest::newRow("oldest first, a short word") << false << QStringLiteral("橘");
}

void tst_LibraryScale::keysetPagingAcrossEqualTimes()
{
    QFETCH(bool, newestFirst);
    QFETCH(QString, text);
    fillVaried();
    LibraryQuery query;
    query.newestFirst = newestFirst;
    query.text = text;
    const QList<LibraryEntry> all = m_library->findOutputs(query);
    QVERIFY(all.size() > 20);

    // After every task in turn: exactly the rows that follow its own, in the same order, however
    // many tasks share its time.
    for (qsizetype i = 0; i < all.size(); ++i) {
        if (i + 1 < all.size() && all.at(i + 1).task.id == all.at(i).task.id)
            continue; // not the task's last row
        LibraryQuery after = query;
        after.afterCreatedAt = all.at(i).task.createdAt;
        after.afterTaskRowId = all.at(i).task.id;
        const QList<LibraryEntry> rest = m_library->findOutputs(after);
        QCOMPARE(rest.size(), all.size() - i - 1);
        for (qsizetype k = 0; k < rest.size(); ++k) {
            QCOMPARE(rest.at(k).task.id, all.at(i + 1 + k).task.id);
            QCOMPARE(rest.at(k).output.id, all.at(i + 1 + k).output.id);
        }
        // Limits page within what follows; counts ignore the keyset.
        after.limit = 2;
        QCOMPARE(m_library->findOutputs(after).size(), qMin<qsizetype>(2, rest.size()));
        QCOMPARE(m_library->countOutputs(after), int(all.size()));
    }
}

void tst_LibraryScale::countsFromTheIndexEqualAStraightforwardCount_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("words"); // each must be in the prompt, negative or actual
    QTest::newRow("task and output")
            << QStringLiteral("lighthouse") << QStringList { QStringLiteral("lighthouse") };
    QTest::newRow("output only") << QStringLiteral("detailed")
                                 << QStringList { QStringLiteral("detailed") };
    QTest::newRow("chinese") << QStringLiteral("橘猫在")
                             << QStringList { QStringLiteral("橘猫在") };
    QTest::newRow("two words") << QStringLiteral("cat fox")
                               << QStringList { QStringLiteral("cat"), QStringLiteral("fox") };
    QTest::newRow("long and short")
            << QStringLiteral("橘 light")
            << QStringList { QStringLiteral("橘"), QStringLiteral("light") };
    QTest::newRow("short only") << QStringLiteral("a") << QStringList { QStringLiteral("a") };
    QTest::newRow("nothing") << QStringLiteral("zebra") << QStringList { QStringLiteral("zebra") };
}

void tst_LibraryScale::countsFromTheIndexEqualAStraightforwardCount()
{
    QFETCH(QString, text);
    QFETCH(QStringList, words);
    fillVaried();
    RawDatabase raw(m_path);

    struct Narrowing
    {
        const char *name;
        std::function<void(LibraryQuery *)> apply;
        QString sql;
        QVariantList values;
    };
    const QList<Narrowing> narrowings = {
        { "alone", [](LibraryQuery *) {}, QString(), {} },
        { "model",
          [](LibraryQuery *q) { q->model = QStringLiteral("qwen-image"); },
          QStringLiteral(" AND t.model = ?"),
          { QStringLiteral("qwen-image") } },
        { "favourites",
          [](LibraryQuery *q) { q->favouritesOnly = true; },
          QStringLiteral(" AND o.favourite <> 0"),
          {} },
        { "saved",
          [](LibraryQuery *q) { q->savedOnly = true; },
          QStringLiteral(" AND o.file_path IS NOT NULL AND o.file_path <> ''"),
          {} },
        { "failed",
          [](LibraryQuery *q) { q->states = { TaskState::Failed }; },
          QStringLiteral(" AND t.state = 'failed'"),
          {} },
    };
    for (const Narrowing &narrowing : narrowings) {
        // The straightforward count: every row of the join, each word looked for with LIKE.
        QString sql = QStringLiteral(
                "SELECT count(*) FROM tasks t LEFT JOIN outputs o ON o.task = t.id WHERE 1");
        QVariantList values;
        for (const QString &word : words) {
            sql += QStringLiteral(" AND (t.prompt LIKE ? OR t.negative_prompt LIKE ?"
                                  " OR o.actual_prompt LIKE ?)");
            values << likeOf(word) << likeOf(word) << likeOf(word);
        }
        sql += narrowing.sql;
        values += narrowing.values;
        const int expected = raw.count(sql, values);
        QVERIFY2(expected >= 0, qPrintable(raw.column(sql, values).join(QLatin1Char(' '))));

        LibraryQuery query;
        query.text = text;
        narrowing.apply(&query);
        QVERIFY2(m_library->countOutputs(query) == expected,
                 qPrintable(QStringLiteral("%1: %2, expected %3")
                                    .arg(QLatin1String(narrowing.name))
                                    .arg(m_library->countOutputs(query))
                                    .arg(expected)));
        QCOMPARE(m_library->findOutputs(query).size(), expected);
    }
}

void tst_LibraryScale::commonWordsAreReadInOrder()
{
    // A word with more matches than are worth sorting: the rows are read in order instead, and
    // the count is one a caller makes off the GUI thread.
    const int tasks = LibrarySearch::MaxDrivingMatches / 2 + 100;
    QVERIFY(m_library->runInTransaction([&] {
        for (int i = 0; i < tasks; ++i) {
            const TaskRecord task
                    = addTask(i % 500 == 0 ? QStringLiteral("a rare lighthouse %1").arg(i)
                                           : QStringLiteral("a common fox %1").arg(i),
                              m_base.addSecs(i % 1000));
            addOutput(task, 0, QStringLiteral("common light"));
        }
        return true;
    }));
    RawDatabase raw(m_path);
    LibraryQuery common;
    common.text = QStringLiteral("common");
    QVERIFY(!m_library->quickCountOutputs(common).has_value());
    QCOMPARE(m_library->countOutputs(common), tasks);
    common.text = QStringLiteral("common fox");
    QCOMPARE(m_library->countOutputs(common),
             raw.count(QStringLiteral(
                     "SELECT count(*) FROM tasks WHERE prompt LIKE '%common fox%'")));
    common.limit = 30;
    const QList<LibraryEntry> page = m_library->findOutputs(common);
    const QStringList expected
            = raw.column(QStringLiteral("SELECT id FROM tasks WHERE prompt LIKE '%common fox%'"
                                        " ORDER BY created_at DESC, id DESC LIMIT 30"));
    QCOMPARE(page.size(), expected.size());
    for (qsizetype i = 0; i < page.size(); ++i)
        QCOMPARE(QString::number(page.at(i).task.id), expected.at(i));

    // A rare word beside it answers from the index.
    LibraryQuery rare;
    rare.text = QStringLiteral("common lighthouse");
    QCOMPARE(m_library->quickCountOutputs(rare), std::optional<int>(tasks / 500 + 1));
}

void tst_LibraryScale::wordsOfThousandsOfMatchesAreReadInOrder()
{
    // A word alone of 3,000 index entries (a task's prompt and its output's each): sorting them
    // all was 2-6× slower at 100,000 images than reading in order until a page is full (README,
    // "Library at scale"). With a second word, or alone with 150, it answers from the index.
    QVERIFY(m_library->runInTransaction([&] {
        for (int i = 0; i < 1500; ++i) {
            const TaskRecord task
                    = addTask(i % 10 == 0 ? QStringLiteral("a harbour at night %1").arg(i)
                                          : QStringLiteral("a harbour at dawn %1").arg(i),
                              m_base.addSecs(i));
            addOutput(task, 0, QStringLiteral("harbour"));
        }
        return true;
    }));
    LibraryQuery thousands;
    thousands.text = QStringLiteral("harbour");
    QVERIFY(!m_library->quickCountOutputs(thousands).has_value());
    QCOMPARE(m_library->countOutputs(thousands), 1500);
    LibraryQuery hundreds;
    hundreds.text = QStringLiteral("night");
    QCOMPARE(m_library->quickCountOutputs(hundreds), std::optional<int>(150));
    LibraryQuery twoWords;
    twoWords.text = QStringLiteral("harbour dawn");
    QCOMPARE(m_library->quickCountOutputs(twoWords), std::optional<int>(1350));
}

void tst_LibraryScale::countOfEveryRowFollowsWrites()
{
    fillVaried();
    RawDatabase raw(m_path);
    const QString straightforward
            = QStringLiteral("SELECT count(*) FROM tasks t LEFT JOIN outputs o ON o.task = t.id");
    QCOMPARE(m_library->countOutputs({}), raw.count(straightforward));

    // A task without outputs is a row; its first output takes that row, the second adds one.
    const TaskRecord task = addTask(QStringLiteral("new"), m_base.addDays(5));
    QCOMPARE(m_library->countOutputs({}), raw.count(straightforward));
    addOutput(task, 0, QString());
    QCOMPARE(m_library->countOutputs({}), raw.count(straightforward));
    const OutputRecord second = addOutput(task, 1, QString());
    QCOMPARE(m_library->countOutputs({}), raw.count(straightforward));
    QVERIFY(m_library->deleteOutputs({ second.id }, false));
    QCOMPARE(m_library->countOutputs({}), raw.count(straightforward));
    QVERIFY(m_library->deleteTasks({ task.id }, false));
    QCOMPARE(m_library->countOutputs({}), raw.count(straightforward));

    // Another process's writes, once seen.
    Library other;
    QVERIFY(other.open(m_path));
    TaskRecord elsewhere;
    elsewhere.request.prompt = QStringLiteral("from the command line");
    elsewhere.request.model = QStringLiteral("wan2.2-t2i-flash");
    QVERIFY(other.addTask(&elsewhere));
    QVERIFY(m_library->checkForExternalChanges());
    QCOMPARE(m_library->countOutputs({}), raw.count(straightforward));

    // A rolled-back transaction leaves nothing behind, nor a count that saw it.
    QVERIFY(!m_library->runInTransaction([&] {
        addTask(QStringLiteral("abandoned"), m_base);
        return m_library->countOutputs({}) < 0;
    }));
    QCOMPARE(m_library->countOutputs({}), raw.count(straightforward));
}

void tst_LibraryScale::modelListIsKeptUntilANewModel()
{
    fillVaried();
    const QStringList models = { QStringLiteral("qwen-image"), QStringLiteral("wan2.2-t2i-flash") };
    QCOMPARE(m_library->models(), models);

    // Updates of a task of a known model leave the list as it is; a new model joins it.
    TaskRecord task = addTask(QStringLiteral("running"), m_base.addDays(3),
                              QStringLiteral("qwen-image"), TaskState::Running);
    QCOMPARE(m_library->models(), models);
    task.state = TaskState::Downloading;
    QVERIFY(m_library->updateTask(task));
    QCOMPARE(m_library->models(), models);
    TaskRecord fresh = addTask(QStringLiteral("new model"), m_base.addDays(4),
                               QStringLiteral("wan2.6-t2i"), TaskState::Queued);
    QCOMPARE(m_library->models(), models + QStringList { QStringLiteral("wan2.6-t2i") });
    // ... and leaves with its last task.
    QVERIFY(m_library->deleteTasks({ fresh.id }, false));
    QCOMPARE(m_library->models(), models);

    // A model first used by another process, once its task is seen.
    Library other;
    QVERIFY(other.open(m_path));
    TaskRecord elsewhere;
    elsewhere.request.prompt = QStringLiteral("from the command line");
    elsewhere.request.model = QStringLiteral("a-model-from-elsewhere");
    QVERIFY(other.addTask(&elsewhere));
    QVERIFY(m_library->checkForExternalChanges());
    QVERIFY(m_library->models().contains(QStringLiteral("a-model-from-elsewhere")));
}

void tst_LibraryScale::forEachOutputStreamsInOrder()
{
    QVERIFY(m_library->runInTransaction([&] {
        for (int i = 0; i < 400; ++i) {
            const TaskRecord task = addTask(QStringLiteral("task %1").arg(i), m_base.addSecs(i));
            addOutput(task, 0, QString());
            addOutput(task, 1, QString());
        }
        return true;
    }));
    LibraryQuery query;
    const QList<LibraryEntry> all = m_library->findOutputs(query);
    QCOMPARE(all.size(), 800);
    QList<qint64> visited;
    m_library->forEachOutput(query, [&](const LibraryEntry &entry) {
        visited.append(entry.output.id);
        return true;
    });
    QCOMPARE(visited.size(), all.size());
    for (qsizetype i = 0; i < all.size(); ++i)
        QCOMPARE(visited.at(i), all.at(i).output.id);

    // It stops when asked to, and honours the limit and the media filter.
    int seen = 0;
    m_library->forEachOutput(query, [&](const LibraryEntry &) { return ++seen < 3; });
    QCOMPARE(seen, 3);
    query.limit = 300;
    seen = 0;
    m_library->forEachOutput(query, [&](const LibraryEntry &) { return ++seen > 0; });
    QCOMPARE(seen, 300);
    query.media = MediaFilter::Videos;
    seen = 0;
    m_library->forEachOutput(query, [&](const LibraryEntry &) { return ++seen > 0; });
    QCOMPARE(seen, 0);
}

void tst_LibraryScale::doneTasksReadThroughAnIndex()
{
    fillVaried();
    // The task list's estimates: the most recent done tasks, newest first.
    LibraryQuery query;
    query.states = { TaskState::Done };
    query.limit = 5;
    const QList<TaskRecord> done = m_library->findTasks(query);
    RawDatabase raw(m_path);
    const QStringList expected
            = raw.column(QStringLiteral("SELECT id FROM tasks WHERE state = 'done'"
                                        " ORDER BY created_at DESC, id DESC LIMIT 5"));
    QStringList ids;
    for (const TaskRecord &task : done) {
        ids << QString::number(task.id);
        QVERIFY(!task.outputs.isEmpty());
    }
    QCOMPARE(ids, expected);

    // Through an index, in order, stopping at the limit: no sort of every done task.
    const QString plan
            = raw.plan(QStringLiteral("SELECT id FROM tasks t WHERE t.state IN ('done')"
                                      " ORDER BY t.created_at DESC, t.id DESC LIMIT 200"));
    QVERIFY2(plan.contains(QLatin1String("tasks_state_created")), qPrintable(plan));
    QVERIFY2(!plan.contains(QLatin1String("TEMP B-TREE")), qPrintable(plan));

    // The filter's lists read at every start come from indexes, not from every task row.
    const QString models = raw.plan(
            QStringLiteral("SELECT DISTINCT model FROM tasks WHERE model <> '' ORDER BY model"));
    QVERIFY2(models.contains(QLatin1String("COVERING INDEX tasks_model")), qPrintable(models));
    const QString sizes = raw.plan(
            QStringLiteral("SELECT DISTINCT width, height FROM tasks WHERE width > 0 AND height > 0"
                           " ORDER BY width * height, width"));
    QVERIFY2(sizes.contains(QLatin1String("COVERING INDEX tasks_size")), qPrintable(sizes));
    QCOMPARE(m_library->sizes(), QList<QSize> { QSize(1024, 1024) });

    // Unfinished tasks (resumed at every start) by the states they may be in.
    addTask(QStringLiteral("running"), m_base.addDays(1), QStringLiteral("qwen-image"),
            TaskState::Running);
    addTask(QStringLiteral("paused"), m_base.addDays(2), QStringLiteral("qwen-image"),
            TaskState::Paused);
    QStringList unfinished;
    for (const TaskRecord &task : m_library->unfinishedTasks())
        unfinished << task.request.prompt;
    QCOMPARE(unfinished, (QStringList { QStringLiteral("running"), QStringLiteral("paused") }));
}

void tst_LibraryScale::demoFilterReadsThroughAnIndex()
{
    // Mostly demo results, a few real ones: "Hide demo results" still reads a page in order from
    // an index and stops at its limit, where tasks_created would step over every demo task.
    QVERIFY(m_library->runInTransaction([&] {
        for (int i = 0; i < 600; ++i) {
            TaskRecord task;
            task.request.model = QStringLiteral("wan2.2-t2i-flash");
            task.request.prompt = QStringLiteral("task %1").arg(i);
            task.state = TaskState::Done;
            task.createdAt = m_base.addSecs(i);
            task.demo = i % 50 != 0;
            if (!m_library->addTask(&task))
                return false;
            addOutput(task, 0, QString());
        }
        return true;
    }));
    LibraryQuery real;
    real.savedOnly = true;
    real.demo = DemoFilter::Hide;
    real.limit = 5;
    QStringList ids;
    for (const LibraryEntry &entry : m_library->findOutputs(real)) {
        QVERIFY(!entry.task.demo);
        ids << QString::number(entry.task.id);
    }
    RawDatabase raw(m_path);
    QCOMPARE(ids,
             raw.column(QStringLiteral("SELECT id FROM tasks WHERE demo = 0"
                                       " ORDER BY created_at DESC, id DESC LIMIT 5")));
    QCOMPARE(m_library->countOutputs(real), 12);
    real.demo = DemoFilter::Only;
    QCOMPARE(m_library->countOutputs(real), 588);

    // The gallery's own query, as the library builds it.
    for (const DemoFilter filter : { DemoFilter::Hide, DemoFilter::Only }) {
        LibraryQuery page;
        page.savedOnly = true;
        page.demo = filter;
        const LibrarySearch::Filter where = LibrarySearch::filterFor(page);
        const QString plan = raw.plan(
                QStringLiteral("SELECT t.id") + LibrarySearch::fromTasksAndOutputs() + where.where()
                + LibrarySearch::orderBy(true) + QStringLiteral(" LIMIT 100"));
        QVERIFY2(plan.contains(QLatin1String("tasks_demo_created")), qPrintable(plan));
        QVERIFY2(!plan.contains(QLatin1String("TEMP B-TREE FOR ORDER BY")), qPrintable(plan));
    }
}

QTEST_GUILESS_MAIN(tst_LibraryScale)
#include "tst_libraryscale.moc"
