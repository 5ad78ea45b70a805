#include "widgets/inputslot.h"

#include "engine/inputfilecheck.h"
#include "widgets/uistyle.h"

#include <QApplication>
#include <QBuffer>
#include <QClipboard>
#include <QCryptographicHash>
#include <QDir>
#include <QDrag>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QImageReader>
#include <QLabel>
#include <QLocale>
#include <QMetaMethod>
#include <QMimeData>
#include <QMouseEvent>
#include <QSaveFile>
#include <QStandardPaths>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace {

constexpr int PreviewEdge = 64;
// Marks a drag that started on a slot: dropped on another slot of the same form, it reorders.
const QString SlotMime = QStringLiteral("application/x-dashscope-studio-input-slot");

// Runs on a worker thread: a small preview, decoded at its small size where the format allows.
QImage loadPreview(const QString &path)
{
    QImageReader reader(path);
    reader.setAutoTransform(true);
    const QSize full = reader.size();
    if (full.isValid() && (full.width() > PreviewEdge || full.height() > PreviewEdge))
        reader.setScaledSize(full.scaled(PreviewEdge, PreviewEdge, Qt::KeepAspectRatio));
    return reader.read();
}

QString describeRule(const InputRule &rule)
{
    QStringList parts;
    if (!rule.formats.isEmpty())
        parts << rule.formats.join(QStringLiteral(", ")).toUpper();
    if (rule.minSide > 0 && rule.maxSide > 0)
        parts << InputSlot::tr("%1–%2 px a side").arg(rule.minSide).arg(rule.maxSide);
    if (rule.maxBytes > 0)
        parts << InputSlot::tr("up to %1").arg(QLocale().formattedDataSize(rule.maxBytes));
    return parts.join(QStringLiteral(", "));
}

} // namespace

InputSlot::InputSlot(const InputRule &rule, QWidget *parent) : QFrame(parent), m_rule(rule)
{
    setObjectName(QStringLiteral("inputSlot_") + inputRoleId(rule.role));
    setFrameShape(QFrame::StyledPanel);
    setAcceptDrops(true);

    m_preview = new QLabel(this);
    m_preview->setObjectName(QStringLiteral("preview"));
    m_preview->setFixedSize(PreviewEdge, PreviewEdge);
    m_preview->setAlignment(Qt::AlignCenter);
    m_preview->setFrameShape(QFrame::StyledPanel);
    m_preview->setAccessibleName(tr("%1 preview").arg(roleTitle(rule.role)));

    m_title = new QLabel(roleTitle(rule.role), this);
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_title->setWordWrap(true); // a long title in another language takes a second line

    auto *chooseButton = new QToolButton(this);
    chooseButton->setObjectName(QStringLiteral("chooseButton"));
    chooseButton->setText(tr("Choose…"));
    chooseButton->setAccessibleName(tr("Choose the %1").arg(roleTitle(rule.role).toLower()));
    auto *pasteButton = new QToolButton(this);
    pasteButton->setObjectName(QStringLiteral("pasteButton"));
    pasteButton->setText(tr("Paste"));
    pasteButton->setToolTip(tr("Use the image on the clipboard"));
    pasteButton->setAccessibleName(tr("Paste the %1").arg(roleTitle(rule.role).toLower()));
    m_clearButton = new QToolButton(this);
    m_clearButton->setObjectName(QStringLiteral("clearButton"));
    m_clearButton->setText(tr("Clear"));
    m_clearButton->setAccessibleName(tr("Clear the %1").arg(roleTitle(rule.role).toLower()));

    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("message"));
    m_message->setWordWrap(true);
    m_message->setAccessibleName(tr("%1 status").arg(roleTitle(rule.role)));
    // Three lines reserved (the rule's hint takes that much): a problem appearing does not move
    // the controls below.
    m_message->setMinimumHeight(3 * m_message->fontMetrics().lineSpacing() + 2);
    m_message->setAlignment(Qt::AlignLeft | Qt::AlignTop);

    // The title and Clear above Choose and Paste: in one row, the slot was wider than the form's
    // narrowest column (its buttons cut at the window's minimum width).
    auto *titleRow = new QHBoxLayout;
    titleRow->setSpacing(4);
    titleRow->addWidget(m_title, 1);
    titleRow->addWidget(m_clearButton, 0, Qt::AlignTop);
    auto *buttons = new QHBoxLayout;
    buttons->setSpacing(4);
    buttons->addWidget(chooseButton);
    buttons->addWidget(pasteButton);
    buttons->addStretch(1);
    auto *column = new QVBoxLayout;
    column->setSpacing(2);
    column->addLayout(titleRow);
    column->addLayout(buttons);
    column->addWidget(m_message);
    auto *row = new QHBoxLayout(this);
    row->setContentsMargins(4, 4, 4, 4);
    row->addWidget(m_preview, 0, Qt::AlignTop);
    row->addLayout(column, 1);

    connect(chooseButton, &QToolButton::clicked, this, &InputSlot::choose);
    connect(pasteButton, &QToolButton::clicked, this, &InputSlot::paste);
    connect(m_clearButton, &QToolButton::clicked, this, &InputSlot::clear);
    updateMessage();
}

