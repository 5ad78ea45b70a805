// `dashscope-studio edit`: image editing (wan2.5-i2i-preview with one to three images,
// wanx2.1-imageedit with its functions), with the conventions of `generate` (paths on stdout,
// progress on stderr, --json, --demo, --dry-run, exit codes). The rules are validate()'s: this
// file only reads the options into a request.
#include "cli/commandengine.h"
#include "cli/commandline.h"
#include "cli/costcommands.h"
#include "cli/output.h"
#include "cli/requestoptions.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <type_traits>

namespace CommandLine {

namespace {

    // What each of wanx2.1-imageedit's functions does, and the options it takes.
    QString functionSummary(const QString &function)
    {
        if (function == u"stylization_all")
            return tr("restyle the whole image (--strength 0 to 1, default 0.5)");
        if (function == u"stylization_local")
            return tr("restyle part of the image");
        if (function == u"description_edit")
            return tr("edit by the prompt's instruction (--strength 0 to 1, default 0.5)");
        if (function == u"description_edit_with_mask")
            return tr("inpaint: repaint the white area of --mask, keep the black");
        if (function == u"remove_watermark")
            return tr("remove text and watermarks");
        if (function == u"expand")
            return tr("outpaint: grow the canvas by --expand TOP,BOTTOM,LEFT,RIGHT (1.0 to 2.0 "
                      "each)");
        if (function == u"super_resolution")
            return tr("upscale by --upscale 1 to 4 (1: enhance only)");
        if (function == u"colorization")
            return tr("colourise a black-and-white image");
        if (function == u"doodle")
            return tr("sketch to image (--sketch: the input is a line drawing)");
        if (function == u"control_cartoon_feature")
            return tr("a cartoon character as reference");
        return {};
    }

    // The catalog's functions (wanx2.1-imageedit's, in the order of its documentation), one a
    // line with what it does and the options it takes.
    QString functionList(const ModelCatalog &catalog)
    {
        QStringList functions;
        const QList<ModelInfo> models = catalog.models();
        for (const ModelInfo &model : models) {
            for (const QString &function : model.rules.functions) {
                if (!functions.contains(function))
                    functions.append(function);
            }
        }
        QString text;
        for (const QString &function : std::as_const(functions))
            text += QStringLiteral("\n  %1 %2").arg(function, -27).arg(functionSummary(function));
        return text;
    }

    // The function an option implies, when --function is not given and only one such option is:
    // --mask inpaints, --expand outpaints, --upscale upscales, --sketch draws from a sketch.
    QString impliedFunction(const QCommandLineParser &parser)
    {
        QStringList implied;
        if (parser.isSet(QStringLiteral("mask")))
            implied.append(QStringLiteral("description_edit_with_mask"));
        if (parser.isSet(QStringLiteral("expand")))
            implied.append(QStringLiteral("expand"));
        if (parser.isSet(QStringLiteral("upscale")))
            implied.append(QStringLiteral("super_resolution"));
        if (parser.isSet(QStringLiteral("sketch")))
            implied.append(QStringLiteral("doodle"));
        return implied.size() == 1 ? implied.first() : QString();
    }

    // The model when -m is not given: an editing model with functions when one is asked for
    // (served in `region` if one is, else any, so validation names where it is served), otherwise
    // one without (wan2.5-i2i-preview: one to three images and a prompt).
    QString defaultEditModel(const ModelCatalog &catalog, Region region, bool withFunction)
    {
        QString fallback;
        const QList<ModelInfo> models = catalog.models();
        for (const ModelInfo &model : models) {
            if (model.kind != MediaKind::ImageEdit
                || model.rules.functions.isEmpty() == withFunction)
                continue;
            if (model.availableIn(region))
                return model.name;
            if (fallback.isEmpty())
                fallback = model.name;
        }
        return fallback;
    }

