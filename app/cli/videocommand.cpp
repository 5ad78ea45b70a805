// `dashscope-studio video`: text-to-video, image-to-video and first-and-last-frame video, with the
// conventions of `generate` (paths on stdout, progress on stderr, --json, --demo, exit codes).
#include "cli/commandengine.h"
#include "cli/commandline.h"
#include "cli/costcommands.h"
#include "cli/output.h"
#include "cli/requestoptions.h"

#include <QCommandLineParser>
#include <QCoreApplication>

namespace CommandLine {

namespace {

    // The model when -m is not given: the first of the catalog's models of the kind the inputs
    // ask for that the region serves (the catalog lists the newest first).
    QString defaultVideoModel(const ModelCatalog &catalog, Region region, MediaKind kind)
    {
        const QList<ModelInfo> models = catalog.modelsFor(region, kind);
        return models.isEmpty() ? QString() : models.first().name;
    }

} // namespace

int runVideo(QCoreApplication &app)
{
    QCommandLineParser parser;
    setUpParser(parser, QStringLiteral("video"),
                tr("Creates a video task, waits for it and downloads the MP4. Prints the saved "
                   "file's path on stdout. Without -m the model follows the inputs: text only, "
                   "text-to-video; --image, image-to-video; --image and --last-frame, "
                   "first-and-last-frame."));
    parser.addPositionalArgument(QStringLiteral("prompt"), tr("What happens in the video."),
                                 QStringLiteral("PROMPT"));
    const RequestOptionTexts texts {
        tr("Text-to-video size as W*H, e.g. 1280*720."),
        tr("Size \"%1\" is not of the form WIDTH*HEIGHT, e.g. 1280*720."),
        QString(), // one video a task
    };
    addRequestOptions(parser, texts);
    parser.addOption({ QStringLiteral("duration"), tr("Length in seconds (as the model allows)."),
                       QStringLiteral("seconds") });
    parser.addOption({ QStringLiteral("resolution"),
                       tr("Resolution tier: 480P, 720P or 1080P (as the model allows)."),
                       QStringLiteral("tier") });
    parser.addOption({ QStringLiteral("ratio"), tr("Aspect ratio W:H (wan2.7 text-to-video)."),
                       QStringLiteral("ratio") });
    parser.addOption({ QStringLiteral("image"), tr("The first frame: an image file."),
                       QStringLiteral("file") });
    parser.addOption({ QStringLiteral("last-frame"), tr("The last frame: an image file."),
                       QStringLiteral("file") });
    parser.addOption({ QStringLiteral("audio"), tr("Generate sound (models that can).") });
    parser.addOption(
            { QStringLiteral("no-audio"), tr("A silent video (models that can choose).") });
    addServiceOptions(parser, true);
    addCostOptions(parser);

    int exitCode = Success;
    if (!parse(parser, app.arguments(), &exitCode))
        return exitCode;
    ServiceOptions options;
    if (const int problem = readServiceOptions(parser, &options, true))
        return problem;

    const ModelCatalog catalog = ModelCatalog::builtIn();
    GenerationRequest request;
    request.prompt = parser.positionalArguments().mid(1).join(QLatin1Char(' '));
    QList<ValidationIssue> issues;
    readRequestOptions(parser, texts, &request, &issues);

    const auto inputFile = [&](const char *option, InputRole role) {
        addInputFile(parser.value(QLatin1String(option)), QLatin1String(option), role, &request,
                     &issues);
    };
    const bool first = parser.isSet(QStringLiteral("image"));
    const bool last = parser.isSet(QStringLiteral("last-frame"));
    if (last && !first)
        issues.append({ QStringLiteral("last_frame"),
                        tr("--last-frame needs --image too: the video goes from the first frame "
                           "to the last.") });
    if (first)
        inputFile("image", InputRole::FirstFrame);
    if (last)
        inputFile("last-frame", InputRole::LastFrame);

    const MediaKind wanted = !first ? MediaKind::TextToVideo
                                    : (last ? MediaKind::KeyframeToVideo : MediaKind::ImageToVideo);
    request.model = parser.isSet(QStringLiteral("model"))
            ? parser.value(QStringLiteral("model"))
            : defaultVideoModel(catalog, options.endpoint.region, wanted);
    const ModelInfo model = catalog.model(request.model);
    request.kind = model.isValid() && makesVideo(model.kind) ? model.kind : wanted;
    if (request.model.isEmpty())
        issues.append({ QStringLiteral("model"),
                        tr("No %1 model is served in %2; choose another region with -r.")
                                .arg(mediaKindId(wanted), regionId(options.endpoint.region)) });

    if (parser.isSet(QStringLiteral("duration"))) {
        bool ok = false;
        request.video.durationSeconds = parser.value(QStringLiteral("duration")).toInt(&ok);
        if (!ok || request.video.durationSeconds <= 0)
            issues.append({ QStringLiteral("duration"),
                            tr("Duration \"%1\" is not a whole number of seconds.")
                                    .arg(printable(parser.value(QStringLiteral("duration")))) });
    }
    request.video.resolution = parser.value(QStringLiteral("resolution")).toUpper();
    request.video.ratio = parser.value(QStringLiteral("ratio"));
    if (parser.isSet(QStringLiteral("audio")) && parser.isSet(QStringLiteral("no-audio")))
        issues.append({ QStringLiteral("audio"), tr("Give --audio or --no-audio, not both.") });
    // The service's own default for a model that can choose is sound (wan2.6-i2v-flash).
    request.video.audio = parser.isSet(QStringLiteral("audio"))
            || (!parser.isSet(QStringLiteral("no-audio")) && model.rules.supportsAudio);
    return submitAndFollow(app, parser, options, request, issues);
}

} // namespace CommandLine