QString InputSlot::roleTitle(InputRole role)
{
    return InputFileCheck::roleTitle(role);
}

void InputSlot::setPath(const QString &path)
{
    const QString absolute = path.isEmpty() ? QString() : QFileInfo(path).absoluteFilePath();
    if (absolute == m_path)
        return;
    m_path = absolute;
    m_problem = absolute.isEmpty() ? QString() : check(absolute);
    m_preview->clear();
    const int generation = ++m_previewGeneration;
    if (!absolute.isEmpty() && m_rule.role != InputRole::DrivingAudio) {
        auto *watcher = new QFutureWatcher<QImage>(this);
        connect(watcher, &QFutureWatcher<QImage>::finished, this, [this, watcher, generation] {
            watcher->deleteLater();
            if (generation != m_previewGeneration)
                return;
            const QImage image = watcher->result();
            if (!image.isNull())
                m_preview->setPixmap(QPixmap::fromImage(image.scaled(
                        PreviewEdge, PreviewEdge, Qt::KeepAspectRatio, Qt::SmoothTransformation)));
        });
        watcher->setFuture(QtConcurrent::run(loadPreview, absolute));
    }
    updateMessage();
    emit changed();
}

QString InputSlot::check(const QString &path) const
{
    return InputFileCheck::problem(m_rule, path);
}

void InputSlot::setOuterProblem(const QString &problem)
{
    if (problem == m_outerProblem)
        return;
    m_outerProblem = problem;
    updateMessage();
}

void InputSlot::setTitle(const QString &title)
{
    m_title->setText(title);
    m_preview->setAccessibleName(tr("%1 preview").arg(title));
    m_message->setAccessibleName(tr("%1 status").arg(title));
}

void InputSlot::setEmptyText(const QString &text)
{
    m_emptyText = text;
    updateMessage();
}

void InputSlot::updateMessage()
{
    m_clearButton->setEnabled(!m_path.isEmpty());
    QString text;
    UiStyle::Tone tone = UiStyle::Tone::Muted;
    if (!problem().isEmpty()) {
        text = problem();
        tone = UiStyle::Tone::Error;
    } else if (!m_path.isEmpty()) {
        text = QFileInfo(m_path).fileName();
        m_preview->setToolTip(m_path);
    } else if (!m_emptyText.isEmpty()) {
        text = m_emptyText;
        m_preview->setToolTip(QString());
    } else {
        const QString rule = describeRule(m_rule);
        if (m_rule.minCount > 0)
            text = rule.isEmpty() ? tr("Required: choose, drop or paste a file.")
                                  : tr("Required: choose, drop or paste a file (%1).").arg(rule);
        else
            text = rule.isEmpty() ? tr("Optional: choose, drop or paste a file.")
                                  : tr("Optional: choose, drop or paste a file (%1).").arg(rule);
        m_preview->setToolTip(QString());
    }
    m_message->setText(text);
    UiStyle::setTone(m_message, tone);
    m_message->setAccessibleDescription(text);
}

void InputSlot::choose()
{
    const QString filter = m_rule.role == InputRole::DrivingAudio
            ? tr("Audio (*.mp3 *.wav)")
            : tr("Images (*.png *.jpg *.jpeg *.bmp *.webp)");
    const QString start = m_path.isEmpty()
            ? QStandardPaths::writableLocation(QStandardPaths::PicturesLocation)
            : QFileInfo(m_path).absolutePath();
    const QString path = QFileDialog::getOpenFileName(
            this, tr("Choose the %1").arg(roleTitle(m_rule.role).toLower()), start, filter);
    if (!path.isEmpty())
        setPath(path);
}

