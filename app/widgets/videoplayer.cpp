#include "widgets/videoplayer.h"

#include "widgets/uistyle.h"

#include <QAudioOutput>
#include <QEvent>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QMediaMetaData>
#include <QMediaPlayer>
#include <QSlider>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>
#include <QVideoWidget>

namespace {

constexpr qint64 DefaultFrameMs = 1000 / 30; // the service's videos are 30 fps

QString clock(qint64 ms)
{
    const qint64 seconds = std::max<qint64>(0, ms) / 1000;
    return QStringLiteral("%1:%2").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
}

QToolButton *makeButton(QWidget *parent, const char *name, const QString &text, const QString &tip,
                        const QIcon &icon = {})
{
    auto *button = new QToolButton(parent);
    button->setObjectName(QString::fromLatin1(name));
    button->setText(text);
    button->setToolTip(tip);
    button->setAccessibleName(text);
    button->setAutoRaise(true);
    if (!icon.isNull())
        button->setIcon(icon);
    return button;
}

} // namespace

VideoPlayer::VideoPlayer(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("videoPlayer"));
    setAccessibleName(tr("Video player"));
    setFocusPolicy(Qt::StrongFocus);
    m_player = new QMediaPlayer(this);
    m_audio = new QAudioOutput(this);
    m_player->setAudioOutput(m_audio);
    m_video = new QVideoWidget(this);
    m_video->setObjectName(QStringLiteral("videoWidget"));
    m_video->setAccessibleName(tr("Video"));
    m_video->setMinimumSize(160, 90);
    m_video->installEventFilter(this);
    m_player->setVideoOutput(m_video);

    m_playButton = makeButton(this, "playButton", tr("Play"), tr("Play or pause (Space)"),
                              style()->standardIcon(QStyle::SP_MediaPlay));
    m_previousFrameButton = makeButton(this, "previousFrameButton", tr("Previous frame"),
                                       tr("One frame back, while paused (,)"),
                                       style()->standardIcon(QStyle::SP_MediaSeekBackward));
    m_nextFrameButton = makeButton(this, "nextFrameButton", tr("Next frame"),
                                   tr("One frame forward, while paused (.)"),
                                   style()->standardIcon(QStyle::SP_MediaSeekForward));
    m_slider = new QSlider(Qt::Horizontal, this);
    m_slider->setObjectName(QStringLiteral("positionSlider"));
    m_slider->setAccessibleName(tr("Position"));
    m_slider->setRange(0, 0);
    m_timeLabel = new QLabel(this);
    m_timeLabel->setObjectName(QStringLiteral("timeLabel"));
    m_timeLabel->setAccessibleName(tr("Time"));
    // As wide as the longest time the service makes, so the slider does not move as it plays.
    m_timeLabel->setMinimumWidth(
            m_timeLabel->fontMetrics().horizontalAdvance(QStringLiteral("00:00 / 00:00")) + 4);
    m_loopButton = makeButton(this, "loopButton", tr("Loop"), tr("Play again from the start (L)"));
    m_loopButton->setCheckable(true);
    m_muteButton = makeButton(this, "muteButton", tr("Mute"), tr("Sound off (M)"),
                              style()->standardIcon(QStyle::SP_MediaVolume));
    m_muteButton->setCheckable(true);
    m_fullScreenButton = makeButton(this, "fullScreenButton", tr("Full Screen"),
                                    tr("The video on the whole screen (F11; Esc leaves)"));
    m_fullScreenButton->setCheckable(true);
    m_errorLabel = new QLabel(this);
    m_errorLabel->setObjectName(QStringLiteral("videoErrorLabel"));
    m_errorLabel->setWordWrap(true);
    m_errorLabel->hide();

    auto *controls = new QHBoxLayout;
    controls->setContentsMargins(6, 2, 6, 4);
    controls->setSpacing(2);
    controls->addWidget(m_playButton);
    controls->addWidget(m_previousFrameButton);
    controls->addWidget(m_nextFrameButton);
    controls->addWidget(m_slider, 1);
    controls->addWidget(m_timeLabel);
    controls->addWidget(m_loopButton);
    controls->addWidget(m_muteButton);
    controls->addWidget(m_fullScreenButton);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_video, 1);
    layout->addWidget(m_errorLabel);
    layout->addLayout(controls);

    connect(m_playButton, &QToolButton::clicked, this, &VideoPlayer::togglePlay);
    connect(m_previousFrameButton, &QToolButton::clicked, this, [this] { stepFrames(-1); });
    connect(m_nextFrameButton, &QToolButton::clicked, this, [this] { stepFrames(+1); });
    connect(m_loopButton, &QToolButton::toggled, this, &VideoPlayer::setLooping);
    connect(m_muteButton, &QToolButton::toggled, this, &VideoPlayer::setMuted);
    connect(m_fullScreenButton, &QToolButton::clicked, this, [this](bool checked) {
        const QSignalBlocker blocker(m_fullScreenButton);
        m_fullScreenButton->setChecked(!checked); // until the window says it changed
        emit fullScreenRequested(checked);
    });
    connect(m_slider, &QSlider::sliderPressed, this, [this] { m_scrubbing = true; });
    connect(m_slider, &QSlider::sliderReleased, this, [this] {
        m_scrubbing = false;
        m_player->setPosition(m_slider->value());
    });
    // Dragging shows the frame under the handle; a click or a key jumps there.
    connect(m_slider, &QSlider::valueChanged, this, [this](int value) {
        if (m_scrubbing || qAbs(value - m_player->position()) > 250)
            m_player->setPosition(value);
    });
    connect(m_player, &QMediaPlayer::durationChanged, this, [this](qint64 duration) {
        const QSignalBlocker blocker(m_slider);
        m_slider->setRange(0, int(duration));
        updateTime();
    });
    connect(m_player, &QMediaPlayer::positionChanged, this, [this](qint64 position) {
        if (!m_scrubbing) {
            const QSignalBlocker blocker(m_slider);
            m_slider->setValue(int(position));
        }
        updateTime();
    });
    connect(m_player, &QMediaPlayer::playbackStateChanged, this, &VideoPlayer::updateControls);
    connect(m_player, &QMediaPlayer::errorOccurred, this,
            [this](QMediaPlayer::Error, const QString &text) {
                m_error = text.isEmpty() ? tr("The video cannot be played.") : text;
                m_errorLabel->setText(
                        tr("This video cannot be played here: %1 Open it in another player with "
                           "Show in File Manager.")
                                .arg(m_error));
                UiStyle::setTone(m_errorLabel, UiStyle::Tone::Error);
                m_errorLabel->show();
                updateControls();
            });
    updateControls();
    updateTime();
}

