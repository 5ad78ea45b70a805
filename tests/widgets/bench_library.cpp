// Benchmark of the library at scale (not a test, never run by ctest): creates libraries of 100,
// 1,000 and 10,000 images in temporary directories through the real Library API, then opens
// each in the real desktop program (DesktopApp: the MainWindow on the GalleryModel and the
// ThumbnailCache) and prints, one figure per line, what a person waits for:
//
//   window shown       from the spawn of the process to the first paint of the main window
//   thumbnails painted from the spawn to the first paint of the gallery in which every visible
//                      cell has its thumbnail; cold (empty thumbnail cache) and warm (second open)
//   search             typing into the search field and pressing Enter, until the gallery model
//                      has its rows (median and max over 20 queries typed like a person), and
//                      until the gallery has painted them
//   peak memory        the process's maximum resident set size (getrusage ru_maxrss)
//   task updates       while a search is shown, a task's life as the engine writes it (added,
//                      its states, its image saved, done; once with a model the library has
//                      not seen): the longest the GUI thread is held by one write and what
//                      reacts to it
//   scrolling          then to the oldest image with the End key (the rows shown read): one
//                      press at once after the gallery is shown again (its rows still being laid
//                      out), then pressed again every 100 ms; and the peak memory after it
//
// Every open runs in a fresh process (this program with --measure), so caches and memory do not
// leak from one size to the next; each figure is the median of --repeat opens. "Cold" means the
// thumbnail cache is empty; the operating system's file cache is left alone (the files were just
// written, as they are for someone who generated them).
//
//   bench_library [--sizes 100,10000,100000] [--repeat 3] [--image-size 256] [--keep]
//                 [--distinct-files 400] [--libraries DIR]
//
// The libraries are made first (--libraries DIR keeps them in DIR/N and reuses them next time),
// then opened in rounds over all sizes, so other work on the machine weighs on every size alike.
// The CPU time of the process (every thread) until the thumbnails are painted is printed too:
// it varies less than the wall time on a busy machine.
//
// Runs offscreen (QT_QPA_PLATFORM=offscreen unless set), so it needs no display.

#include "desktop/desktopapp.h"
#include "library/library.h"
#include "models/gallerymodel.h"
#include "simulator/simulatedimage.h"
#include "widgets/galleryview.h"
#include "widgets/mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QKeyEvent>
#include <QLineEdit>
#include <QLoggingCategory>
#include <QProcess>
#include <QRandomGenerator>
#include <QScrollBar>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>
#include <QtConcurrent/QtConcurrentMap>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <map>
#include <memory>
#include <numeric>
#include <sys/resource.h>
#include <vector>

namespace {

// The targets of issue 14 ("A library of 100,000 results"), the largest library against the
// smallest.
constexpr double MaxOpenRatio = 1.5;
constexpr double MaxMemoryGrowthMiB = 100.0;
constexpr double MaxSearchPaintedMs = 50.0; // the first page of results of any query
constexpr double MaxScrolledMs = 1000.0; // to the oldest image
constexpr double MaxStallMs = 50.0; // the GUI thread held by one task update

qint64 monotonicNs()
{
    // steady_clock is CLOCK_MONOTONIC on Linux: one clock for the parent and its children.
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
                   std::chrono::steady_clock::now().time_since_epoch())
            .count();
}

qint64 peakRssKiB()
{
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss; // KiB on Linux
}

double cpuTimeMs()
{
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    const auto ms
            = [](const timeval &t) { return double(t.tv_sec) * 1000 + double(t.tv_usec) / 1000; };
    return ms(usage.ru_utime) + ms(usage.ru_stime);
}

