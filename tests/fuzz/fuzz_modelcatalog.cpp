// ModelCatalog::fromJson(): the model catalog (resources/models.json), and what the program
// asks of a catalog it accepted.
#include "domain/generationrequest.h"
#include "domain/modelcatalog.h"
#include "fuzzinput.h"

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
        FUZZ_CHECK(model.minCount <= model.maxCount);
        model.sizeRule.describe();
        model.sizeRule.problem(model.defaultSize, model.name);
        for (const QSize preset : model.presetSizes)
            model.sizeRule.problem(preset, model.name);
        for (const Region region : allRegions()) {
            model.submitRpsIn(region);
            catalog.equivalentIn(model.name, region);
        }
        // The form's path: a default request resolved, checked and turned into a create body.
        GenerationRequest request;
        request.model = model.name;
        request.prompt = QStringLiteral("a flower shop");
        request.seed = 42; // resolved() would pick a random one: inputs must replay the same
        const GenerationRequest resolved = request.resolved(model);
        for (const Region region : model.regions)
            resolved.validate(catalog, region);
        resolved.warnings(model);
        resolved.toJson(model);
    }
    return 0;
}
