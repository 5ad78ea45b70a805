// Lineage: what an output was made from (its task's inputs, each found again in the library by
// its bytes, or by its file when no hash was recorded) and where it was used; a deleted parent
// never breaks a child; every statement through an index at 100,000 outputs.

#include "library/library.h"
#include "library/lineage.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

namespace {

QByteArray sha256Of(const QByteArray &bytes)
{
    return QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex();
}

// A second connection to the file: query plans and bulk rows.
class RawDatabase
{
public:
    explicit RawDatabase(const QString &path) : m_name(QStringLiteral("lineage-raw"))
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
    QString plan(const QString &sql) const
    {
        QSqlQuery q(QSqlDatabase::database(m_name, false));
        if (!q.prepare(QStringLiteral("EXPLAIN QUERY PLAN ") + sql))
            return QStringLiteral("error: ") + q.lastError().text();
        for (qsizetype i = 0; i < sql.count(QLatin1Char('?')); ++i)
            q.addBindValue(QStringLiteral("ab"));
        if (!q.exec())
            return QStringLiteral("error: ") + q.lastError().text();
        QStringList details;
        while (q.next())
            details << q.value(3).toString();
        return details.join(QLatin1Char('\n'));
    }
    QString exec(const QString &sql) const // empty when it worked
    {
        QSqlQuery q(QSqlDatabase::database(m_name, false));
        return q.exec(sql) ? QString() : q.lastError().text();
    }

private:
    QString m_name;
};

} // namespace

class tst_Lineage : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void madeFromFindsTheParentInTheGallery();
    void usedInListsTheChildren();
    void inputsNotInTheLibrary();
    void inputWithoutHashIsFoundByItsFile();
    void deletedParentNeverBreaksTheChild_data();
    void deletedParentNeverBreaksTheChild();
    void outputWithoutInputsHasNoLineage();
    void usedInIsNewestFirstAndBounded();
    void statementsUseIndexes();
    void quickAt100000Outputs();

private:
    // A finished text-to-image task with one saved output whose file holds `bytes`.
    OutputRecord addParent(const QString &name, const QByteArray &bytes);
    // A finished task made from `inputs`, with one saved output.
    OutputRecord addChild(const QList<RequestInput> &inputs, const QString &name,
                          const QString &kind = QStringLiteral("image-to-video"));
    RequestInput inputFrom(const OutputRecord &parent,
                           InputRole role = InputRole::FirstFrame) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Library> m_library;
    QString m_path;
    int m_clock = 0;
};

void tst_Lineage::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void tst_Lineage::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_path = m_dir->filePath(QStringLiteral("library.sqlite3"));
    m_library = std::make_unique<Library>();
    const LibraryResult opened = m_library->open(m_path);
    QVERIFY2(opened, qPrintable(opened.message()));
}

void tst_Lineage::cleanup()
{
    m_library.reset();
    m_dir.reset();
}

OutputRecord tst_Lineage::addParent(const QString &name, const QByteArray &bytes)
{
    const QString path = m_dir->filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        qWarning() << "cannot write" << path;
    file.close();
    TaskRecord task;
    task.request.model = QStringLiteral("wan2.2-t2i-flash");
    task.request.prompt = QStringLiteral("a lighthouse at dawn");
    task.state = TaskState::Done;
    task.createdAt = QDateTime(QDate(2026, 1, 1), QTime(12, 0), Qt::UTC).addSecs(++m_clock);
    if (!m_library->addTask(&task))
        qWarning() << "addTask:" << m_library->lastError();
    OutputRecord output;
    output.taskRowId = task.id;
    output.filePath = path;
    output.bytes = bytes.size();
    output.sha256 = sha256Of(bytes);
    output.pixelSize = QSize(64, 64);
    if (!m_library->addOutput(&output))
        qWarning() << "addOutput:" << m_library->lastError();
    return output;
}

