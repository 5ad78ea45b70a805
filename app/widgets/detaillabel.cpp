#include "widgets/detaillabel.h"

#include <QClipboard>
#include <QContextMenuEvent>
#include <QGuiApplication>
#include <QKeyEvent>
#include <QMenu>

namespace {

constexpr QChar ZeroWidthSpace(0x200B);
constexpr int RunBeforeBreak = 12; // characters between forced break points in a long run
constexpr int LongRun = 40; // runs this long break; shorter ones keep Unicode's line breaking

bool isSeparator(QChar c)
{
    return c == QLatin1Char('/') || c == QLatin1Char('\\') || c == QLatin1Char('_')
            || c == QLatin1Char('.') || c == QLatin1Char('-') || c == QLatin1Char(',')
            || c == QLatin1Char('=') || c == QLatin1Char('&') || c == QLatin1Char('?');
}

bool isIdeographic(QChar c)
{
    switch (c.script()) {
    case QChar::Script_Han:
    case QChar::Script_Hiragana:
    case QChar::Script_Katakana:
    case QChar::Script_Hangul:
        return true;
    default:
        return c.unicode() >= 0x3000 && c.unicode() <= 0x303F; // CJK punctuation
    }
}

} // namespace

DetailLabel::DetailLabel(QWidget *parent) : QLabel(parent)
{
    setWordWrap(true);
    setTextFormat(Qt::PlainText);
    setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    setFocusPolicy(Qt::TabFocus);
    setAlignment(Qt::AlignLeft | Qt::AlignTop);
    // The height follows the width (heightForWidth): never fewer lines than the text needs.
    QSizePolicy policy(QSizePolicy::Preferred, QSizePolicy::Minimum);
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
    setContextMenuPolicy(Qt::DefaultContextMenu);
}

QString DetailLabel::withBreaks(const QString &text, int longRun)
{
    // A run is a stretch without white space; only long runs are given break points.
    QString out;
    out.reserve(text.size() + text.size() / 8);
    qsizetype start = 0;
    while (start < text.size()) {
        qsizetype end = start;
        while (end < text.size() && !text.at(end).isSpace())
            ++end;
        const QStringView run = QStringView(text).mid(start, end - start);
        if (run.size() > longRun) {
            int sinceBreak = 0;
            for (qsizetype i = 0; i < run.size(); ++i) {
                const QChar c = run.at(i);
                out += c;
                ++sinceBreak;
                // Chinese and Japanese break between any two characters already.
                if (isIdeographic(c)) {
                    sinceBreak = 0;
                    continue;
                }
                const bool lastOfRun = i + 1 == run.size();
                // Never inside a surrogate pair.
                if (!lastOfRun && !c.isHighSurrogate()
                    && (isSeparator(c) || sinceBreak >= RunBeforeBreak)) {
                    out += ZeroWidthSpace;
                    sinceBreak = 0;
                }
            }
        } else {
            out += run;
        }
        while (end < text.size() && text.at(end).isSpace())
            out += text.at(end++);
        start = end;
    }
    return out;
}

void DetailLabel::setValue(const QString &value, bool breakAnywhere)
{
    m_value = value;
    setText(withBreaks(value, breakAnywhere ? 0 : LongRun));
}

void DetailLabel::copy(bool all) const
{
    QString text = all || !hasSelectedText() ? m_value : selectedText();
    text.remove(ZeroWidthSpace);
    QGuiApplication::clipboard()->setText(text);
}

bool DetailLabel::event(QEvent *event)
{
    // A selection is copied here, before the window's Copy Image shortcut takes Ctrl+C.
    if (event->type() == QEvent::ShortcutOverride && hasSelectedText()
        && static_cast<QKeyEvent *>(event)->matches(QKeySequence::Copy)) {
        event->accept();
        return true;
    }
    return QLabel::event(event);
}

void DetailLabel::keyPressEvent(QKeyEvent *event)
{
    if (event->matches(QKeySequence::Copy)) {
        copy(false);
        event->accept();
        return;
    }
    QLabel::keyPressEvent(event);
}

void DetailLabel::contextMenuEvent(QContextMenuEvent *event)
{
    QMenu menu(this);
    QAction *copySelection = menu.addAction(tr("&Copy"), this, [this] { copy(false); });
    copySelection->setShortcut(QKeySequence::Copy);
    copySelection->setEnabled(hasSelectedText());
    menu.addAction(tr("Copy &All"), this, [this] { copy(true); });
    menu.exec(event->globalPos());
}
