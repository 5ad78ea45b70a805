#include "domain/generationrequest.h"

#include <QLocale>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <functional>

namespace {

QString number(qint64 value)
{
    return QLocale().toString(value);
}

QString regionList(const QList<Region> &regions)
{
    QStringList names;
    for (Region region : regions)
        names << regionDisplayName(region);
    return QLocale().createSeparatedList(names);
}

QString modelList(const QList<ModelInfo> &models)
{
    QStringList names;
    for (const ModelInfo &model : models)
        names << model.name;
    return QLocale().createSeparatedList(names);
}

QString list(const QStringList &texts)
{
    return QLocale().createSeparatedList(texts);
}

QString kindName(MediaKind kind)
{
    switch (kind) {
    case MediaKind::TextToImage:
        return GenerationRequest::tr("text-to-image");
    case MediaKind::ImageEdit:
        return GenerationRequest::tr("image editing");
    case MediaKind::TextToVideo:
        return GenerationRequest::tr("text-to-video");
    case MediaKind::ImageToVideo:
        return GenerationRequest::tr("image-to-video");
    case MediaKind::KeyframeToVideo:
        return GenerationRequest::tr("first-and-last-frame video");
    }
    return mediaKindId(kind);
}

QString roleName(InputRole role)
{
    switch (role) {
    case InputRole::Image:
        return GenerationRequest::tr("image");
    case InputRole::Mask:
        return GenerationRequest::tr("mask");
    case InputRole::FirstFrame:
        return GenerationRequest::tr("first frame");
    case InputRole::LastFrame:
        return GenerationRequest::tr("last frame");
    case InputRole::DrivingAudio:
        return GenerationRequest::tr("driving audio");
    }
    return inputRoleId(role);
}

constexpr InputRole AllRoles[] = { InputRole::Image, InputRole::Mask, InputRole::FirstFrame,
                                   InputRole::LastFrame, InputRole::DrivingAudio };

using AddIssue = std::function<void(const QString &field, const QString &message)>;

// How many inputs of each role, against the model's input rules.
void checkInputs(const GenerationRequest &request, const ModelInfo &info, const AddIssue &add)
{
    const ParameterRules &rules = info.rules;
    if (rules.inputs.isEmpty()) {
        if (!request.inputs.isEmpty()) {
            add(QStringLiteral("inputs"),
                GenerationRequest::tr("%1 takes no input files (given: %2); remove them.")
                        .arg(info.name, number(request.inputs.size())));
        }
        return;
    }
    QStringList taken;
    for (const InputRule &rule : rules.inputs)
        taken << roleName(rule.role);
    for (const InputRole role : AllRoles) {
        const QList<RequestInput> given = request.inputsWith(role);
        const qsizetype count = given.size();
        const std::optional<InputRule> rule = rules.input(role);
        const QString field = inputRoleId(role);
        if (!rule) {
            if (count > 0) {
                add(field,
                    GenerationRequest::tr("%1 does not take a %2 input (given: %3); it takes: %4.")
                            .arg(info.name, roleName(role), number(count), list(taken)));
            }
            continue;
        }
        if (count < rule->minCount || count > rule->maxCount) {
            if (rule->minCount == rule->maxCount) {
                add(field,
                    GenerationRequest::tr(
                            "Number of %1 inputs %2 is not allowed; %3 takes exactly %4.")
                            .arg(roleName(role), number(count), info.name, number(rule->minCount)));
            } else {
                add(field,
                    GenerationRequest::tr(
                            "Number of %1 inputs %2 is outside %3–%4, the range %5 allows.")
                            .arg(roleName(role), number(count), number(rule->minCount),
                                 number(rule->maxCount), info.name));
            }
            continue;
        }
        for (const RequestInput &input : given) {
            if (input.localPath.isEmpty() && input.url.isEmpty()) {
                add(field,
                    GenerationRequest::tr("A %1 input has neither a file nor a URL; choose a "
                                          "file for it.")
                            .arg(roleName(role)));
                break;
            }
        }
    }
}

// Duration, resolution tier, aspect ratio, sound and shot type of a video model.
void checkVideo(const VideoParameters &video, const ModelInfo &info, const AddIssue &add)
{
    const ParameterRules &rules = info.rules;
    if (video.durationSeconds != 0) {
        if (rules.durations.isEmpty()) {
            add(QStringLiteral("duration"),
                GenerationRequest::tr("%1 makes videos of one fixed length (given: %2 s); leave "
                                      "the duration at the model's default.")
                        .arg(info.name, number(video.durationSeconds)));
        } else if (!rules.durations.allows(video.durationSeconds)) {
            add(QStringLiteral("duration"),
                GenerationRequest::tr("Duration %1 s is not allowed; %2 allows %3.")
                        .arg(number(video.durationSeconds), info.name, rules.durations.describe()));
        }
    }
    if (!video.resolution.isEmpty()) {
        if (rules.resolutions.isEmpty()) {
            add(QStringLiteral("resolution"),
                GenerationRequest::tr("%1 takes no resolution tier (given: %2); its size sets "
                                      "the resolution.")
                        .arg(info.name, video.resolution));
        } else if (!rules.resolutions.contains(video.resolution)) {
            add(QStringLiteral("resolution"),
                GenerationRequest::tr("Resolution %1 is not one %2 offers: %3.")
                        .arg(video.resolution, info.name, list(rules.resolutions)));
        }
    }
    if (!video.ratio.isEmpty()) {
        if (rules.ratios.isEmpty()) {
            add(QStringLiteral("ratio"),
                GenerationRequest::tr("%1 takes no aspect ratio (given: %2); its size or input "
                                      "image sets it.")
                        .arg(info.name, video.ratio));
        } else if (!rules.ratios.contains(video.ratio)) {
            add(QStringLiteral("ratio"),
                GenerationRequest::tr("Aspect ratio %1 is not one %2 offers: %3.")
                        .arg(video.ratio, info.name, list(rules.ratios)));
        }
    }
    if (video.audio && !rules.supportsAudio) {
        add(QStringLiteral("audio"),
            GenerationRequest::tr("%1 does not make sound; switch audio off.").arg(info.name));
    }
    if (!video.shotType.isEmpty()) {
        const QStringList shotTypes { QStringLiteral("single"), QStringLiteral("multi") };
        if (!rules.supportsShotType) {
            add(QStringLiteral("shot_type"),
                GenerationRequest::tr("%1 takes no shot type (given: %2); leave it empty.")
                        .arg(info.name, video.shotType));
        } else if (!shotTypes.contains(video.shotType)) {
            add(QStringLiteral("shot_type"),
                GenerationRequest::tr("Shot type “%1” is not one %2 offers: %3.")
                        .arg(video.shotType, info.name, list(shotTypes)));
        }
    }
}

QString decimal(double value)
{
    return QLocale().toString(value, 'g', 4);
}

// The edit parameters a model without functions (wan2.5-i2i: the prompt alone says what to do)
// or a function that does not take them was given.
void checkEditParametersTaken(const EditParameters &edit, const ModelInfo &info,
                              const AddIssue &add)
{
    const bool byFunction = !info.rules.functions.isEmpty();
    const auto notTaken = [&](const char *field, const QString &what, const QString &given,
                              const QString &takers) {
        if (byFunction) {
            add(QString::fromLatin1(field),
                GenerationRequest::tr("The function %1 takes no %2 (given: %3); it is for %4 only.")
                        .arg(edit.function, what, given, takers));
        } else {
            add(QString::fromLatin1(field),
                GenerationRequest::tr("%1 takes no %2 (given: %3); leave it at its default.")
                        .arg(info.name, what, given));
        }
    };
    if (edit.strength && !edit.takesStrength()) {
        notTaken("strength", GenerationRequest::tr("strength"), decimal(*edit.strength),
                 list({ QStringLiteral("stylization_all"), QStringLiteral("description_edit") }));
    }
    if (edit.hasScales() && !edit.takesScales()) {
        notTaken("top_scale", GenerationRequest::tr("expand scales"),
                 GenerationRequest::tr("top %1, bottom %2, left %3, right %4")
                         .arg(decimal(edit.topScale), decimal(edit.bottomScale),
                              decimal(edit.leftScale), decimal(edit.rightScale)),
                 QStringLiteral("expand"));
    }
    if (edit.upscaleFactor != 1 && !edit.takesUpscaleFactor()) {
        notTaken("upscale_factor", GenerationRequest::tr("upscale factor"),
                 number(edit.upscaleFactor), QStringLiteral("super_resolution"));
    }
    if (edit.isSketch && !edit.takesSketch()) {
        notTaken("is_sketch", GenerationRequest::tr("sketch flag"), GenerationRequest::tr("on"),
                 QStringLiteral("doodle"));
    }
}

// input.function of an editing model that lists its functions, the parameters of that function
// and their ranges, and the mask only inpainting takes.
void checkEdit(const GenerationRequest &request, const ModelInfo &info, const AddIssue &add)
{
    const EditParameters &edit = request.edit;
    const QStringList &functions = info.rules.functions;
    if (functions.isEmpty()) {
        if (!edit.function.isEmpty()) {
            add(QStringLiteral("function"),
                GenerationRequest::tr("%1 takes no editing function (given: %2); leave it empty.")
                        .arg(info.name, edit.function));
        }
        checkEditParametersTaken(edit, info, add);
        return;
    }
    if (edit.function.isEmpty()) {
        add(QStringLiteral("function"),
            GenerationRequest::tr("Choose what %1 should do: %2.").arg(info.name, list(functions)));
        return;
    }
    if (!functions.contains(edit.function)) {
        add(QStringLiteral("function"),
            GenerationRequest::tr("Editing function “%1” is not one %2 offers: %3.")
                    .arg(edit.function, info.name, list(functions)));
        return;
    }
    checkEditParametersTaken(edit, info, add);

    if (edit.strength && edit.takesStrength() && !(*edit.strength >= 0 && *edit.strength <= 1)) {
        add(QStringLiteral("strength"),
            GenerationRequest::tr("Strength %1 is outside 0–1, the range %2 allows.")
                    .arg(decimal(*edit.strength), edit.function));
    }
    if (edit.takesScales()) {
        const std::pair<const char *, double> scales[] = { { "top_scale", edit.topScale },
                                                           { "bottom_scale", edit.bottomScale },
                                                           { "left_scale", edit.leftScale },
                                                           { "right_scale", edit.rightScale } };
        for (const auto &[field, value] : scales) {
            if (!(value >= 1 && value <= 2)) {
                add(QString::fromLatin1(field),
                    GenerationRequest::tr("The expand scale %1 is %2; each side may grow by "
                                          "1.0–2.0 times.")
                            .arg(QString::fromLatin1(field), decimal(value)));
            }
        }
    }
    if (edit.takesUpscaleFactor() && (edit.upscaleFactor < 1 || edit.upscaleFactor > 4)) {
        add(QStringLiteral("upscale_factor"),
            GenerationRequest::tr("Upscale factor %1 is outside 1–4, the range %2 allows (1 "
                                  "enhances without enlarging).")
                    .arg(number(edit.upscaleFactor), edit.function));
    }

    if (info.rules.input(InputRole::Mask)) {
        const qsizetype masks = request.inputsWith(InputRole::Mask).size();
        if (edit.needsMask() && masks == 0) {
            add(QStringLiteral("mask"),
                GenerationRequest::tr("The function %1 needs a mask: a black-and-white image the "
                                      "size of the base image, white where it should change.")
                        .arg(edit.function));
        } else if (!edit.needsMask() && masks > 0) {
            add(QStringLiteral("mask"),
                GenerationRequest::tr("The function %1 takes no mask (given: %2); only "
                                      "description_edit_with_mask does. Remove the mask or choose "
                                      "that function.")
                        .arg(edit.function, number(masks)));
        }
    }
}

} // namespace

