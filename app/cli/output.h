#pragma once

#include <QJsonObject>
#include <QString>
#include <cstdio>

struct ApiError;
struct GenerationRequest;

// What the command line writes, and how: shared by the commands and the task follower.
namespace CommandLine {

// Translated in the "CommandLine" context, like every message of the command line.
QString tr(const char *text, const char *disambiguation = nullptr, int n = -1);

// One line of text, flushed (progress and results interleave on a terminal).
void printLine(FILE *stream, const QString &text);
// One compact JSON object per line. Besides JSON's own escaping of C0 controls, DEL, C1 controls
// and bidi overrides are written as \uXXXX too: the same value, harmless on a terminal.
void printJson(const QJsonObject &object, FILE *stream = stdout);
QJsonObject errorJson(const ApiError &error);
// A task's request as RequestCodec writes it (the one storage form: "model", "prompt", "size",
// "n", "seed", …) with the record's own `fields` over it; a key in both is the record's (an
// image's own seed).
QJsonObject requestJson(const GenerationRequest &request, const QJsonObject &fields);

// Text from elsewhere (the service, the library) made safe to print on a terminal: controls
// (ESC, OSC, C1, DEL…) and bidi overrides become visible escapes such as \x1b or \u202e, so they
// can neither drive the terminal nor reorder what is shown. Newlines are kept on request.
QString printable(const QString &text, bool keepNewlines = false);
// Whether a character is one printable() escapes.
bool isUnsafeForTerminal(char32_t c);

} // namespace CommandLine
