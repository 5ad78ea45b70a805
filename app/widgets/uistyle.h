#pragma once

#include <QColor>
#include <QPalette>
#include <QString>

class QAction;
class QLabel;
class QWidget;

// Small helpers that keep colours readable in light and dark palettes alike.
namespace UiStyle {

bool isDark(const QPalette &palette);
QColor errorColor(const QPalette &palette); // red, readable on the window background
QColor warningColor(const QPalette &palette); // amber
QColor successColor(const QPalette &palette); // green
QColor mutedColor(const QPalette &palette); // secondary text

enum class Tone { Normal, Muted, Success, Warning, Error };
// Sets the label's text colour (through its palette, so it follows theme changes via polish).
void setTone(QLabel *label, Tone tone);

// An action's text as a button shows it: without its accelerator, in the Latin form ("&Generate":
// "Generate") and in the form Chinese and Japanese translations use ("生成(&G)": "生成"), which
// Qt alone would show as "生成(G)".
QString withoutAccelerator(const QString &text);
// Makes the action's buttons (toolbar, QToolButton::setDefaultAction) show withoutAccelerator(),
// also after later setText() calls. Menus keep the accelerator.
void showWithoutAccelerator(QAction *action);

// Makes `window` tall enough for its layout at its present width: a top-level window does not
// grow by itself when a word-wrapped label gains lines (its height depends on the width), so a
// message that appears would be clipped. Call it from the window's LayoutRequest event.
void growToFitContents(QWidget *window);

} // namespace UiStyle