int GenerationRequest::promptLength(const QString &text)
{
    // Count code points: a surrogate pair is one character.
    int length = 0;
    for (int i = 0; i < text.size(); ++i) {
        if (text.at(i).isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate())
            ++i;
        ++length;
    }
    return length;
}

QList<ValidationIssue> GenerationRequest::validate(const ModelCatalog &catalog, Region region) const
{
    QList<ValidationIssue> issues;
    const auto add = [&issues](const char *field, const QString &message) {
        issues.append({ QString::fromLatin1(field), message });
    };

    if (model.trimmed().isEmpty()) {
        add("model", tr("Choose a model."));
        return issues;
    }
    const ModelInfo info = catalog.model(model);
    if (!info.isValid()) {
        add("model",
            tr("The model “%1” is not in the catalog. Models served in %2: %3.")
                    .arg(model, regionDisplayName(region), modelList(catalog.modelsFor(region))));
        return issues; // every other rule comes from the model
    }
    if (!info.availableIn(region)) {
        const QString elsewhere = catalog.equivalentIn(info.name, region);
        if (!elsewhere.isEmpty()) {
            add("model",
                tr("The model %1 is not served in %2, where the same model is called %3.")
                        .arg(info.name, regionDisplayName(region), elsewhere));
        } else {
            add("model",
                tr("The model %1 is not served in %2; it is served in %3. Choose another "
                   "model or region.")
                        .arg(info.name, regionDisplayName(region), regionList(info.regions)));
        }
    }

    if (kind != info.kind) {
        // Every other rule is for the model's kind: a request of another kind is not checked on.
        add("kind",
            tr("The model %1 is for %2; this request is for %3. Choose a model for %3.")
                    .arg(info.name, kindName(info.kind), kindName(kind)));
        return issues;
    }

    // Image-to-video and keyframe-to-video may go without a prompt: the frames say what to make.
    if (prompt.trimmed().isEmpty()) {
        switch (info.kind) {
        case MediaKind::TextToImage:
            add("prompt", tr("The prompt is empty; describe the image you want."));
            break;
        case MediaKind::ImageEdit:
            add("prompt", tr("The prompt is empty; describe the change you want."));
            break;
        case MediaKind::TextToVideo:
            add("prompt", tr("The prompt is empty; describe the video you want."));
            break;
        case MediaKind::ImageToVideo:
        case MediaKind::KeyframeToVideo:
            break;
        }
    }
    // An over-long prompt is not an error: the service truncates it (see warnings()).

    if (!negativePrompt.trimmed().isEmpty() && info.rules.negativePromptMaxChars <= 0)
        add("negative_prompt",
            tr("%1 does not accept a negative prompt; leave it empty.").arg(info.name));

    // An invalid QSize means "the model's default"; anything else must fit the rule.
    if (size.isValid()) {
        if (info.kind == MediaKind::ImageEdit && info.rules.size.isUnconstrained()) {
            // wanx2.1-imageedit: the base image, grown or upscaled by the function, sets it.
            add("size",
                tr("%1 takes no size (given: %2); the result has the size of the base image, "
                   "grown by expand or enlarged by super_resolution.")
                        .arg(info.name, sizeToString(size)));
        } else if (const QString problem = info.rules.size.problem(size, info.name);
                   !problem.isEmpty()) {
            add("size", problem);
        }
    }

    if (count < info.rules.minCount || count > info.rules.maxCount) {
        if (info.rules.minCount == info.rules.maxCount && makesVideo(info.kind)) {
            add("n",
                tr("Number of videos %1 is not allowed; %2 makes exactly %3.")
                        .arg(number(count), info.name, number(info.rules.minCount)));
        } else if (info.rules.minCount == info.rules.maxCount) {
            add("n",
                tr("Number of images %1 is not allowed; %2 makes exactly %3.")
                        .arg(number(count), info.name, number(info.rules.minCount)));
        } else {
            add("n",
                tr("Number of images %1 is outside %2–%3, the range %4 allows.")
                        .arg(number(count), number(info.rules.minCount),
                             number(info.rules.maxCount), info.name));
        }
    }

    if (seed && (*seed < 0 || *seed > MaxSeed)) {
        add("seed",
            tr("Seed %1 is outside the allowed range 0–%2.").arg(number(*seed), number(MaxSeed)));
    }

    const AddIssue addIssue = [&issues](const QString &field, const QString &message) {
        issues.append({ field, message });
    };
    checkInputs(*this, info, addIssue);
    if (makesVideo(info.kind))
        checkVideo(video, info, addIssue);
    checkEdit(*this, info, addIssue);
    return issues;
}

