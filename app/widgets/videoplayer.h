#pragma once

#include <QUrl>
#include <QWidget>

class QAudioOutput;
class QLabel;
class QMediaPlayer;
class QSlider;
class QToolButton;
class QVideoWidget;

// Plays one video output: play and pause, a scrub slider with the time, loop, mute, a frame
// step while paused, and full screen. Qt Multimedia decodes (GStreamer on Linux) on its own
// threads; nothing here blocks the GUI thread.
class VideoPlayer final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(VideoPlayer)

public:
    explicit VideoPlayer(QWidget *parent = nullptr);
    ~VideoPlayer() override;

    // Loads `path` and starts playing (empty: stops and unloads).
    void setFile(const QString &path);
    QString file() const { return m_file; }
    void stop(); // and back to the start; the file stays loaded

    bool isPlaying() const;
    qint64 position() const;
    qint64 duration() const;
    QString errorText() const { return m_error; } // why it does not play; empty when it does
    QMediaPlayer *player() const { return m_player; }

public slots:
    void togglePlay();
    void stepFrames(int frames); // ±1 frame, while paused
    void setLooping(bool loop);
    void setMuted(bool muted);
    // Whether the window is in full screen: the button shows it. The player has no full screen
    // of its own (QVideoWidget's made a second one, without the overlay or the arrows).
    void setFullScreen(bool fullScreen);

signals:
    // The Full Screen button, F11 or Esc: the window's full screen on or off, as for an image.
    void fullScreenRequested(bool fullScreen);

protected:
    void keyPressEvent(QKeyEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void updateControls();
    void updateTime();
    qint64 frameMs() const;

    QMediaPlayer *m_player = nullptr;
    QAudioOutput *m_audio = nullptr;
    QVideoWidget *m_video = nullptr;
    QToolButton *m_playButton = nullptr;
    QToolButton *m_previousFrameButton = nullptr;
    QToolButton *m_nextFrameButton = nullptr;
    QSlider *m_slider = nullptr;
    QLabel *m_timeLabel = nullptr;
    QToolButton *m_loopButton = nullptr;
    QToolButton *m_muteButton = nullptr;
    QToolButton *m_fullScreenButton = nullptr;
    QLabel *m_errorLabel = nullptr;
    QString m_file;
    QString m_error;
    bool m_scrubbing = false;
};