double threadCpuMs() // the calling thread's CPU time: what the GUI thread itself spent
{
    timespec t {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return double(t.tv_sec) * 1000 + double(t.tv_nsec) / 1e6;
}

double median(QList<double> values)
{
    if (values.isEmpty())
        return -1;
    std::sort(values.begin(), values.end());
    const qsizetype middle = values.size() / 2;
    return values.size() % 2 ? values.at(middle) : (values.at(middle - 1) + values.at(middle)) / 2;
}

double maximum(const QList<double> &values)
{
    return values.isEmpty() ? -1 : *std::max_element(values.cbegin(), values.cend());
}

// --- making a library -----------------------------------------------------------------------

// Prompts as people write them: English and Chinese, subjects with a setting and a style, so
// words recur across thousands of entries (search has real work) without being all the same.
const char *const Subjects[] = {
    "an orange cat asleep on a windowsill",
    "一只橘猫在窗台上睡觉",
    "a lighthouse on a rocky coast",
    "海边悬崖上的灯塔",
    "a red fox in fresh snow",
    "雪地里的红狐狸",
    "a mountain lake with pines",
    "松树环绕的高山湖泊",
    "an old town street with lanterns",
    "挂着灯笼的古镇街道",
    "a bowl of ramen with steam",
    "一碗热气腾腾的拉面",
    "a koi pond under cherry blossoms",
    "樱花下的锦鲤池",
    "a cyberpunk city street",
    "赛博朋克风格的城市街道",
    "a portrait of an astronaut",
    "宇航员肖像",
    "a tea house in the bamboo forest",
    "竹林中的茶馆",
    "a black cat on a bookshelf",
    "书架上的黑猫",
    "a sailing boat at sea",
    "海上的帆船",
    "a field of sunflowers",
    "向日葵花田",
};
const char *const Moods[] = {
    "at dawn",
    "清晨",
    "at sunset",
    "黄昏时分",
    "in the rain",
    "雨中",
    "under a full moon",
    "月光下",
    "in winter",
    "冬天",
    "on a misty morning",
    "薄雾中",
    "at night with neon lights",
    "夜晚霓虹灯下",
};
const char *const Styles[] = {
    "watercolor",          "水彩画",     "oil painting",        "油画",
    "ink wash painting",   "水墨画",     "photorealistic",      "写实摄影",
    "studio ghibli style", "吉卜力风格", "isometric 3D render", "等距3D渲染",
    "film photo, 35mm",    "胶片摄影",
};
const char *const Negatives[]
        = { "", "", "blurry, low quality", "模糊，低质量", "text, watermark", "文字，水印" };
const char *const Models[] = { "wan2.5-t2i-preview", "wan2.2-t2i-flash", "wan2.2-t2i-plus",
                               "qwen-image", "wanx2.1-t2i-turbo" };
const QSize Sizes[] = { { 1024, 1024 }, { 1280, 1280 }, { 1280, 720 }, { 720, 1280 } };

template<typename T, std::size_t N>
T pick(QRandomGenerator &random, const T (&items)[N])
{
    return items[random.bounded(int(N))];
}

struct MadeImage
{
    QString path;
    QString prompt;
    qint64 seed = 0;
    qint64 bytes = 0;
    QByteArray sha256;
    QString error;
};

// Creates `count` images (as tasks of 1 to 4 images, newest first over the last year) in
// `directory`/library.sqlite3 through the Library API, their PNGs rendered by the simulator's
// SimulatedImage at imageSide×imageSide. At most `distinctFiles` PNGs are rendered; further
// images refer to those files again (a library of 100,000 is then quick to make, and the
// thumbnails on one screen are still different files).
bool makeLibrary(const QString &directory, int count, int imageSide, int distinctFiles,
                 int *taskCount, qint64 *fileBytes)
{
    QRandomGenerator random(quint32(20240611 + count));
    struct PlannedTask
    {
        TaskRecord task;
        int firstImage = 0;
    };
    QList<PlannedTask> tasks;
    QList<MadeImage> images;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    qint64 secondsAgo = 0;
    const QDir imageDir(QDir(directory).filePath(QStringLiteral("images")));
    QDir().mkpath(imageDir.path());
    while (images.size() < count) {
        PlannedTask planned;
        TaskRecord &task = planned.task;
        const QString subject = QString::fromUtf8(pick(random, Subjects));
        task.request.model = QString::fromLatin1(pick(random, Models));
        task.request.prompt = subject + QStringLiteral(", ")
                + QString::fromUtf8(pick(random, Moods)) + QStringLiteral(", ")
                + QString::fromUtf8(pick(random, Styles));
        task.request.negativePrompt = QString::fromUtf8(pick(random, Negatives));
        task.request.size = pick(random, Sizes);
        task.request.count = std::min(1 + int(random.bounded(4)), count - int(images.size()));
        task.request.seed = qint64(random.bounded(2147483647));
        task.taskId = QStringLiteral("bench-%1-%2").arg(count).arg(tasks.size());
        task.requestId = QStringLiteral("req-%1").arg(tasks.size());
        task.state = TaskState::Done;
        task.serviceStatus = QStringLiteral("SUCCEEDED");
        // A few a day, a year back: the gallery sorts by creation time.
        secondsAgo += 60 + random.bounded(365 * 24 * 3600 / std::max(1, count / 3));
        task.createdAt = now.addSecs(-secondsAgo);
        task.updatedAt = task.createdAt.addSecs(20);
        task.finishedAt = task.updatedAt;
        planned.firstImage = int(images.size());
        for (int i = 0; i < task.request.count; ++i) {
            MadeImage image;
            image.seed = *task.request.seed + i;
            image.prompt = task.request.prompt;
            image.path = imageDir.filePath(QStringLiteral("%1_%2.png").arg(task.taskId).arg(i));
            if (images.size() >= distinctFiles) {
                // The file of an earlier image, with its bytes and hash (filled in after
                // rendering).
                image.path.clear();
                image.bytes = images.size() % distinctFiles; // the index of the file it reuses
            }
            images.append(image);
        }
        tasks.append(planned);
    }

    // Rendering is the slow part: on every core.
    QList<MadeImage> rendered = images.mid(0, std::min<qsizetype>(images.size(), distinctFiles));
    QtConcurrent::blockingMap(rendered, [imageSide](MadeImage &image) {
        const QByteArray png
                = SimulatedImage { image.prompt, image.seed, QSize(imageSide, imageSide) }.toPng();
        QFile file(image.path);
        if (png.isEmpty() || !file.open(QIODevice::WriteOnly) || file.write(png) != png.size()) {
            image.error = QStringLiteral("cannot write %1").arg(image.path);
            return;
        }
        image.bytes = png.size();
        image.sha256 = QCryptographicHash::hash(png, QCryptographicHash::Sha256).toHex();
    });
    for (qsizetype i = 0; i < images.size(); ++i) {
        MadeImage &image = images[i];
        const MadeImage &file = rendered.at(i < rendered.size() ? i : qsizetype(image.bytes));
        image.path = file.path;
        image.bytes = file.bytes;
        image.sha256 = file.sha256;
        image.error = file.error;
    }

    Library library;
    const QString error
            = library.open(QDir(directory).filePath(QStringLiteral("library.sqlite3"))).message();
    if (!error.isEmpty()) {
        std::fprintf(stderr, "cannot create the library: %s\n", qPrintable(error));
        return false;
    }
    *fileBytes = 0;
    for (const MadeImage &file : std::as_const(rendered))
        *fileBytes += file.bytes;
    const LibraryResult stored = library.runInTransaction([&] {
        for (PlannedTask &planned : tasks) {
            if (!library.addTask(&planned.task))
                return false;
            for (int i = 0; i < planned.task.request.count; ++i) {
                const MadeImage &made = images.at(planned.firstImage + i);
                if (!made.error.isEmpty()) {
                    std::fprintf(stderr, "%s\n", qPrintable(made.error));
                    return false;
                }
                OutputRecord image;
                image.taskRowId = planned.task.id;
                image.index = i;
                image.filePath = made.path;
                image.pixelSize = QSize(imageSide, imageSide);
                image.bytes = made.bytes;
                image.sha256 = made.sha256;
                image.seed = made.seed;
                image.actualPrompt = made.prompt
                        + (random.bounded(2)
                                   ? QStringLiteral("，画面细腻，光影柔和，高清细节")
                                   : QStringLiteral(", highly detailed, soft light, sharp focus"));
                image.favourite = random.bounded(20) == 0;
                image.createdAt = planned.task.finishedAt;
                if (!library.addOutput(&image))
                    return false;
            }
        }
        return true;
    });
    if (!stored) {
        std::fprintf(stderr, "cannot fill the library: %s\n", qPrintable(library.lastError()));
        return false;
    }
    *taskCount = int(tasks.size());
    return true;
}

// --- one open, in its own process -----------------------------------------------------------

// What a person types, keystroke by keystroke (each one a query: the worst case, as if the
// search field had no delay), in English and Chinese.
const char *const Queries[] = {
    "c",
    "ca",
    "cat",
    "橘",
    "橘猫",
    "l",
    "li",
    "lig",
    "ligh",
    "light",
    "lighthouse",
    "lighthouse d",
    "lighthouse da",
    "lighthouse dawn",
    "水",
    "水墨",
    "fox",
    "red fox",
    "\"cherry blossoms\"",
    "雨中",
};

// Watches painting: the first paint of the window, and the first paint of the gallery in which
// every visible cell has its thumbnail.
class PaintWatcher final : public QObject
{
public:
    PaintWatcher(MainWindow *window, qint64 originNs) : m_window(window), m_origin(originNs) { }

    double windowShownMs = -1;
    double thumbnailsPaintedMs = -1;
    double cpuMs = -1;
    int visibleCells = 0;
    int galleryPaints = 0;
    std::function<void()> onThumbnailsPainted;
    std::function<void()> onGalleryPainted; // every gallery paint

    double sinceOrigin() const { return double(monotonicNs() - m_origin) / 1e6; }

    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() != QEvent::Paint || !watched->isWidgetType())
            return false;
        auto *widget = static_cast<QWidget *>(watched);
        if (widget->window() != m_window)
            return false;
        if (windowShownMs < 0) {
            // Stamped once this paint (and the rest of the window's) is done.
            windowShownMs = 0;
            QTimer::singleShot(0, this, [this] { windowShownMs = sinceOrigin(); });
        }
        GalleryView *view = m_window->galleryView();
        if (watched != view->viewport())
            return false;
        ++galleryPaints;
        if (onGalleryPainted)
            QTimer::singleShot(0, this, [this] {
                if (onGalleryPainted)
                    onGalleryPainted();
            });
        if (thumbnailsPaintedMs < 0 && allVisibleThumbnailsReady(view)) {
            thumbnailsPaintedMs = 0;
            QTimer::singleShot(0, this, [this] {
                thumbnailsPaintedMs = sinceOrigin();
                cpuMs = cpuTimeMs();
                if (onThumbnailsPainted)
                    onThumbnailsPainted();
            });
        }
        return false;
    }

