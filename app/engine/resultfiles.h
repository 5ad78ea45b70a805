#pragma once

#include "domain/taskrecord.h"
#include "library/imagemetadata.h"

#include <QDateTime>
#include <QSet>
#include <QString>

class ModelCatalog;
struct ImageResult;

// Where a task's results go and what each file says about itself: the file names, the files an
// interrupted earlier run left (at their planned paths, or as QSaveFile's remains), and the
// provenance written into every image.
namespace ResultFiles {

// A task followed by its id asks for an unknown number of images: at most this many are taken.
constexpr int MaxResultsOfUnknownTask = 16;

// "<yyyyMMdd-HHmmss>_<first words of the prompt>_<seed>": readable, safe on every file system.
// seed < 0 (a task created elsewhere) uses "image<index + 1>" instead.
QString fileBaseName(const QDateTime &created, const QString &prompt, qint64 seed, int index = 0);
// The base name of result `index` of `task` (seed: the image's, -1 when unknown).
QString fileBaseName(const TaskRecord &task, qint64 seed, int index, const QDateTime &now);
// The first free path among dir/base.ext, dir/base-2.ext, … skipping `reserved` paths too
// (downloads of this program that are still in progress).
QString uniqueFilePath(const QString &directory, const QString &baseName, const QString &extension,
                       const QSet<QString> &reserved = {});

// An earlier run recorded output->plannedPath before its download started, and died after the
// file was complete under that name but before the library recorded it. A file there that passes
// the check of output->mediaType's format (PNG: signature, IHDR's size, the closing IEND) is that
// output: its path, pixel size, byte count and SHA-256 (of the file) go into *output, and it is
// taken as it is, never downloaded a second time. A file this run is writing (`reserved`), or of
// another format, is not. Reads the file once, in pieces.
bool adoptPlannedFile(const QSet<QString> &reserved, OutputRecord *output);
// Without O_TMPFILE (network shares, some removable file systems) QSaveFile writes
// "<name>.XXXXXX" beside its target, and a process killed meanwhile leaves that file behind.
// Before `path` is saved again, such remains of an earlier attempt at it go: empty ones, and those
// carrying this task's id. Anything else is left alone.
void removeInterruptedSaves(const QString &path, const QString &taskId);

// What image `seed` of `task` says about how it was made (the PNG's text chunks).
ImageProvenance provenance(const TaskRecord &task, const ImageResult &result, qint64 seed,
                           const QDateTime &now);

// How many results of `task` are taken: n as asked; for a task followed by its id (n unknown),
// the model's largest n, or MaxResultsOfUnknownTask when the model is unknown too. A service that
// sends more does not make more files.
int resultLimit(const TaskRecord &task, const ModelCatalog &catalog);

} // namespace ResultFiles
