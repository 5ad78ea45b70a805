#pragma once

#include "domain/region.h"

#include <QByteArrayList>
#include <QString>

class QCommandLineParser;

namespace CommandLine {

// Options shared by the commands that talk to the service.
struct ServiceOptions
{
    Endpoint endpoint;
    bool endpointChosen = false; // --region, --base-url or DASHSCOPE_HTTP_BASE_URL given
    QString apiKey;
    QString outputDirectory;
    bool demo = false;
    bool json = false;
};

void addServiceOptions(QCommandLineParser &parser, bool withDemo);

// Reads region, base URL, key and output folder. On a problem prints why and returns the exit
// code (InvalidInput, or AuthFailed without a key); Success otherwise. `withDemo` as given to
// addServiceOptions(): the messages name --demo only where the command takes it.
int readServiceOptions(const QCommandLineParser &parser, ServiceOptions *options, bool withDemo);

// Makes sure images can be saved in `directory` before anything is created (and billed): creates
// it if needed and writes a probe file. Prints why and returns LocalProblem if not; Success
// otherwise.
int prepareOutputDirectory(const QString &directory);

void setUpParser(QCommandLineParser &parser, const QString &command, const QString &description);

// Returns false when the arguments are unusable (help already printed on request).
bool parse(QCommandLineParser &parser, const QStringList &arguments, int *exitCode);

// Arguments are decoded as UTF-8; one that is not would reach the service with U+FFFD in place
// of its bytes. Prints which one and returns InvalidInput; Success when all are UTF-8.
int checkArgumentsAreUtf8(const QByteArrayList &arguments);

} // namespace CommandLine
