// The prompt's history and styles: Up in an empty prompt recalls the prompts generated before,
// as shells do, and the "Styles" menu inserts saved snippets at the cursor. Both live in Settings.
#include "platform/settings.h"
#include "ui_promptform.h"
#include "widgets/promptform.h"

#include <QInputDialog>
#include <QKeyEvent>
#include <QMenu>
#include <QTextBlock>
#include <QToolButton>

void PromptForm::setSettings(Settings *settings)
{
    m_settings = settings;
    m_historyIndex = -1;
    m_stylesButton->setEnabled(settings != nullptr);
}

void PromptForm::setUpStyles()
{
    m_stylesButton = new QToolButton(this);
    m_stylesButton->setObjectName(QStringLiteral("stylesButton"));
    m_stylesButton->setText(tr("Styles"));
    m_stylesButton->setAccessibleName(tr("Prompt styles"));
    m_stylesButton->setToolTip(tr("Insert a saved snippet at the cursor, or save the selected "
                                  "text as one"));
    m_stylesButton->setPopupMode(QToolButton::InstantPopup);
    m_stylesButton->setAutoRaise(true);
    m_stylesButton->setEnabled(false); // until there are settings to keep styles in
    auto *menu = new QMenu(m_stylesButton);
    menu->setObjectName(QStringLiteral("stylesMenu"));
    m_stylesButton->setMenu(menu);
    connect(menu, &QMenu::aboutToShow, this, &PromptForm::fillStylesMenu);
    // The button to the left of the prompt's counter: the row is there anyway.
    const int at = m_ui->mainLayout->indexOf(m_ui->promptCounter);
    m_ui->mainLayout->removeWidget(m_ui->promptCounter);
    auto *row = new QHBoxLayout;
    row->setSpacing(6);
    row->addWidget(m_stylesButton);
    row->addWidget(m_ui->promptCounter, 1);
    m_ui->mainLayout->insertLayout(at, row);
}

void PromptForm::fillStylesMenu()
{
    QMenu *menu = m_stylesButton->menu();
    menu->clear();
    // clear() leaves the submenu of the last time: gone too.
    qDeleteAll(menu->findChildren<QMenu *>(QString(), Qt::FindDirectChildrenOnly));
    const QStringList styles = m_settings ? m_settings->promptStyles() : QStringList();
    const QFontMetrics metrics(menu->font());
    const auto shown = [&metrics](const QString &style) {
        QString text = metrics.elidedText(style, Qt::ElideRight, metrics.averageCharWidth() * 40);
        return text.replace(QLatin1Char('&'), QStringLiteral("&&"));
    };
    for (const QString &style : styles) {
        QAction *insert
                = menu->addAction(shown(style), this, [this, style] { insertStyle(style); });
        insert->setToolTip(style);
    }
    if (styles.isEmpty())
        menu->addAction(tr("No styles yet: select words in the prompt and save them"))
                ->setEnabled(false);
    menu->addSeparator();
    QAction *save = menu->addAction(tr("Save Selection as Style…"), this,
                                    &PromptForm::saveSelectionAsStyle);
    save->setObjectName(QStringLiteral("saveStyleAction"));
    save->setEnabled(m_ui->promptEdit->textCursor().hasSelection());
    QMenu *remove = menu->addMenu(tr("Delete Style"));
    remove->setObjectName(QStringLiteral("deleteStyleMenu"));
    remove->setEnabled(!styles.isEmpty());
    for (const QString &style : styles) {
        remove->addAction(shown(style), this, [this, style] {
            QStringList kept = m_settings->promptStyles();
            kept.removeAll(style);
            m_settings->setPromptStyles(kept);
        });
    }
}

void PromptForm::insertStyle(const QString &style)
{
    QTextCursor cursor = m_ui->promptEdit->textCursor();
    // "a cat" + style: "a cat, cinematic lighting", as such lists are written.
    if (!cursor.hasSelection() && cursor.positionInBlock() > 0) {
        const QChar before = cursor.block().text().at(cursor.positionInBlock() - 1);
        if (!before.isSpace() && before != QLatin1Char(',') && before != QChar(0xff0c))
            cursor.insertText(QStringLiteral(", "));
        else if (before == QLatin1Char(','))
            cursor.insertText(QStringLiteral(" "));
    }
    cursor.insertText(style);
    m_ui->promptEdit->setTextCursor(cursor);
    m_ui->promptEdit->setFocus();
}

void PromptForm::saveSelectionAsStyle()
{
    if (!m_settings)
        return;
    QString selected = m_ui->promptEdit->textCursor().selectedText();
    selected.replace(QChar::ParagraphSeparator, QLatin1Char(' '));
    bool ok = false;
    const QString style = QInputDialog::getText(this, tr("Save Style"),
                                                tr("Saved styles are inserted from the Styles "
                                                   "menu.\nStyle:"),
                                                QLineEdit::Normal, selected.trimmed(), &ok)
                                  .trimmed();
    if (!ok || style.isEmpty())
        return;
    QStringList styles = m_settings->promptStyles();
    if (!styles.contains(style))
        m_settings->setPromptStyles(styles << style);
}

void PromptForm::rememberPrompt(const QString &prompt)
{
    if (m_settings)
        m_settings->addToPromptHistory(prompt);
    m_historyIndex = -1;
}

// Up in an empty prompt, or on the first line of a recalled one not changed since: the prompt
// before; Down on the last line: the next, then the empty prompt again.
bool PromptForm::handleHistoryKey(const QKeyEvent *key)
{
    if (!m_settings || (key->key() != Qt::Key_Up && key->key() != Qt::Key_Down)
        || (key->modifiers() & ~Qt::KeypadModifier))
        return false;
    QPlainTextEdit *edit = m_ui->promptEdit;
    const QString text = edit->toPlainText();
    const bool browsing = m_historyIndex >= 0 && text == m_recalled;
    if (!browsing)
        m_historyIndex = -1;
    const QStringList history = m_settings->promptHistory();
    QTextCursor probe = edit->textCursor();
    int next = -1;
    if (key->key() == Qt::Key_Up) {
        if (!text.isEmpty() && !(browsing && !probe.movePosition(QTextCursor::Up)))
            return false;
        next = browsing ? m_historyIndex - 1 : int(history.size()) - 1;
        if (next < 0)
            return browsing; // the oldest: stay there
    } else {
        if (!browsing || probe.movePosition(QTextCursor::Down))
            return false;
        next = m_historyIndex + 1;
        if (next >= history.size()) {
            m_historyIndex = -1;
            edit->clear();
            return true;
        }
    }
    m_historyIndex = next;
    m_recalled = history.at(next);
    edit->setPlainText(m_recalled);
    edit->moveCursor(QTextCursor::End);
    return true;
}