QList<ValidationIssue> GenerationRequest::warnings(const ModelInfo &info) const
{
    QList<ValidationIssue> result;
    const int promptChars = promptLength(prompt);
    if (info.rules.promptMaxChars > 0 && promptChars > info.rules.promptMaxChars) {
        result.append(
                { QStringLiteral("prompt"),
                  tr("The prompt has %1 characters; %2 reads only the first %3 and ignores the "
                     "rest.")
                          .arg(number(promptChars), info.name,
                               number(info.rules.promptMaxChars)) });
    }
    const int negativeChars = promptLength(negativePrompt);
    if (info.rules.negativePromptMaxChars > 0
        && negativeChars > info.rules.negativePromptMaxChars) {
        result.append({ QStringLiteral("negative_prompt"),
                        tr("The negative prompt has %1 characters; %2 reads only the first %3 and "
                           "ignores the rest.")
                                .arg(number(negativeChars), info.name,
                                     number(info.rules.negativePromptMaxChars)) });
    }
    if (!video.shotType.isEmpty() && info.rules.supportsShotType && !promptExtend) {
        result.append({ QStringLiteral("shot_type"),
                        tr("A shot type works only with prompt extension; %1 ignores it while "
                           "prompt extension is off.")
                                .arg(info.name) });
    }
    if (watermark && !info.rules.supportsWatermark) {
        result.append({ QStringLiteral("watermark"),
                        tr("%1 does not add a watermark; the option is ignored.").arg(info.name) });
    }
    return result;
}

