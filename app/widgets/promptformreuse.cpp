// "Reuse Settings": a fixed seed for one task, a size the model takes.
#include "ui_promptform.h"
#include "widgets/promptform.h"
#include "widgets/uistyle.h"

#include <QLabel>
#include <cmath>

namespace {

QString sizeDisplay(QSize size)
{
    return PromptForm::tr("%1 × %2").arg(size.width()).arg(size.height());
}

// The preset (else the fixed size) nearest to `size` in aspect ratio, then in pixel count.
QSize nearestAllowedSize(const ModelInfo &model, QSize size)
{
    const QList<QSize> candidates
            = model.rules.presetSizes.isEmpty() ? model.rules.size.sizes : model.rules.presetSizes;
    const auto ratio = [](QSize s) { return std::log(double(s.width()) / s.height()); };
    const auto pixels = [](QSize s) { return double(s.width()) * s.height(); };
    QSize best;
    for (const QSize candidate : candidates) {
        if (candidate.isEmpty() || !model.rules.size.problem(candidate).isEmpty())
            continue;
        if (!best.isValid())
            best = candidate;
        const double byRatio = std::abs(ratio(candidate) - ratio(size));
        const double bestByRatio = std::abs(ratio(best) - ratio(size));
        // Ratios within a hundredth count as the same: 16:9 presets are rarely exactly 16:9.
        if (byRatio < bestByRatio - 0.01
            || (std::abs(byRatio - bestByRatio) <= 0.01
                && std::abs(pixels(candidate) - pixels(size))
                        < std::abs(pixels(best) - pixels(size))))
            best = candidate;
    }
    return best;
}

} // namespace

void PromptForm::reuse(const GenerationRequest &request, const QString &source)
{
    setRequest(request);
    setSeedOnce(request.seed.has_value(), source);
    // Another tool's PNG may name a size this model refuses: its nearest preset instead, said
    // where the size is.
    const ModelInfo model = currentModel();
    const QSize size = currentSize();
    if (!request.size.isValid() || followsInput() || model.rules.size.problem(size).isEmpty())
        return;
    const QSize nearest = nearestAllowedSize(model, size);
    if (!nearest.isValid())
        return;
    setSize(nearest);
    m_sizeNote = tr("%1 is not offered by %2; using %3.")
                         .arg(sizeDisplay(size),
                              model.displayName.isEmpty() ? model.name : model.displayName,
                              sizeDisplay(nearest));
    updateValidation();
}

void PromptForm::setSeedOnce(bool once, const QString &source)
{
    m_seedOnce = once && m_ui->fixedSeedCheck->isChecked() && currentModel().rules.supportsSeed;
    if (!m_seedOnce) {
        m_seedNoteLabel->clear();
        m_seedNoteLabel->hide();
        return;
    }
    const QString seed = QString::number(m_ui->seedSpin->value());
    // Generated names are long ("20261128-025530_a-lighthouse-at-dawn_1945239961.png"): the
    // middle goes, the whole name is in the tooltip.
    const QFontMetrics metrics(m_seedNoteLabel->font());
    const QString elided
            = metrics.elidedText(source, Qt::ElideMiddle, metrics.averageCharWidth() * 24);
    const QString why = tr("Used for the next task only; later tasks get new random seeds unless "
                           "you keep it fixed.");
    m_seedNoteLabel->setToolTip(source.isEmpty() ? why : source + QLatin1Char('\n') + why);
    const QString text = source.isEmpty()
            ? tr("Seed %1 from the reused settings: next task only.").arg(seed)
            : tr("Seed %1 from %2: next task only.").arg(seed, elided.toHtmlEscaped());
    m_seedNoteLabel->setText(
            QStringLiteral("%1 <a href=\"#keep\">%2</a>").arg(text, tr("Keep it fixed")));
    UiStyle::setTone(m_seedNoteLabel, UiStyle::Tone::Muted);
    m_seedNoteLabel->show();
}
