// ModelCatalog::fromJson(): the model catalog (resources/models.json), and what the program
// asks of a catalog it accepted.
#include "domain/generationrequest.h"
#include "domain/modelcatalog.h"
#include "fuzzinput.h"
#include "protocol/requestencoder.h"

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    quietQt();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray json(reinterpret_cast<const char *>(data), qsizetype(size));

    QString error;
    const ModelCatalog catalog = ModelCatalog::fromJson(json, &error);
    if (!error.isEmpty()) {
        // A refused catalog is empty: nothing half-read is used.
        FUZZ_CHECK(catalog.models().isEmpty());
        return 0;
    }
    FUZZ_CHECK(catalog.models().isEmpty() || catalog.model(catalog.defaultModel()).isValid());

    for (const Region region : allRegions()) {
        catalog.modelsFor(region);
        const QString fallback = catalog.defaultModelFor(region);
        FUZZ_CHECK(fallback.isEmpty() || catalog.model(fallback).isValid());
    }
    for (const ModelInfo &model : catalog.models()) {
        FUZZ_CHECK(model.isValid());
        FUZZ_CHECK(catalog.model(model.name).name == model.name);
        FUZZ_CHECK(model.rules.minCount <= model.rules.maxCount);
        model.rules.size.describe();
        model.rules.size.problem(model.rules.defaultSize, model.name);
        for (const QSize preset : model.rules.presetSizes)
            model.rules.size.problem(preset, model.name);
        const ParameterRules &rules = model.rules;
        FUZZ_CHECK(rules.durations.defaultSeconds == 0
                   || rules.durations.allows(rules.durations.defaultSeconds));
        rules.durations.describe();
        FUZZ_CHECK(rules.defaultResolution.isEmpty()
                   || rules.resolutions.contains(rules.defaultResolution));
        for (const InputRule &input : rules.inputs)
            FUZZ_CHECK(input.minCount <= input.maxCount && rules.input(input.role));
        model.pollHint();
        for (const Region region : allRegions()) {
            FUZZ_CHECK(model.submitRpsIn(region) >= model.submitRps);
            catalog.equivalentIn(model.name, region);
        }
        // The form's path: a default request resolved, checked and turned into a create body.
        GenerationRequest request;
        request.kind = model.kind;
        request.model = model.name;
        request.prompt = QStringLiteral("a flower shop");
        request.seed = 42; // resolved() would pick a random one: inputs must replay the same
        const GenerationRequest resolved = request.resolved(model);
        for (const Region region : model.regions)
            resolved.validate(catalog, region);
        resolved.warnings(model);
        const CreateBody body = RequestEncoder::createBody(resolved, model);
        FUZZ_CHECK(body.isValid() != body.json.isEmpty());
    }
    return 0;
}