GenerationRequest GenerationRequest::resolved(const ModelInfo &info) const
{
    GenerationRequest copy = *this;
    if (info.isValid())
        copy.model = info.name;
    if (!copy.size.isValid())
        copy.size = info.rules.defaultSize;
    if (!copy.seed)
        copy.seed = QRandomGenerator::global()->bounded(MaxSeed + 1);
    if (!info.rules.supportsPromptExtend)
        copy.promptExtend = false;
    if (!info.rules.supportsWatermark)
        copy.watermark = false;
    if (makesVideo(info.kind)) {
        if (copy.video.durationSeconds == 0)
            copy.video.durationSeconds = info.rules.durations.defaultSeconds;
        if (copy.video.resolution.isEmpty())
            copy.video.resolution = info.rules.defaultResolution;
        if (copy.video.ratio.isEmpty())
            copy.video.ratio = info.rules.defaultRatio;
        if (!info.rules.supportsAudio)
            copy.video.audio = false;
        if (!info.rules.supportsShotType)
            copy.video.shotType.clear();
    }
    return copy;
}

std::optional<QSize> GenerationRequest::parseSize(const QString &text)
{
    // "*" is what the service wants; x, X and × are what people type; ＊ and ｘ come from
    // Chinese input methods.
    static const QRegularExpression pattern(
            QStringLiteral(u"^\\s*(\\d{1,5})\\s*[*xX×＊ｘ]\\s*(\\d{1,5})\\s*$"));
    const QRegularExpressionMatch match = pattern.match(text);
    if (!match.hasMatch())
        return std::nullopt;
    const int width = match.captured(1).toInt();
    const int height = match.captured(2).toInt();
    if (width <= 0 || height <= 0)
        return std::nullopt;
    return QSize(width, height);
}

