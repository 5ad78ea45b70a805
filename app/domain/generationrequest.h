#pragma once

#include "domain/mediakind.h"
#include "domain/modelcatalog.h"

#include <QByteArray>
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
    // "model", "kind", "prompt", "negative_prompt", "size", "n", "seed", "inputs" or an input
    // role's id ("first_frame", "mask"), "duration", "resolution", "ratio", "audio",
    // "shot_type", "function", "strength", "top_scale" (and bottom_, left_, right_),
    // "upscale_factor", "is_sketch"
    QString field;
    QString message;
};

// One input file of a request. What is stored is where it came from; the wire value (a data: URI,
// an upload's oss:// URL) is made when the request is sent.
struct RequestInput
{
    InputRole role = InputRole::Image;
    QString localPath; // absolute; empty when only a URL is known
    QString url; // http(s):// given by the person, or oss://… once uploaded; never a data: URI
    QByteArray sha256; // hex of the local file's bytes: ties uploads and lineage to the content

    friend bool operator==(const RequestInput &a, const RequestInput &b)
    {
        return a.role == b.role && a.localPath == b.localPath && a.url == b.url
                && a.sha256 == b.sha256;
    }
};

// Parameters only video models take. Zero or empty: the model's default (or not taken).
struct VideoParameters
{
    int durationSeconds = 0;
    QString resolution; // "480P", "720P", "1080P": image-to-video, keyframe-to-video, wan2.7
    QString ratio; // "16:9", …: wan2.7 text-to-video (with resolution instead of size)
    bool audio = false; // generated sound (wan2.6-i2v-flash; it changes the price)
    QString shotType; // "single" or "multi" (wan2.6, with prompt_extend)

    friend bool operator==(const VideoParameters &a, const VideoParameters &b)
    {
        return a.durationSeconds == b.durationSeconds && a.resolution == b.resolution
                && a.ratio == b.ratio && a.audio == b.audio && a.shotType == b.shotType;
    }
};

// Parameters only editing models take (wanx2.1-imageedit's functions).
struct EditParameters
{
    QString function; // input.function, e.g. "description_edit"; empty for wan2.5-i2i
    std::optional<double> strength; // 0–1 (stylization_all, description_edit)
    double topScale = 1, bottomScale = 1, leftScale = 1, rightScale = 1; // expand: 1.0–2.0
    int upscaleFactor = 1; // super_resolution: 1–4 (1 = enhance only)
    bool isSketch = false; // doodle

    // What `function` takes beyond the prompt and the base image (video doc §2): only these
    // are checked as set and sent.
    bool takesStrength() const; // stylization_all, description_edit
    bool takesScales() const; // expand
    bool takesUpscaleFactor() const; // super_resolution
    bool takesSketch() const; // doodle
    bool needsMask() const; // description_edit_with_mask; every other function refuses one
    // Any of the four expand scales away from 1 (no growth).
    bool hasScales() const
    {
        return topScale != 1 || bottomScale != 1 || leftScale != 1 || rightScale != 1;
    }

    friend bool operator==(const EditParameters &a, const EditParameters &b)
    {
        return a.function == b.function && a.strength == b.strength && a.topScale == b.topScale
                && a.bottomScale == b.bottomScale && a.leftScale == b.leftScale
                && a.rightScale == b.rightScale && a.upscaleFactor == b.upscaleFactor
                && a.isSketch == b.isSketch;
    }
};

// What a person asks for, of any kind. A value: copied freely, compared, stored in the library
// (through RequestCodec, the one storage form).
struct GenerationRequest
{
    MediaKind kind = MediaKind::TextToImage;
    QString model;
    QString prompt;
    QString negativePrompt;
    QSize size; // invalid: the model's default size
    int count = 1; // always sent as "n" (the service defaults to 4 and bills for 4)
    std::optional<qint64> seed; // nullopt: pick a random one before sending (see withSeedChosen)
    bool promptExtend = true;
    bool watermark = false;
    QList<RequestInput> inputs; // in order; several of one role keep theirs (wan2.5-i2i images)
    VideoParameters video;
    EditParameters edit;

    QList<RequestInput> inputsWith(InputRole role) const;

    // Every problem against the catalog for `region`; empty when the request may be sent.
    QList<ValidationIssue> validate(const ModelCatalog &catalog, Region region) const;
    // Things worth telling but not blocking: a prompt longer than the model reads (the service
    // truncates it silently), options the model ignores. Same shape as validate().
    QList<ValidationIssue> warnings(const ModelInfo &info) const;
    // A copy with a concrete size (the model's default if unset) and a concrete seed
    // (random in [0, 2147483647] if unset): what is sent is exactly what is recorded.
    GenerationRequest resolved(const ModelInfo &model) const;

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
Q_DECLARE_METATYPE(GenerationRequest)
