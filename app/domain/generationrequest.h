#pragma once

#include "domain/modelcatalog.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QList>
#include <QSize>
#include <QString>
#include <optional>

// One problem with a request, for a person: which field and a sentence naming the limit,
// what was given and what is allowed.
struct ValidationIssue
{
    QString field; // "model", "prompt", "negative_prompt", "size", "n", "seed"
    QString message;
};

// What a person asks for. A value: copied freely, compared, stored in the library.
struct GenerationRequest
{
    QString model;
    QString prompt;
    QString negativePrompt;
    QSize size; // invalid: the model's default size
    int count = 1; // always sent as "n" (the service defaults to 4 and bills for 4)
    std::optional<qint64> seed; // nullopt: pick a random one before sending (see withSeedChosen)
    bool promptExtend = true;
    bool watermark = false;

    // Every problem against the catalog for `region`; empty when the request may be sent.
    QList<ValidationIssue> validate(const ModelCatalog &catalog, Region region) const;
    // Things worth telling but not blocking: a prompt longer than the model reads (the service
    // truncates it silently), options the model ignores. Same shape as validate().
    QList<ValidationIssue> warnings(const ModelInfo &info) const;
    // A copy with a concrete size (the model's default if unset) and a concrete seed
    // (random in [0, 2147483647] if unset): what is sent is exactly what is recorded.
    GenerationRequest resolved(const ModelInfo &model) const;
    // The create body for the model's protocol. Expects a resolved request.
    QJsonObject toJson(const ModelInfo &model) const;

    // Accepts "1280*1280", "1280x1280", "1280×1280", "1280 x 1280"; nullopt otherwise.
    static std::optional<QSize> parseSize(const QString &text);
    static QString sizeToString(QSize size); // "1280*1280", as the service wants it
    // Characters as the service counts them: every Chinese character, letter or mark is one
    // (Unicode code points, so an emoji outside the BMP is one, not two UTF-16 units).
    static int promptLength(const QString &text);

    friend bool operator==(const GenerationRequest &a, const GenerationRequest &b);
    friend bool operator!=(const GenerationRequest &a, const GenerationRequest &b)
    {
        return !(a == b);
    }

    Q_DECLARE_TR_FUNCTIONS(GenerationRequest) // last: it ends in "private:"
};

constexpr qint64 MaxSeed = 2147483647;