QString GenerationRequest::sizeToString(QSize size)
{
    return QStringLiteral("%1*%2").arg(size.width()).arg(size.height());
}

namespace {

bool isOneOf(const QString &function, std::initializer_list<const char *> names)
{
    for (const char *name : names) {
        if (function == QLatin1String(name))
            return true;
    }
    return false;
}

} // namespace

bool EditParameters::takesStrength() const
{
    return isOneOf(function, { "stylization_all", "description_edit" });
}

bool EditParameters::takesScales() const
{
    return function == u"expand";
}

bool EditParameters::takesUpscaleFactor() const
{
    return function == u"super_resolution";
}

bool EditParameters::takesSketch() const
{
    return function == u"doodle";
}

bool EditParameters::needsMask() const
{
    return function == u"description_edit_with_mask";
}

QList<RequestInput> GenerationRequest::inputsWith(InputRole role) const
{
    QList<RequestInput> result;
    for (const RequestInput &input : inputs) {
        if (input.role == role)
            result.append(input);
    }
    return result;
}

bool operator==(const GenerationRequest &a, const GenerationRequest &b)
{
    return a.kind == b.kind && a.inputs == b.inputs && a.video == b.video && a.edit == b.edit
            && a.model == b.model && a.prompt == b.prompt && a.negativePrompt == b.negativePrompt
            && a.size == b.size && a.count == b.count && a.seed == b.seed
            && a.promptExtend == b.promptExtend && a.watermark == b.watermark;
}