OutputRecord tst_Lineage::addChild(const QList<RequestInput> &inputs, const QString &name,
                                   const QString &kind)
{
    TaskRecord task;
    task.request.kind = *mediaKindFromId(kind);
    task.request.model = QStringLiteral("wan2.2-i2v-flash");
    task.request.prompt = QStringLiteral("the light turns");
    task.request.inputs = inputs;
    task.state = TaskState::Done;
    task.createdAt = QDateTime(QDate(2026, 1, 1), QTime(12, 0), Qt::UTC).addSecs(++m_clock);
    if (!m_library->addTask(&task))
        qWarning() << "addTask:" << m_library->lastError();
    const QByteArray bytes = name.toUtf8() + QByteArray(16, 'c');
    QFile file(m_dir->filePath(name));
    if (file.open(QIODevice::WriteOnly))
        file.write(bytes);
    OutputRecord output;
    output.taskRowId = task.id;
    output.filePath = file.fileName();
    output.sha256 = sha256Of(bytes);
    if (!m_library->addOutput(&output))
        qWarning() << "addOutput:" << m_library->lastError();
    return output;
}

RequestInput tst_Lineage::inputFrom(const OutputRecord &parent, InputRole role) const
{
    RequestInput input;
    input.role = role;
    input.localPath = parent.filePath;
    input.sha256 = parent.sha256;
    return input;
}

void tst_Lineage::madeFromFindsTheParentInTheGallery()
{
    const OutputRecord parent = addParent(QStringLiteral("parent.png"), "parent bytes");
    const OutputRecord child = addChild({ inputFrom(parent) }, QStringLiteral("child.mp4"));

    const QList<LineageSource> sources = m_library->madeFrom(child.id);
    QCOMPARE(sources.size(), 1);
    const LineageSource &source = sources.first();
    QCOMPARE(source.state, LineageSource::State::InLibrary);
    QVERIFY(source.isInLibrary());
    QCOMPARE(source.entry.output.id, parent.id);
    QCOMPARE(source.entry.task.id, parent.taskRowId);
    QCOMPARE(source.entry.task.request.prompt, QStringLiteral("a lighthouse at dawn"));
    QVERIFY(source.entry.task.outputs.isEmpty()); // an entry, as the gallery has them
    QCOMPARE(source.input.role, InputRole::FirstFrame);
    QCOMPARE(source.input.sha256, parent.sha256);
    QCOMPARE(source.filePath(), parent.filePath);

    // The same bytes found from a file's provenance (another library, another path).
    RequestInput elsewhere = inputFrom(parent);
    elsewhere.localPath = QStringLiteral("/elsewhere/parent.png");
    const QList<LineageSource> resolved = m_library->resolveInputs({ elsewhere });
    QCOMPARE(resolved.size(), 1);
    QCOMPARE(resolved.first().entry.output.id, parent.id);
    QCOMPARE(resolved.first().filePath(), parent.filePath);
}

void tst_Lineage::usedInListsTheChildren()
{
    const OutputRecord parent = addParent(QStringLiteral("parent.png"), "parent bytes");
    const OutputRecord other = addParent(QStringLiteral("other.png"), "other bytes");
    const OutputRecord first = addChild({ inputFrom(parent) }, QStringLiteral("first.mp4"));
    // A keyframe video between the parent and another image: used in it too, once.
    const OutputRecord second
            = addChild({ inputFrom(parent), inputFrom(other, InputRole::LastFrame) },
                       QStringLiteral("second.mp4"), QStringLiteral("keyframe-to-video"));

    const QList<LibraryEntry> used = m_library->usedIn(parent.sha256);
    QCOMPARE(used.size(), 2);
    QCOMPARE(used.at(0).output.id, second.id); // newest first
    QCOMPARE(used.at(1).output.id, first.id);
    QCOMPARE(used.at(0).task.request.inputs.size(), 2);
    QCOMPARE(m_library->usedIn(other.sha256).size(), 1);
    QVERIFY(m_library->usedIn(first.sha256).isEmpty());
    QVERIFY(m_library->usedIn(QByteArray()).isEmpty());
    // Hashes are hex in any case.
    QCOMPARE(m_library->usedIn(parent.sha256.toUpper()).size(), 2);
}