VideoPlayer::~VideoPlayer()
{
    m_player->stop();
}

void VideoPlayer::setFile(const QString &path)
{
    if (path == m_file) {
        if (!path.isEmpty() && m_error.isEmpty())
            m_player->play(); // shown again: from where stop() left it, the start
        return;
    }
    m_file = path;
    m_error.clear();
    m_errorLabel->hide();
    m_player->stop();
    m_player->setSource(path.isEmpty() ? QUrl() : QUrl::fromLocalFile(path));
    if (!path.isEmpty())
        m_player->play();
    updateControls();
}

void VideoPlayer::stop()
{
    m_player->stop();
}

bool VideoPlayer::isPlaying() const
{
    return m_player->playbackState() == QMediaPlayer::PlayingState;
}

qint64 VideoPlayer::position() const
{
    return m_player->position();
}

qint64 VideoPlayer::duration() const
{
    return m_player->duration();
}

void VideoPlayer::togglePlay()
{
    if (m_file.isEmpty())
        return;
    if (isPlaying())
        m_player->pause();
    else
        m_player->play();
}

qint64 VideoPlayer::frameMs() const
{
    const double fps = m_player->metaData().value(QMediaMetaData::VideoFrameRate).toDouble();
    return fps > 1 ? qint64(std::lround(1000.0 / fps)) : DefaultFrameMs;
}

void VideoPlayer::stepFrames(int frames)
{
    if (m_file.isEmpty())
        return;
    if (isPlaying())
        m_player->pause(); // a step is for looking closely: stay on the frame
    const qint64 target = std::clamp<qint64>(m_player->position() + frames * frameMs(), 0,
                                             std::max<qint64>(0, m_player->duration()));
    m_player->setPosition(target);
}

void VideoPlayer::setLooping(bool loop)
{
    m_player->setLoops(loop ? QMediaPlayer::Infinite : 1);
    if (m_loopButton->isChecked() != loop)
        m_loopButton->setChecked(loop);
}

void VideoPlayer::setMuted(bool muted)
{
    m_audio->setMuted(muted);
    if (m_muteButton->isChecked() != muted)
        m_muteButton->setChecked(muted);
    m_muteButton->setIcon(
            style()->standardIcon(muted ? QStyle::SP_MediaVolumeMuted : QStyle::SP_MediaVolume));
}

void VideoPlayer::setFullScreen(bool fullScreen)
{
    const QSignalBlocker blocker(m_fullScreenButton);
    m_fullScreenButton->setChecked(fullScreen);
}

void VideoPlayer::updateControls()
{
    const bool playing = isPlaying();
    const bool loaded = !m_file.isEmpty() && m_error.isEmpty();
    m_playButton->setIcon(
            style()->standardIcon(playing ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
    m_playButton->setText(playing ? tr("Pause") : tr("Play"));
    m_playButton->setAccessibleName(m_playButton->text());
    m_playButton->setEnabled(loaded);
    m_previousFrameButton->setEnabled(loaded && !playing);
    m_nextFrameButton->setEnabled(loaded && !playing);
    m_slider->setEnabled(loaded);
    m_fullScreenButton->setEnabled(loaded);
}

void VideoPlayer::updateTime()
{
    m_timeLabel->setText(
            tr("%1 / %2").arg(clock(m_player->position()), clock(m_player->duration())));
}

void VideoPlayer::keyPressEvent(QKeyEvent *event)
{
    switch (event->key()) {
    case Qt::Key_Space:
    case Qt::Key_K:
        togglePlay();
        return;
    case Qt::Key_Comma:
        stepFrames(-1);
        return;
    case Qt::Key_Period:
        stepFrames(+1);
        return;
    case Qt::Key_M:
        setMuted(!m_audio->isMuted());
        return;
    case Qt::Key_L:
        setLooping(m_player->loops() != QMediaPlayer::Infinite);
        return;
    case Qt::Key_F11:
        emit fullScreenRequested(!m_fullScreenButton->isChecked());
        return;
    case Qt::Key_Escape:
        if (m_fullScreenButton->isChecked()) {
            emit fullScreenRequested(false);
            return;
        }
        break;
    default:
        break;
    }
    QWidget::keyPressEvent(event);
}

bool VideoPlayer::eventFilter(QObject *watched, QEvent *event)
{
    // A double-click on the picture: the window's full screen on or off.
    if (watched == m_video && event->type() == QEvent::MouseButtonDblClick) {
        emit fullScreenRequested(!m_fullScreenButton->isChecked());
        return true;
    }
    return QWidget::eventFilter(watched, event);
}
