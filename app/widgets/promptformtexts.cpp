// The prompt form's texts that follow what is typed and where tasks go: the region line, the
// length counters, the estimate beside Generate and the count's range.
#include "ui_promptform.h"
#include "widgets/promptform.h"
#include "widgets/uistyle.h"

#include <QKeyEvent>
#include <QLineEdit>
#include <QLocale>
#include <QRegularExpression>
#include <QToolTip>

namespace {

constexpr QChar WordJoiner(0x2060);

// Chinese text may break between any two characters; a link should not ("更" and "改…" on two
// lines). Word joiners between the characters keep it in one piece in every language.
QString unbreakable(const QString &text)
{
    QString joined;
    for (qsizetype i = 0; i < text.size(); ++i) {
        joined += text.at(i);
        if (i + 1 < text.size() && !text.at(i).isHighSurrogate())
            joined += WordJoiner;
    }
    return joined;
}

} // namespace

void PromptForm::updateEndpointLabel()
{
    const QString change
            = QStringLiteral("<a href=\"#change\">%1</a>").arg(unbreakable(tr("Change…")));
    QString text;
    if (m_demo) {
        text = tr("<b>Demo mode</b> — images come from the built-in simulator (models of %1). %2")
                       .arg(regionDisplayName(m_endpoint.region).toHtmlEscaped(), change);
    } else if (m_endpoint.isCustom()) {
        text = tr("Region: <b>%1</b> via %2 %3")
                       .arg(regionDisplayName(m_endpoint.region).toHtmlEscaped(),
                            m_endpoint.baseUrl.host().toHtmlEscaped(), change);
    } else {
        text = tr("Region: <b>%1</b> %2")
                       .arg(regionDisplayName(m_endpoint.region).toHtmlEscaped(), change);
    }
    m_ui->endpointLabel->setText(text);
    m_ui->endpointLabel->setAccessibleDescription(
            m_ui->endpointLabel->text()
                    .remove(QRegularExpression(QStringLiteral("<[^>]*>")))
                    .remove(WordJoiner));
}

void PromptForm::showCounter(QLabel *label, int length, int limit) const
{
    const QLocale locale;
    if (limit <= 0) {
        label->setText(locale.toString(length));
        label->setToolTip(QString());
        UiStyle::setTone(label, UiStyle::Tone::Muted);
        return;
    }
    // Warn before the limit: the service cuts longer text without saying so.
    const int warnAt = limit - std::max(20, limit / 10);
    // Short enough for the form's narrowest column (the counter never wraps, so nothing below
    // it moves); the whole sentence is the tooltip.
    label->setToolTip(tr("The service reads up to %1 characters and ignores the rest without "
                         "saying so.")
                              .arg(locale.toString(limit)));
    if (length > limit) {
        label->setText(tr("%1 / %2 — the rest is ignored")
                               .arg(locale.toString(length), locale.toString(limit)));
        UiStyle::setTone(label, UiStyle::Tone::Error);
    } else if (length >= warnAt) {
        label->setText(tr("%1 / %2 — close to the limit")
                               .arg(locale.toString(length), locale.toString(limit)));
        UiStyle::setTone(label, UiStyle::Tone::Warning);
    } else {
        label->setText(tr("%1 / %2").arg(locale.toString(length), locale.toString(limit)));
        UiStyle::setTone(label, UiStyle::Tone::Muted);
    }
}

void PromptForm::updateCounters()
{
    const ModelInfo model = currentModel();
    showCounter(m_ui->promptCounter,
                GenerationRequest::promptLength(m_ui->promptEdit->toPlainText()),
                model.rules.promptMaxChars);
    if (model.rules.negativePromptMaxChars > 0) {
        showCounter(m_ui->negativeCounter,
                    GenerationRequest::promptLength(m_ui->negativeEdit->toPlainText()),
                    model.rules.negativePromptMaxChars);
    } else {
        m_ui->negativeCounter->setText(tr("%1 has no negative prompt").arg(model.name));
        UiStyle::setTone(m_ui->negativeCounter, UiStyle::Tone::Muted);
    }
}

void PromptForm::setPriceTable(const PriceTable &prices)
{
    m_prices = prices;
    describeModels();
    updateEstimate();
}

CostEstimate PromptForm::estimate() const
{
    return m_prices.estimate(request(), m_endpoint.region, currentModel());
}

// Called with every validation, so it follows count, size, model and region as they change.
void PromptForm::updateEstimate()
{
    QLabel *label = m_ui->estimateLabel;
    if (m_demo) {
        label->setText(tr("free: demo"));
        label->setToolTip(tr("Demo mode uses the built-in simulator: nothing is billed."));
        UiStyle::setTone(label, UiStyle::Tone::Muted);
        return;
    }
    const CostEstimate cost = estimate();
    label->setText(cost.text());
    const QString tip = cost.known
            ? tr("An estimate at %1 a unit (%2); the bill is the service's.")
                      .arg(formatMoney(cost.unitPrice, cost.currency), cost.source)
            : tr("No price is known for this model in this region. To see estimates, add it to "
                 "prices.json in your configuration folder.");
    label->setToolTip(tip);
    UiStyle::setTone(label, cost.known ? UiStyle::Tone::Muted : UiStyle::Tone::Warning);
}

QString PromptForm::countRangeText() const
{
    return tr("%1 makes %2 to %3 images per task.")
            .arg(currentModel().name)
            .arg(m_ui->countSpin->minimum())
            .arg(m_ui->countSpin->maximum());
}

void PromptForm::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    // Light to dark or back: the toned labels took their colours from the palette before.
    if (event->type() == QEvent::PaletteChange) {
        updateCounters();
        updateValidation();
        if (m_seedNoteLabel->isVisible())
            UiStyle::setTone(m_seedNoteLabel, UiStyle::Tone::Muted);
    }
}

bool PromptForm::event(QEvent *event)
{
    const bool handled = QWidget::event(event);
    if (event->type() == QEvent::Resize || event->type() == QEvent::LayoutRequest) {
        // At least the height its wrapped lines take at this width: the height for the width
        // its layout gives leaves out the prompt field (Ignored: it takes the room there is),
        // and the scroll area made the form that much too short at the window's narrowest
        // width, cutting the tallest part (an input slot's message in the edit options).
        const int height = layout() ? layout()->totalMinimumHeightForWidth(width()) : -1;
        if (height > 0 && height != minimumHeight())
            setMinimumHeight(height);
    }
    return handled;
}

bool PromptForm::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_ui->promptEdit && event->type() == QEvent::KeyPress
        && handleHistoryKey(static_cast<QKeyEvent *>(event)))
        return true;
    QLineEdit *countEdit = m_ui->countSpin->findChild<QLineEdit *>();
    if (watched == m_ui->countSpin && countEdit && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        const QString typed = key->text();
        if (typed.size() == 1 && typed.at(0).isDigit()) {
            // The text as it would be after this keystroke.
            QString next = countEdit->text();
            const int from = countEdit->hasSelectedText() ? countEdit->selectionStart()
                                                          : countEdit->cursorPosition();
            next.replace(from, countEdit->selectedText().size(), typed);
            const int value = next.toInt();
            if (value < m_ui->countSpin->minimum() || value > m_ui->countSpin->maximum()) {
                QToolTip::showText(
                        m_ui->countSpin->mapToGlobal(QPoint(0, m_ui->countSpin->height())),
                        tr("Not %1: %2").arg(next, countRangeText()), m_ui->countSpin);
            }
        }
    }
    return QWidget::eventFilter(watched, event);
}