void tst_Lineage::inputsNotInTheLibrary()
{
    const QString onDisk = m_dir->filePath(QStringLiteral("from-disk.png"));
    QFile file(onDisk);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("a photo");
    file.close();
    RequestInput disk;
    disk.localPath = onDisk;
    disk.sha256 = sha256Of("a photo");
    RequestInput gone;
    gone.role = InputRole::LastFrame;
    gone.localPath = m_dir->filePath(QStringLiteral("gone.png"));
    gone.sha256 = sha256Of("gone");
    RequestInput remote;
    remote.url = QStringLiteral("https://example.com/cat.png");
    const OutputRecord child = addChild({ disk, gone, remote }, QStringLiteral("child.mp4"),
                                        QStringLiteral("keyframe-to-video"));

    const QList<LineageSource> sources = m_library->madeFrom(child.id);
    QCOMPARE(sources.size(), 3);
    QCOMPARE(sources.at(0).state, LineageSource::State::OnDisk);
    QCOMPARE(sources.at(0).filePath(), onDisk);
    QCOMPARE(sources.at(1).state, LineageSource::State::Missing);
    QCOMPARE(sources.at(1).input.localPath, gone.localPath);
    QCOMPARE(sources.at(1).input.sha256, gone.sha256);
    QCOMPARE(sources.at(1).input.role, InputRole::LastFrame);
    QCOMPARE(sources.at(2).state, LineageSource::State::Remote);
    QCOMPARE(sources.at(2).input.url, remote.url);
    QVERIFY(sources.at(2).filePath().isEmpty());
}

void tst_Lineage::inputWithoutHashIsFoundByItsFile()
{
    const OutputRecord parent = addParent(QStringLiteral("parent.png"), "parent bytes");
    RequestInput input = inputFrom(parent);
    input.sha256.clear(); // recorded before its bytes were read
    const OutputRecord child = addChild({ input }, QStringLiteral("child.mp4"));
    const QList<LineageSource> sources = m_library->madeFrom(child.id);
    QCOMPARE(sources.size(), 1);
    QCOMPARE(sources.first().state, LineageSource::State::InLibrary);
    QCOMPARE(sources.first().entry.output.id, parent.id);
}

void tst_Lineage::deletedParentNeverBreaksTheChild_data()
{
    QTest::addColumn<bool>("deleteFiles");
    QTest::addColumn<LineageSource::State>("state");
    QTest::newRow("row and file") << true << LineageSource::State::Missing;
    QTest::newRow("row only") << false << LineageSource::State::OnDisk;
}

void tst_Lineage::deletedParentNeverBreaksTheChild()
{
    QFETCH(bool, deleteFiles);
    QFETCH(LineageSource::State, state);
    const OutputRecord parent = addParent(QStringLiteral("parent.png"), "parent bytes");
    const OutputRecord child = addChild({ inputFrom(parent) }, QStringLiteral("child.mp4"));
    const TaskRecord childTaskBefore = m_library->task(child.taskRowId);

    QVERIFY(m_library->deleteOutputs({ parent.id }, deleteFiles));
    QCOMPARE(m_library->output(parent.id).id, 0);
    QCOMPARE(QFile::exists(parent.filePath), !deleteFiles);

    const QList<LineageSource> sources = m_library->madeFrom(child.id);
    QCOMPARE(sources.size(), 1);
    const LineageSource &source = sources.first();
    QCOMPARE(source.state, state);
    QVERIFY(!source.isInLibrary());
    QCOMPARE(source.entry.output.id, 0);
    QCOMPARE(source.input.localPath, parent.filePath);
    QCOMPARE(source.input.sha256, parent.sha256);
    QCOMPARE(source.input.role, InputRole::FirstFrame);

    // The child itself is untouched: its row, its task with its inputs, its file.
    const OutputRecord after = m_library->output(child.id);
    QCOMPARE(after.id, child.id);
    QCOMPARE(after.filePath, child.filePath);
    QCOMPARE(after.sha256, child.sha256);
    QVERIFY(QFile::exists(child.filePath));
    const TaskRecord childTask = m_library->task(child.taskRowId);
    QCOMPARE(childTask.id, child.taskRowId);
    QCOMPARE(childTask.request, childTaskBefore.request);
    QCOMPARE(m_library->integrityCheck(), QStringLiteral("ok"));
}

void tst_Lineage::outputWithoutInputsHasNoLineage()
{
    const OutputRecord parent = addParent(QStringLiteral("parent.png"), "parent bytes");
    QVERIFY(m_library->madeFrom(parent.id).isEmpty());
    QVERIFY(m_library->madeFrom(987654).isEmpty());
    QVERIFY(m_library->usedIn(parent.sha256).isEmpty());
}