private:
    // Asked just before the gallery paints: what it is about to show.
    bool allVisibleThumbnailsReady(GalleryView *view)
    {
        const QAbstractItemModel *model = view->model();
        const QRect visible = view->viewport()->rect();
        int cells = 0;
        for (int row = 0; row < model->rowCount(); ++row) {
            const QModelIndex index = model->index(row, 0);
            const QRect rect = view->visualRect(index);
            if (!rect.isValid() || !rect.intersects(visible)) {
                if (cells > 0)
                    break; // past the first screen
                continue;
            }
            ++cells;
            if (index.data(GalleryModel::HasImageRole).toBool()
                && index.data(GalleryModel::ThumbnailRole).value<QImage>().isNull())
                return false;
        }
        visibleCells = cells;
        return cells > 0;
    }

    MainWindow *m_window;
    qint64 m_origin;
};

int runMeasure(int argc, char *argv[], const QString &directory, qint64 originNs)
{
    QApplication app(argc, argv);
    // The settings and secrets are the benchmark's own; nothing of the person's is touched.
    QStandardPaths::setTestModeEnabled(true);
    QApplication::setWindowIcon(applicationIcon());

    DesktopOptions options;
    options.dataDirectory = directory;
    options.settingsFile = QDir(directory).filePath(QStringLiteral("settings.ini"));
    options.secretBackend = SecretStore::Backend::Memory;
    DesktopApp desktop(options);
    if (const ApiError error = desktop.initialize(); error.isError()) {
        std::fprintf(stderr, "cannot open the library: %s\n", qPrintable(error.message));
        return 1;
    }
    PaintWatcher watcher(desktop.window(), originNs);
    app.installEventFilter(&watcher);

    QTimer::singleShot(60000, &app, [&] {
        std::fprintf(stderr,
                     "gave up: no painted thumbnails after 60 s (window %s, %d gallery paints, %d "
                     "rows)\n",
                     watcher.windowShownMs >= 0 ? "painted" : "not painted", watcher.galleryPaints,
                     desktop.gallery()->rowCount());
        const QString screenshot = qEnvironmentVariable("BENCH_LIBRARY_SCREENSHOT");
        if (!screenshot.isEmpty())
            desktop.window()->grab().save(screenshot);
        QCoreApplication::exit(2);
    });

    watcher.onThumbnailsPainted = [&] {
        auto *search = desktop.window()->findChild<QLineEdit *>(QStringLiteral("searchEdit"));
        if (!search) {
            std::fprintf(stderr, "no search field\n");
            QCoreApplication::exit(1);
            return;
        }
        // For a look at what was measured: BENCH_LIBRARY_SCREENSHOT=file.png
        const QString screenshot = qEnvironmentVariable("BENCH_LIBRARY_SCREENSHOT");
        if (!screenshot.isEmpty())
            desktop.window()->grab().save(screenshot);
        std::printf("shown %.1f\npainted %.1f\ncpu %.1f\nvisible %d\nrss-open %lld\n",
                    watcher.windowShownMs, watcher.thumbnailsPaintedMs, watcher.cpuMs,
                    watcher.visibleCells, static_cast<long long>(peakRssKiB()));
        // For profiling the open alone: BENCH_LIBRARY_OPEN_ONLY=1
        const bool openOnly = qEnvironmentVariableIntValue("BENCH_LIBRARY_OPEN_ONLY") != 0;
        for (const char *text : Queries) {
            if (openOnly)
                break;
            // The window's own path: the field's text, then Enter (which skips the typing delay
            // and calls GalleryModel::setQuery). Rows are there when the key press returns.
            search->setText(QString::fromUtf8(text));
            QElapsedTimer timer;
            timer.start();
            const double cpuBefore = threadCpuMs();
            bool painted = false;
            watcher.onGalleryPainted = [&painted] { painted = true; };
            QKeyEvent press(QEvent::KeyPress, Qt::Key_Return, Qt::NoModifier);
            QCoreApplication::sendEvent(search, &press);
            const int rows = desktop.gallery()->rowCount();
            const double answered = double(timer.nsecsElapsed()) / 1e6;
            // Then until the gallery has painted them (layout and paint are queued work).
            QEventLoop loop;
            QTimer poll;
            QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
                if (painted)
                    loop.quit();
            });
            poll.start(0);
            QTimer::singleShot(5000, &loop, &QEventLoop::quit);
            loop.exec();
            watcher.onGalleryPainted = nullptr;
            const double shown = double(timer.nsecsElapsed()) / 1e6;
            std::printf("searchcpu %.2f\n", threadCpuMs() - cpuBefore);
            std::printf("search %.2f %.2f %d %s\n", answered, painted ? shown : -1.0, rows, text);
        }
        std::printf("rss %lld\n", static_cast<long long>(peakRssKiB()));
        std::fflush(stdout);

        // A task's life while a search is shown, as the engine writes it: each write on the GUI
        // thread, with whatever reacts to its signals (the gallery, the filter bar), then the
        // queued work it left. Once with a known model, once with a new one. The tasks are
        // removed afterwards, so the library stays as it was made.
        if (!openOnly) {
            Library *library = desktop.library();
            const QList<LibraryEntry> sample = library->findOutputs([] {
                LibraryQuery q;
                q.savedOnly = true;
                q.limit = 1;
                return q;
            }());
            QList<qint64> added;
            for (const char *text : { "lighthouse", "橘" }) {
                search->setText(QString::fromUtf8(text));
                QKeyEvent press(QEvent::KeyPress, Qt::Key_Return, Qt::NoModifier);
                QCoreApplication::sendEvent(search, &press);
                QCoreApplication::processEvents();
                for (const char *model : { "wan2.5-t2i-preview", "bench-new-model" }) {
                    double worst = 0;
                    double worstCpu = 0;
                    const auto timed = [&](const std::function<void()> &write) {
                        QElapsedTimer timer;
                        timer.start();
                        const double cpuBefore = threadCpuMs();
                        write();
                        QCoreApplication::processEvents();
                        worst = std::max(worst, double(timer.nsecsElapsed()) / 1e6);
                        worstCpu = std::max(worstCpu, threadCpuMs() - cpuBefore);
                    };
                    TaskRecord task;
                    task.request.model = QString::fromLatin1(model)
                            + (qstrcmp(model, "bench-new-model") == 0
                                       ? QStringLiteral("-%1").arg(added.size())
                                       : QString());
                    task.request.prompt = QStringLiteral("a lighthouse at dawn, 橘猫");
                    task.request.size = QSize(1024, 1024);
                    task.state = TaskState::Queued;
                    task.createdAt = QDateTime::currentDateTimeUtc();
                    task.updatedAt = task.createdAt;
                    timed([&] { library->addTask(&task); });
                    added.append(task.id);
                    for (TaskState state : { TaskState::Submitting, TaskState::Pending,
                                             TaskState::Running, TaskState::Downloading }) {
                        task.state = state;
                        if (state == TaskState::Pending)
                            task.taskId = QStringLiteral("bench-update-%1").arg(task.id);
                        task.updatedAt = QDateTime::currentDateTimeUtc();
                        timed([&] { library->updateTask(task); });
                    }
                    if (!sample.isEmpty()) {
                        OutputRecord output = sample.first().output;
                        output.id = 0;
                        output.taskRowId = task.id;
                        output.index = 0;
                        output.favourite = false;
                        output.createdAt = QDateTime::currentDateTimeUtc();
                        timed([&] { library->addOutput(&output); });
                    }
                    task.state = TaskState::Done;
                    task.finishedAt = QDateTime::currentDateTimeUtc();
                    task.updatedAt = task.finishedAt;
                    timed([&] { library->updateTask(task); });
                    std::printf("update %.2f %s %s\nupdatecpu %.2f\n", worst, model, text,
                                worstCpu);
                }
            }
            library->deleteTasks(added, false);
            QCoreApplication::processEvents();
            std::fflush(stdout);
        }

        // Then to the oldest image as a person goes there: the End key in the gallery, until
        // the last cell is on screen with its row read (the model reads the rows around what is
        // shown, not every row before them).
        if (!openOnly) {
            GalleryView *view = desktop.window()->galleryView();
            const auto showEverything = [&] {
                search->clear();
                QKeyEvent press(QEvent::KeyPress, Qt::Key_Return, Qt::NoModifier);
                QCoreApplication::sendEvent(search, &press);
                view->setFocus();
            };
            const auto oldestShown = [&] {
                const QModelIndex last = view->model()->index(view->model()->rowCount() - 1, 0);
                return view->visualRect(last).intersects(view->viewport()->rect())
                        && last.data(GalleryModel::TaskRowIdRole).toLongLong() != 0;
            };
            // First a single End press, at once (the view still lays out its rows): until the
            // oldest image is on screen with its row read, or 10 s (then "never").
            {
                showEverything();
                QElapsedTimer timer;
                timer.start();
                QKeyEvent end(QEvent::KeyPress, Qt::Key_End, Qt::NoModifier);
                QCoreApplication::sendEvent(view, &end);
                QEventLoop wait;
                QTimer poll;
                QObject::connect(&poll, &QTimer::timeout, &wait, [&] {
                    if (oldestShown() || timer.elapsed() > 10000)
                        wait.quit();
                });
                poll.start(0);
                wait.exec();
                std::printf("scrolled-once %.1f %d\n",
                            oldestShown() ? double(timer.nsecsElapsed()) / 1e6 : -1.0,
                            desktop.gallery()->rowCount());
                // Back to the top, and the whole gallery laid out again for what follows.
                search->setText(QStringLiteral("a"));
                QKeyEvent press(QEvent::KeyPress, Qt::Key_Return, Qt::NoModifier);
                QCoreApplication::sendEvent(search, &press);
                QCoreApplication::processEvents();
            }
            showEverything();
            const int endPressMs = qEnvironmentVariableIsSet("BENCH_LIBRARY_END_MS")
                    ? qEnvironmentVariableIntValue("BENCH_LIBRARY_END_MS")
                    : 100;
            QElapsedTimer timer;
            timer.start();
            while (timer.elapsed() < 30000) {
                // While the view still lays out its rows (in batches), End goes to the last one
                // laid out: a person presses it again.
                QKeyEvent end(QEvent::KeyPress, Qt::Key_End, Qt::NoModifier);
                QCoreApplication::sendEvent(view, &end);
                // Pressed again after 100 ms at most (as fast as a person does), not at every
                // turn of the event loop: each press moves and paints the view.
                QEventLoop pause;
                QTimer::singleShot(endPressMs, &pause, &QEventLoop::quit);
                const QModelIndex lastRow = view->model()->index(view->model()->rowCount() - 1, 0);
                const auto check = [&] {
                    if (view->visualRect(lastRow).intersects(view->viewport()->rect()))
                        pause.quit();
                };
                const QMetaObject::Connection ranged = QObject::connect(
                        view->verticalScrollBar(), &QScrollBar::rangeChanged, &pause, check);
                pause.exec();
                QObject::disconnect(ranged);
                const QModelIndex last = view->model()->index(view->model()->rowCount() - 1, 0);
                if (view->visualRect(last).intersects(view->viewport()->rect())
                    && last.data(GalleryModel::TaskRowIdRole).toLongLong() != 0)
                    break;
            }
            std::printf("scrolled %.1f %d\nrss-scrolled %lld\n", double(timer.nsecsElapsed()) / 1e6,
                        desktop.gallery()->rowCount(), static_cast<long long>(peakRssKiB()));
        }
        std::fflush(stdout);
        QCoreApplication::exit(0);
    };

    desktop.start();
    return app.exec();
}

