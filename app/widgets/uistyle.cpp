#include "widgets/uistyle.h"

#include <QAction>
#include <QCoreApplication>
#include <QLabel>
#include <QLayout>
#include <QLocale>
#include <QRegularExpression>

namespace UiStyle {

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness() < 128;
}

QColor errorColor(const QPalette &palette)
{
    return isDark(palette) ? QColor(0xff, 0x7b, 0x72) : QColor(0xc0, 0x1c, 0x28);
}

QColor warningColor(const QPalette &palette)
{
    return isDark(palette) ? QColor(0xf5, 0xc2, 0x11) : QColor(0x9c, 0x5d, 0x00);
}

QColor successColor(const QPalette &palette)
{
    return isDark(palette) ? QColor(0x57, 0xe3, 0x89) : QColor(0x1a, 0x7f, 0x37);
}

QColor mutedColor(const QPalette &palette)
{
    return palette.color(QPalette::PlaceholderText);
}

void setTone(QLabel *label, Tone tone)
{
    QPalette palette = label->parentWidget() ? label->parentWidget()->palette() : label->palette();
    QColor color;
    switch (tone) {
    case Tone::Normal:
        label->setPalette(QPalette());
        label->setProperty("studioTone", int(tone));
        return;
    case Tone::Muted:
        color = mutedColor(palette);
        break;
    case Tone::Success:
        color = successColor(palette);
        break;
    case Tone::Warning:
        color = warningColor(palette);
        break;
    case Tone::Error:
        color = errorColor(palette);
        break;
    }
    palette.setColor(QPalette::WindowText, color);
    palette.setColor(QPalette::Text, color);
    label->setPalette(palette);
    label->setProperty("studioTone", int(tone));
}

QString withoutAccelerator(const QString &text)
{
    static const QRegularExpression cjkAccelerator(QStringLiteral("\\s*\\(&[^&\\s]\\)"));
    QString shown = text;
    shown.remove(cjkAccelerator);
    for (qsizetype i = 0; i < shown.size(); ++i) {
        if (shown.at(i) == QLatin1Char('&'))
            shown.remove(i, 1); // "&&" keeps its second "&"
    }
    return shown;
}

void showWithoutAccelerator(QAction *action)
{
    const auto update = [action] {
        const QString shown = withoutAccelerator(action->text());
        if (action->iconText() != shown)
            action->setIconText(shown); // emits changed() once more, then nothing differs
    };
    update();
    QObject::connect(action, &QAction::changed, action, update);
}

void growToFitContents(QWidget *window)
{
    QLayout *layout = window->layout();
    if (!layout)
        return;
    const int needed = layout->hasHeightForWidth() ? layout->totalHeightForWidth(window->width())
                                                   : layout->totalMinimumSize().height();
    if (needed > window->height())
        window->resize(window->width(), needed);
}

} // namespace UiStyle