bool InputSlot::pasteFrom(const QImage &image, const QString &folder)
{
    const QString path = savePasted(image, folder);
    if (path.isEmpty())
        return false;
    setPath(path);
    return true;
}

QString InputSlot::pasteFolder()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
            + QStringLiteral("/inputs");
}

QString InputSlot::savePasted(const QImage &image, const QString &folder)
{
    if (image.isNull() || !QDir().mkpath(folder))
        return {};
    QByteArray png;
    {
        QBuffer buffer(&png);
        buffer.open(QIODevice::WriteOnly);
        image.save(&buffer, "PNG");
    }
    // Named by content: pasting the same image twice reuses one file.
    const QString name = QString::fromLatin1(
            QCryptographicHash::hash(png, QCryptographicHash::Sha256).toHex().left(16));
    QSaveFile file(folder + QStringLiteral("/pasted-") + name + QStringLiteral(".png"));
    if (!file.open(QIODevice::WriteOnly) || file.write(png) != png.size() || !file.commit())
        return {};
    return file.fileName();
}

void InputSlot::paste()
{
    const QMimeData *mime = QApplication::clipboard()->mimeData();
    if (mime && mime->hasUrls() && !mime->urls().isEmpty() && mime->urls().first().isLocalFile()) {
        setPath(mime->urls().first().toLocalFile());
        return;
    }
    const QImage image = QApplication::clipboard()->image();
    if (!pasteFrom(image, pasteFolder())) {
        m_message->setText(tr("The clipboard holds no image; copy one first."));
        UiStyle::setTone(m_message, UiStyle::Tone::Warning);
    }
}

void InputSlot::dragEnterEvent(QDragEnterEvent *event)
{
    const QMimeData *mime = event->mimeData();
    if (mime->hasFormat(SlotMime)) {
        // Reordering, never onto itself.
        if (QString::fromUtf8(mime->data(SlotMime)) != m_path)
            event->acceptProposedAction();
        return;
    }
    if ((mime->hasUrls() && !mime->urls().isEmpty() && mime->urls().first().isLocalFile())
        || mime->hasImage())
        event->acceptProposedAction();
}

void InputSlot::dropEvent(QDropEvent *event)
{
    const QMimeData *mime = event->mimeData();
    if (mime->hasFormat(SlotMime)
        && isSignalConnected(QMetaMethod::fromSignal(&InputSlot::slotDropped))) {
        const QString path = QString::fromUtf8(mime->data(SlotMime));
        if (path != m_path) {
            event->acceptProposedAction();
            emit slotDropped(path);
        }
        return;
    }
    if (mime->hasUrls() && !mime->urls().isEmpty() && mime->urls().first().isLocalFile()) {
        setPath(mime->urls().first().toLocalFile());
        event->acceptProposedAction();
    } else if (mime->hasImage()) {
        if (pasteFrom(qvariant_cast<QImage>(mime->imageData()), pasteFolder()))
            event->acceptProposedAction();
    }
}

void InputSlot::mousePressEvent(QMouseEvent *event)
{
    m_pressedAt = event->button() == Qt::LeftButton && !m_path.isEmpty()
            ? event->position().toPoint()
            : QPoint(-1, -1);
    QFrame::mousePressEvent(event);
}

void InputSlot::mouseMoveEvent(QMouseEvent *event)
{
    if (m_pressedAt.x() < 0 || !(event->buttons() & Qt::LeftButton)
        || (event->position().toPoint() - m_pressedAt).manhattanLength()
                < QApplication::startDragDistance()) {
        QFrame::mouseMoveEvent(event);
        return;
    }
    m_pressedAt = QPoint(-1, -1);
    // The file itself (other programs take it) and a mark that it came from this slot.
    auto *mime = new QMimeData;
    mime->setUrls({ QUrl::fromLocalFile(m_path) });
    mime->setData(SlotMime, m_path.toUtf8());
    auto *drag = new QDrag(this);
    drag->setMimeData(mime);
    if (!m_preview->pixmap().isNull())
        drag->setPixmap(m_preview->pixmap());
    drag->exec(Qt::CopyAction | Qt::MoveAction, Qt::MoveAction);
}