    // A number option; a value that is not one is an issue naming the option.
    template<typename Number>
    void readNumber(const QCommandLineParser &parser, const QString &name, const QString &field,
                    Number *number, QList<ValidationIssue> *issues)
    {
        if (!parser.isSet(name))
            return;
        const QString value = parser.value(name);
        bool ok = false;
        if constexpr (std::is_integral_v<Number>)
            *number = value.toInt(&ok);
        else
            *number = value.toDouble(&ok);
        if (!ok)
            issues->append(
                    { field, tr("--%1 \"%2\" is not a number.").arg(name, printable(value)) });
    }

} // namespace

int runEdit(QCoreApplication &app)
{
    const ModelCatalog catalog = ModelCatalog::builtIn();
    QCommandLineParser parser;
    setUpParser(parser, QStringLiteral("edit"),
                tr("Edits images: creates an image-editing task, waits for it and downloads the "
                   "results. Prints each saved file's path on stdout.\n"
                   "Without -m: wanx2.1-imageedit (Beijing only; --image is the base image) when "
                   "a function is given or implied, otherwise wan2.5-i2i-preview (one to three "
                   "--image, edited together as the prompt says).\n"
                   "Functions of wanx2.1-imageedit (--function; --mask, --expand, --upscale and "
                   "--sketch imply theirs):")
                        + functionList(catalog));
    parser.addPositionalArgument(QStringLiteral("prompt"), tr("What to change, or how."),
                                 QStringLiteral("PROMPT"));
    const RequestOptionTexts texts {
        tr("Size as W*H (wan2.5-i2i-preview; default: about 1280*1280 in the shape of the last "
           "image)."),
        tr("Size \"%1\" is not of the form WIDTH*HEIGHT, e.g. 1280*1280."),
        tr("Number of images, 1 to 4 (default 1)."),
    };
    addRequestOptions(parser, texts);
    parser.addOption({ QStringLiteral("function"),
                       tr("What wanx2.1-imageedit does (see the list above)."),
                       QStringLiteral("name") });
    parser.addOption({ QStringLiteral("image"),
                       tr("An image to edit (repeatable, up to the model's count: 3 for "
                          "wan2.5-i2i-preview, 1 for wanx2.1-imageedit)."),
                       QStringLiteral("file") });
    parser.addOption({ QStringLiteral("mask"),
                       tr("Inpainting mask: the base image's size, white where to edit, black "
                          "where to keep."),
                       QStringLiteral("file") });
    parser.addOption({ QStringLiteral("expand"),
                       tr("Outpainting scales, each 1.0 to 2.0, e.g. 1.5,1.5,1,1."),
                       QStringLiteral("top,bottom,left,right") });
    parser.addOption(
            { QStringLiteral("upscale"), tr("Upscaling factor, 1 to 4."), QStringLiteral("n") });
    parser.addOption({ QStringLiteral("strength"),
                       tr("How strongly to change the image, 0 to 1 (stylization_all, "
                          "description_edit)."),
                       QStringLiteral("x") });
    parser.addOption({ QStringLiteral("sketch"), tr("The image is a line drawing (doodle).") });
    addServiceOptions(parser, true);
    addCostOptions(parser);

    int exitCode = Success;
    if (!parse(parser, app.arguments(), &exitCode))
        return exitCode;
    ServiceOptions options;
    if (const int problem = readServiceOptions(parser, &options, true))
        return problem;

    GenerationRequest request;
    request.kind = MediaKind::ImageEdit;
    request.prompt = parser.positionalArguments().mid(1).join(QLatin1Char(' '));
    QList<ValidationIssue> issues;
    readRequestOptions(parser, texts, &request, &issues);

    // Inputs in the order given, recorded as video's frames are.
    // None at all is validate()'s to refuse, naming how many the model takes.
    const QStringList images = parser.values(QStringLiteral("image"));
    for (const QString &image : images)
        addInputFile(image, QStringLiteral("image"), InputRole::Image, &request, &issues);
    if (parser.isSet(QStringLiteral("mask")))
        addInputFile(parser.value(QStringLiteral("mask")), QStringLiteral("mask"), InputRole::Mask,
                     &request, &issues);

    request.edit.function = parser.isSet(QStringLiteral("function"))
            ? parser.value(QStringLiteral("function"))
            : impliedFunction(parser);
    request.model = parser.isSet(QStringLiteral("model"))
            ? parser.value(QStringLiteral("model"))
            : defaultEditModel(catalog, options.endpoint.region,
                               !request.edit.function.isEmpty()
                                       || parser.isSet(QStringLiteral("strength")));
    if (request.model.isEmpty())
        issues.append({ QStringLiteral("model"),
                        tr("No image-editing model is known; choose one with -m.") });

    if (parser.isSet(QStringLiteral("expand"))) {
        const QStringList scales = parser.value(QStringLiteral("expand")).split(QLatin1Char(','));
        double *const sides[] = { &request.edit.topScale, &request.edit.bottomScale,
                                  &request.edit.leftScale, &request.edit.rightScale };
        bool ok = scales.size() == 4;
        for (qsizetype i = 0; ok && i < scales.size(); ++i)
            *sides[i] = scales.at(i).trimmed().toDouble(&ok);
        if (!ok)
            issues.append({ QStringLiteral("expand"),
                            tr("--expand \"%1\" is not four scales TOP,BOTTOM,LEFT,RIGHT, e.g. "
                               "1.5,1.5,1,1.")
                                    .arg(printable(parser.value(QStringLiteral("expand")))) });
    }
    readNumber(parser, QStringLiteral("upscale"), QStringLiteral("upscale_factor"),
               &request.edit.upscaleFactor, &issues);
    if (parser.isSet(QStringLiteral("strength"))) {
        double strength = 0;
        readNumber(parser, QStringLiteral("strength"), QStringLiteral("strength"), &strength,
                   &issues);
        request.edit.strength = strength;
    }
    request.edit.isSketch = parser.isSet(QStringLiteral("sketch"));
    return submitAndFollow(app, parser, options, request, issues);
}

} // namespace CommandLine