void tst_Lineage::usedInIsNewestFirstAndBounded()
{
    const OutputRecord parent = addParent(QStringLiteral("parent.png"), "parent bytes");
    QList<qint64> children;
    for (int i = 0; i < 5; ++i)
        children.prepend(addChild({ inputFrom(parent) }, QStringLiteral("c%1.mp4").arg(i)).id);
    const QList<LibraryEntry> used = m_library->usedIn(parent.sha256, 3);
    QCOMPARE(used.size(), 3);
    for (int i = 0; i < 3; ++i)
        QCOMPARE(used.at(i).output.id, children.at(i));
    // The output itself is left out when asked (an image edited into itself again).
    QCOMPARE(m_library->usedIn(parent.sha256, 50, children.first()).size(), 4);
}

void tst_Lineage::statementsUseIndexes()
{
    const RawDatabase raw(m_path);
    const QString inputs = raw.plan(LibraryLineage::inputsOfOutputSql());
    QVERIFY2(!inputs.contains(QLatin1String("error")), qPrintable(inputs));
    QVERIFY2(inputs.contains(QLatin1String("INTEGER PRIMARY KEY")), qPrintable(inputs));
    QVERIFY2(!inputs.contains(QLatin1String("SCAN")), qPrintable(inputs));
    const QString bySha = raw.plan(LibraryLineage::outputBySha256Sql());
    QVERIFY2(bySha.contains(QLatin1String("INDEX outputs_sha256")), qPrintable(bySha));
    QVERIFY2(!bySha.contains(QLatin1String("SCAN outputs")), qPrintable(bySha));
    const QString using_ = raw.plan(LibraryLineage::tasksUsingSha256Sql());
    QVERIFY2(using_.contains(QLatin1String("INDEX task_inputs_sha256")), qPrintable(using_));
    QVERIFY2(!using_.contains(QLatin1String("SCAN task_inputs")), qPrintable(using_));
}

void tst_Lineage::quickAt100000Outputs()
{
    const OutputRecord parent = addParent(QStringLiteral("parent.png"), "parent bytes");
    const OutputRecord child = addChild({ inputFrom(parent) }, QStringLiteral("child.mp4"));
    {
        // 100,000 more tasks with an output each, a third of them made from an input of their
        // own: written in one transaction on a second connection.
        const RawDatabase raw(m_path);
        for (const QString &sql :
             { QStringLiteral("BEGIN"),
               QStringLiteral("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1"
                              " FROM n WHERE i < 100000)"
                              " INSERT INTO tasks (region, base_url, state, created_at,"
                              " updated_at) SELECT 'singapore', '', 'done',"
                              " '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z'"
                              " FROM n"),
               QStringLiteral("INSERT INTO outputs (task, idx, file_path, sha256,"
                              " created_at) SELECT id, 0, '/bulk/' || id || '.png',"
                              " printf('%064x', id), created_at FROM tasks"
                              " WHERE created_at < '2026'"),
               QStringLiteral("INSERT INTO task_inputs (task, idx, role, file_path, sha256)"
                              " SELECT id, 0, 'image', '/bulk/in.png', printf('%064x',"
                              " id - 1) FROM tasks WHERE created_at < '2026' AND id % 3 = 0"),
               QStringLiteral("COMMIT") }) {
            const QString error = raw.exec(sql);
            QVERIFY2(error.isEmpty(), qPrintable(error));
        }
    }
    m_library->checkForExternalChanges();

    QElapsedTimer timer;
    timer.start();
    QList<LineageSource> sources;
    QList<LibraryEntry> used;
    for (int i = 0; i < 20; ++i) {
        sources = m_library->madeFrom(child.id);
        used = m_library->usedIn(parent.sha256);
    }
    const qint64 elapsedMs = timer.elapsed();
    QCOMPARE(sources.size(), 1);
    QCOMPARE(sources.first().entry.output.id, parent.id);
    QCOMPARE(used.size(), 1);
    QCOMPARE(used.first().output.id, child.id);
    qInfo("20 × (made from + used in) at 100,000 outputs: %lld ms", elapsedMs);
    // An index seek each: far below a scan of 100,000 rows (tens of ms each), even on a busy
    // machine or under a sanitizer.
    QVERIFY2(elapsedMs < 2000, qPrintable(QString::number(elapsedMs)));
}

QTEST_GUILESS_MAIN(tst_Lineage)
#include "tst_lineage.moc"
