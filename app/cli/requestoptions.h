#pragma once

#include "domain/generationrequest.h"

#include <QList>
#include <QString>

class QCommandLineParser;

// The options of every command that creates a task (generate, video, edit), declared and read in
// one place so the commands agree on their names, help and messages.
namespace CommandLine {

// What differs between the commands: whether they take -s and -n, and how they describe them.
struct RequestOptionTexts
{
    QString sizeHelp; // empty: the command takes no -s/--size
    QString sizeProblem; // "Size \"%1\" is not of the form …", %1 the value given
    QString countHelp; // empty: the command takes no -n/--count
};

// -m/--model, [-s/--size], [-n/--count], --seed, --negative, --no-prompt-extend and --watermark.
// The command's own options follow, then addServiceOptions() and addCostOptions().
void addRequestOptions(QCommandLineParser &parser, const RequestOptionTexts &texts);

// Reads size, count, seed, negative prompt, prompt extension and watermark into `request`; a
// value that is not of its form is added to `issues` (the request's own rules are validate()'s).
// The model is the command's to choose: each has its own default.
void readRequestOptions(const QCommandLineParser &parser, const RequestOptionTexts &texts,
                        GenerationRequest *request, QList<ValidationIssue> *issues);

// An input file given with --`option`: appended to the request's inputs by its absolute path
// (its wire value is made when it is sent), or an issue when it cannot be read.
void addInputFile(const QString &path, const QString &option, InputRole role,
                  GenerationRequest *request, QList<ValidationIssue> *issues);

} // namespace CommandLine
