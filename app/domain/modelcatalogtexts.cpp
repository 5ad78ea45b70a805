// The catalog's texts for people, where lupdate finds them: resources/models.json is not scanned,
// so each "goodAt" of it is listed here under the context "ModelCatalog" (the English text is the
// key). tst_modelcatalog fails when the catalog has a text this list lacks.
#include "domain/modelcatalog.h"

#include <QCoreApplication>

namespace {

const char *const GoodAtTexts[] = {
    QT_TRANSLATE_NOOP("ModelCatalog", "Detailed scenes in any shape"),
    QT_TRANSLATE_NOOP("ModelCatalog", "Rich detail and lettering"),
    QT_TRANSLATE_NOOP("ModelCatalog", "Fast drafts"),
    QT_TRANSLATE_NOOP("ModelCatalog", "Photoreal detail"),
    QT_TRANSLATE_NOOP("ModelCatalog", "Quick, cheap variations"),
    QT_TRANSLATE_NOOP("ModelCatalog", "Varied styles, fine detail"),
    QT_TRANSLATE_NOOP("ModelCatalog", "Quick sketches (older)"),
    QT_TRANSLATE_NOOP("ModelCatalog", "Classic styles (legacy)"),
    QT_TRANSLATE_NOOP("ModelCatalog", "Text in images, posters"),
    QT_TRANSLATE_NOOP("ModelCatalog", "Multi-shot videos with sound"),
    QT_TRANSLATE_NOOP("ModelCatalog", "Videos with sound"),
    QT_TRANSLATE_NOOP("ModelCatalog", "Cinematic motion, silent"),
    QT_TRANSLATE_NOOP("ModelCatalog", "Quick video drafts"),
    QT_TRANSLATE_NOOP("ModelCatalog", "Steady 720P clips"),
    QT_TRANSLATE_NOOP("ModelCatalog", "Any length and aspect ratio"),
    QT_TRANSLATE_NOOP("ModelCatalog", "Fast animation, sound optional"),
    QT_TRANSLATE_NOOP("ModelCatalog", "Animating an image, with sound"),
    QT_TRANSLATE_NOOP("ModelCatalog", "Fast silent animation"),
    QT_TRANSLATE_NOOP("ModelCatalog", "Smooth animation up to 1080P"),
    QT_TRANSLATE_NOOP("ModelCatalog", "Steady 720P animation"),
    QT_TRANSLATE_NOOP("ModelCatalog", "Quick short animation"),
    QT_TRANSLATE_NOOP("ModelCatalog", "Animation driven by audio"),
    QT_TRANSLATE_NOOP("ModelCatalog", "Fast moves between two frames"),
    QT_TRANSLATE_NOOP("ModelCatalog", "Moves between two frames"),
    QT_TRANSLATE_NOOP("ModelCatalog", "Combining up to three images"),
    QT_TRANSLATE_NOOP("ModelCatalog", "Inpaint, outpaint, upscale, restyle"),
};

} // namespace

QStringList modelCatalogTexts()
{
    QStringList texts;
    for (const char *text : GoodAtTexts)
        texts << QString::fromUtf8(text);
    return texts;
}

QString ModelInfo::goodAtText() const
{
    // A text of a newer or custom catalog that no translation knows stays as written.
    return goodAt.isEmpty()
            ? QString()
            : QCoreApplication::translate("ModelCatalog", goodAt.toUtf8().constData());
}

QString ModelInfo::speedText() const
{
    switch (speed) {
    case SpeedClass::Fast:
        return QCoreApplication::translate("ModelCatalog", "Fast");
    case SpeedClass::Standard:
        return QCoreApplication::translate("ModelCatalog", "Standard speed");
    case SpeedClass::Slow:
        return QCoreApplication::translate("ModelCatalog", "Slow");
    case SpeedClass::Unknown:
        break;
    }
    return {};
}