// --- the driver -----------------------------------------------------------------------------

struct OpenResult
{
    double shownMs = -1;
    double paintedMs = -1;
    double cpuMs = -1; // user + system, every thread, until the thumbnails were painted
    int visible = 0;
    double rssOpenMiB = 0;
    double rssMiB = 0;
    double scrolledMs = -1; // until the oldest image was on screen with its row
    int scrolledRows = 0;
    double scrolledOnceMs = -1; // the same after a single End press (-1: never)
    double rssScrolledMiB = 0;
    QList<double> searchMs;
    QList<double> searchShownMs;
    QStringList searchRows;
    QStringList searchTexts; // the query of each searchShownMs
    QList<double> updateMs; // the longest write of each task's life, with what reacted to it
    QList<double> searchCpuMs; // the GUI thread's CPU time per search, until painted
    QList<double> updateCpuMs;
};

QString benchGrouping; // --group

bool measureOnce(const QString &directory, bool cold, OpenResult *result)
{
    if (cold)
        QDir(QDir(directory).filePath(QStringLiteral("thumbnails"))).removeRecursively();
    QFile::remove(QDir(directory).filePath(QStringLiteral("settings.ini")));
    if (!benchGrouping.isEmpty() && benchGrouping != QLatin1String("none")) {
        QSettings settings(QDir(directory).filePath(QStringLiteral("settings.ini")),
                           QSettings::IniFormat);
        settings.setValue(QStringLiteral("ui/galleryGrouping"), benchGrouping);
    }

    QProcess child;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    if (!environment.contains(QStringLiteral("QT_QPA_PLATFORM")))
        environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    // No key: the window starts as the program does without one (demo mode); no service reached.
    environment.insert(QStringLiteral("DASHSCOPE_API_KEY"), QString());
    environment.insert(QStringLiteral("DASHSCOPE_HTTP_BASE_URL"), QString());
    environment.insert(QStringLiteral("QT_LOGGING_RULES"),
                       QStringLiteral("*.debug=false;*.info=false"));
    if (!environment.contains(QStringLiteral("XDG_RUNTIME_DIR"))) {
        // Qt warns without one; a private directory, as a desktop session has.
        const QString runtime = QDir(directory).filePath(QStringLiteral("runtime"));
        QDir().mkpath(runtime);
        QFile::setPermissions(runtime, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        environment.insert(QStringLiteral("XDG_RUNTIME_DIR"), runtime);
    }
    child.setProcessEnvironment(environment);
    child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    const qint64 origin = monotonicNs();
    child.start(QCoreApplication::applicationFilePath(),
                { QStringLiteral("--measure"), directory, QStringLiteral("--origin"),
                  QString::number(origin) });
    if (!child.waitForFinished(120000) || child.exitStatus() != QProcess::NormalExit
        || child.exitCode() != 0) {
        std::fprintf(stderr, "the measuring process failed (exit %d)\n", child.exitCode());
        return false;
    }
    const QList<QByteArray> lines = child.readAllStandardOutput().split('\n');
    for (const QByteArray &line : lines) {
        const QList<QByteArray> words = line.split(' ');
        const QByteArray &key = words.first();
        if (words.size() < 2)
            continue;
        if (key == "shown")
            result->shownMs = words.at(1).toDouble();
        else if (key == "painted")
            result->paintedMs = words.at(1).toDouble();
        else if (key == "cpu")
            result->cpuMs = words.at(1).toDouble();
        else if (key == "visible")
            result->visible = words.at(1).toInt();
        else if (key == "rss-open")
            result->rssOpenMiB = words.at(1).toDouble() / 1024;
        else if (key == "scrolled" && words.size() >= 3) {
            result->scrolledMs = words.at(1).toDouble();
            result->scrolledRows = words.at(2).toInt();
        } else if (key == "scrolled-once")
            result->scrolledOnceMs = words.at(1).toDouble();
        else if (key == "rss-scrolled")
            result->rssScrolledMiB = words.at(1).toDouble() / 1024;
        else if (key == "rss")
            result->rssMiB = words.at(1).toDouble() / 1024;
        else if (key == "update")
            result->updateMs.append(words.at(1).toDouble());
        else if (key == "updatecpu")
            result->updateCpuMs.append(words.at(1).toDouble());
        else if (key == "searchcpu")
            result->searchCpuMs.append(words.at(1).toDouble());
        else if (key == "search" && words.size() >= 4) {
            result->searchMs.append(words.at(1).toDouble());
            if (words.at(2).toDouble() >= 0) {
                result->searchShownMs.append(words.at(2).toDouble());
                result->searchTexts.append(QString::fromUtf8(words.mid(4).join(' ')));
            }
            result->searchRows.append(QString::fromUtf8(line.mid(line.indexOf(words.at(3)))));
        }
    }
    return result->paintedMs > 0 && !result->searchMs.isEmpty();
}

struct SizeResult
{
    int images = 0;
    double shownMs = 0;
    double coldMs = 0;
    double warmMs = 0;
    double coldCpuMs = 0;
    double warmCpuMs = 0;
    double searchMedianMs = 0;
    double searchMaxMs = 0;
    double searchShownMedianMs = 0;
    double searchShownMaxMs = 0;
    double rssMiB = 0;
    double scrolledMs = 0;
    double scrolledOnceMs = 0;
    double rssScrolledMiB = 0;
    double updateMaxMs = 0;
    double searchCpuMedianMs = 0;
    double searchCpuMaxMs = 0;
    double updateCpuMaxMs = 0;
};

QString cpuModel()
{
    QFile file(QStringLiteral("/proc/cpuinfo"));
    if (file.open(QIODevice::ReadOnly)) {
        for (const QByteArray &line : file.readAll().split('\n')) {
            if (line.startsWith("model name"))
                return QString::fromUtf8(line.mid(line.indexOf(':') + 1).trimmed());
        }
    }
    return QStringLiteral("unknown CPU");
}

QString loadAverage() // the 1-minute figure: how busy the machine was with other work
{
    QFile file(QStringLiteral("/proc/loadavg"));
    return file.open(QIODevice::ReadOnly) ? QString::fromLatin1(file.readAll().split(' ').first())
                                          : QStringLiteral("unknown");
}

void print(int images, const char *what, double value, const char *unit = nullptr)
{
    const int decimals = unit && value < 10 ? 1 : 0;
    std::printf("library %d: %s %.*f%s%s\n", images, what, decimals, value, unit ? " " : "",
                unit ? unit : "");
    std::fflush(stdout);
}

int runDriver(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
            QStringLiteral("Opens libraries of growing size in the real window."));
    parser.addHelpOption();
    const QCommandLineOption sizesOption(QStringLiteral("sizes"), QStringLiteral("Library sizes."),
                                         QStringLiteral("N,N,…"),
                                         QStringLiteral("100,10000,100000"));
    const QCommandLineOption repeatOption(
            QStringLiteral("repeat"), QStringLiteral("Opens per size and cache state (median)."),
            QStringLiteral("N"), QStringLiteral("3"));
    const QCommandLineOption sideOption(QStringLiteral("image-size"),
                                        QStringLiteral("Side of the generated PNGs."),
                                        QStringLiteral("PX"), QStringLiteral("256"));
    const QCommandLineOption keepOption(QStringLiteral("keep"),
                                        QStringLiteral("Keep the libraries (prints where)."));
    const QCommandLineOption librariesOption(
            QStringLiteral("libraries"),
            QStringLiteral("Make the libraries in DIR/N, or reuse those already there."),
            QStringLiteral("DIR"));
    const QCommandLineOption distinctOption(
            QStringLiteral("distinct-files"),
            QStringLiteral("PNG files rendered per library; more images reuse them."),
            QStringLiteral("N"), QStringLiteral("400"));
    const QCommandLineOption groupOption(
            QStringLiteral("group"),
            QStringLiteral("Open with the gallery grouped (View > Group Gallery By)."),
            QStringLiteral("none|day|task"), QStringLiteral("none"));
    parser.addOptions({ sizesOption, repeatOption, sideOption, keepOption, librariesOption,
                        distinctOption, groupOption });
    parser.process(arguments);
    benchGrouping = parser.value(groupOption);
    QList<int> sizes;
    for (const QString &size : parser.value(sizesOption).split(QLatin1Char(','))) {
        if (size.toInt() > 0)
            sizes.append(size.toInt());
    }
    const int repeat = std::max(1, parser.value(repeatOption).toInt());
    const int side = std::clamp(parser.value(sideOption).toInt(), 16, 2048);
    const int distinct = std::max(1, parser.value(distinctOption).toInt());

    // Every library first, then the opens in rounds over all sizes: whatever else the machine
    // is doing meanwhile weighs on every size alike, and the ratios stay fair.
    std::vector<std::unique_ptr<QTemporaryDir>> temporaries;
    std::map<int, QString> directories;
    for (int images : std::as_const(sizes)) {
        QString path;
        if (parser.isSet(librariesOption)) {
            path = QDir(parser.value(librariesOption)).absoluteFilePath(QString::number(images));
        } else {
            temporaries.push_back(std::make_unique<QTemporaryDir>());
            temporaries.back()->setAutoRemove(!parser.isSet(keepOption));
            if (!temporaries.back()->isValid()) {
                std::fprintf(stderr, "no temporary directory\n");
                return 1;
            }
            path = temporaries.back()->path();
        }
        directories[images] = path;
        if (QFileInfo::exists(QDir(path).filePath(QStringLiteral("library.sqlite3")))) {
            // Opened once here, so a schema step this build adds is not part of what is timed.
            Library library;
            if (const LibraryResult opened
                = library.open(QDir(path).filePath(QStringLiteral("library.sqlite3")));
                !opened) {
                std::fprintf(stderr, "cannot open %s: %s\n", qPrintable(path),
                             qPrintable(opened.message()));
                return 1;
            }
            std::printf("library %d: reusing %s\n", images, qPrintable(path));
            continue;
        }
        QDir().mkpath(path);
        QElapsedTimer making;
        making.start();
        int tasks = 0;
        qint64 bytes = 0;
        if (!makeLibrary(path, images, side, distinct, &tasks, &bytes))
            return 1;
        std::printf("library %d: %d tasks, %d PNGs of %d×%d (%.1f MB), made in %.1f s%s%s\n",
                    images, tasks, std::min(images, distinct), side, side, double(bytes) / 1e6,
                    double(making.elapsed()) / 1000, parser.isSet(keepOption) ? " in " : "",
                    parser.isSet(keepOption) ? qPrintable(path) : "");
        std::fflush(stdout);
    }

    std::printf("machine: %d cores, %s, load average %s\n", QThread::idealThreadCount(),
                qPrintable(cpuModel()), qPrintable(loadAverage()));
    std::map<int, QList<OpenResult>> cold, warm;
    for (int round = 0; round < repeat; ++round) {
        for (int images : std::as_const(sizes)) {
            for (bool isCold : { true, false }) {
                OpenResult open;
                if (!measureOnce(directories[images], isCold, &open))
                    return 1;
                (isCold ? cold : warm)[images].append(open);
            }
        }
    }

    std::printf("machine: load average after the opens %s\n", qPrintable(loadAverage()));
    std::map<int, SizeResult> results;
    for (int images : std::as_const(sizes)) {
        const auto all = [&](double OpenResult::*field, bool withCold, bool withWarm) {
            QList<double> values;
            for (bool isCold : { true, false }) {
                if (isCold ? !withCold : !withWarm)
                    continue;
                for (const OpenResult &open : (isCold ? cold : warm)[images])
                    values.append(open.*field);
            }
            return values;
        };
        QList<double> searchMedian, searchMax, shownMedian, shownMax, updateMax, cpuMedian, cpuMax,
                updateCpuMax;
        for (const auto *opens : { &cold[images], &warm[images] }) {
            for (const OpenResult &open : *opens) {
                searchMedian.append(median(open.searchMs));
                searchMax.append(maximum(open.searchMs));
                shownMedian.append(median(open.searchShownMs));
                shownMax.append(maximum(open.searchShownMs));
                updateMax.append(maximum(open.updateMs));
                cpuMedian.append(median(open.searchCpuMs));
                cpuMax.append(maximum(open.searchCpuMs));
                updateCpuMax.append(maximum(open.updateCpuMs));
            }
        }
        SizeResult &r = results[images];
        r.images = images;
        r.shownMs = median(all(&OpenResult::shownMs, true, true));
        r.coldMs = median(all(&OpenResult::paintedMs, true, false));
        r.warmMs = median(all(&OpenResult::paintedMs, false, true));
        r.coldCpuMs = median(all(&OpenResult::cpuMs, true, false));
        r.warmCpuMs = median(all(&OpenResult::cpuMs, false, true));
        r.searchMedianMs = median(searchMedian);
        r.searchMaxMs = median(searchMax);
        r.searchShownMedianMs = median(shownMedian);
        r.searchShownMaxMs = median(shownMax);
        r.rssMiB = maximum(all(&OpenResult::rssMiB, true, true));
        r.scrolledMs = median(all(&OpenResult::scrolledMs, false, true));
        // A single press that never got there counts as the longest.
        QList<double> once = all(&OpenResult::scrolledOnceMs, false, true);
        for (double &ms : once)
            ms = ms < 0 ? 1e9 : ms;
        r.scrolledOnceMs = median(once);
        r.rssScrolledMiB = maximum(all(&OpenResult::rssScrolledMiB, true, true));
        r.updateMaxMs = median(updateMax);
        r.searchCpuMedianMs = median(cpuMedian);
        r.searchCpuMaxMs = median(cpuMax);
        r.updateCpuMaxMs = median(updateCpuMax);
        print(images, "window shown", r.shownMs, "ms");
        print(images, "first screen of thumbnails painted, cold cache", r.coldMs, "ms");
        print(images, "first screen of thumbnails painted, warm cache", r.warmMs, "ms");
        print(images, "CPU time until then, cold cache", r.coldCpuMs, "ms");
        print(images, "CPU time until then, warm cache", r.warmCpuMs, "ms");
        print(images, "thumbnails on the first screen", cold[images].first().visible);
        print(images, "search median", r.searchMedianMs, "ms");
        print(images, "search max", r.searchMaxMs, "ms");
        print(images, "search until painted, median", r.searchShownMedianMs, "ms");
        print(images, "search until painted, max", r.searchShownMaxMs, "ms");
        print(images, "search, the GUI thread's CPU time until painted, median",
              r.searchCpuMedianMs, "ms");
        print(images, "search, the GUI thread's CPU time until painted, max", r.searchCpuMaxMs,
              "ms");
        print(images, "longest GUI-thread stall from a task update while a search is shown",
              r.updateMaxMs, "ms");
        print(images, "the same, the GUI thread's CPU time", r.updateCpuMaxMs, "ms");
        print(images, "peak memory", r.rssMiB, "MB");
        print(images, "scrolling to the oldest image (End key), warm cache", r.scrolledMs, "ms");
        print(images, "the same, a single End press at once (1e9: never)", r.scrolledOnceMs, "ms");
        // Which query the slowest is (each open's figures, in the order typed).
        QStringList slowest;
        for (const auto *opens : { &cold[images], &warm[images] }) {
            for (const OpenResult &open : *opens) {
                QStringList figures;
                for (int i = 0; i < open.searchShownMs.size(); ++i)
                    figures.append(
                            QStringLiteral("%1=%2/%3")
                                    .arg(open.searchTexts.at(i),
                                         QString::number(open.searchShownMs.at(i), 'f', 0),
                                         QString::number(open.searchCpuMs.value(i, -1), 'f', 0)));
                std::printf("  %d images, search painted per query (ms, wall/the GUI thread's "
                            "CPU): %s\n",
                            images, qPrintable(figures.join(QStringLiteral(" "))));
            }
        }
        print(images, "peak memory after scrolling to the oldest image", r.rssScrolledMiB, "MB");
    }

    if (!results.empty() && results.begin()->first != results.rbegin()->first) {
        const SizeResult &small = results.begin()->second;
        const SizeResult &large = results.rbegin()->second;
        const double coldRatio = large.coldMs / small.coldMs;
        const double warmRatio = large.warmMs / small.warmMs;
        const double growth = large.rssMiB - small.rssMiB;
        const double scrolledGrowth = large.rssScrolledMiB - small.rssScrolledMiB;
        const bool openOk = coldRatio <= MaxOpenRatio && warmRatio <= MaxOpenRatio;
        const bool memoryOk = growth <= MaxMemoryGrowthMiB;
        const bool searchOk = large.searchShownMaxMs <= MaxSearchPaintedMs;
        const bool scrollOk
                = large.scrolledMs <= MaxScrolledMs && large.scrolledOnceMs <= MaxScrolledMs;
        const bool updateOk = large.updateMaxMs <= MaxStallMs;
        std::printf("summary: open %d/%d = %.2f× cold, %.2f× warm (target ≤ %.1f×): %s\n",
                    large.images, small.images, coldRatio, warmRatio, MaxOpenRatio,
                    openOk ? "met" : "MISSED");
        std::printf("summary: CPU time to open %d/%d = %.2f× cold, %.2f× warm\n", large.images,
                    small.images, large.coldCpuMs / small.coldCpuMs,
                    large.warmCpuMs / small.warmCpuMs);
        std::printf("summary: peak memory %d − %d = %+.1f MB (target ≤ %.0f MB): %s\n",
                    large.images, small.images, growth, MaxMemoryGrowthMiB,
                    memoryOk ? "met" : "MISSED");
        std::printf("summary: peak memory after scrolling to the oldest image %d − %d = %+.1f MB\n",
                    large.images, small.images, scrolledGrowth);
        std::printf("summary: search at %d: first page painted in at most %.1f ms (target ≤ %.0f "
                    "ms): %s\n",
                    large.images, large.searchShownMaxMs, MaxSearchPaintedMs,
                    searchOk ? "met" : "MISSED");
        std::printf("summary: scrolling to the oldest image at %d: %.0f ms, a single End press "
                    "%.0f ms (target ≤ %.0f ms): %s\n",
                    large.images, large.scrolledMs, large.scrolledOnceMs, MaxScrolledMs,
                    scrollOk ? "met" : "MISSED");
        std::printf("summary: task updates while a search is shown at %d: longest stall %.1f ms "
                    "(target ≤ %.0f ms): %s\n",
                    large.images, large.updateMaxMs, MaxStallMs, updateOk ? "met" : "MISSED");
        return openOk && memoryOk && searchOk && scrollOk && updateOk ? 0 : 3;
    }
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    const qint64 startNs = monotonicNs();
    // --measure DIR --origin NS: one open, in this fresh process (the driver spawns it).
    for (int i = 1; i + 1 < argc; ++i) {
        if (qstrcmp(argv[i], "--measure") == 0) {
            qint64 origin = startNs;
            for (int j = 1; j + 1 < argc; ++j) {
                if (qstrcmp(argv[j], "--origin") == 0)
                    origin = QByteArray(argv[j + 1]).toLongLong();
            }
            if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
                qputenv("QT_QPA_PLATFORM", "offscreen");
            return runMeasure(argc, argv, QString::fromLocal8Bit(argv[i + 1]), origin);
        }
    }
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("studio.*.info=false"));
    return runDriver(QCoreApplication::arguments());
}
