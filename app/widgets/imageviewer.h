#pragma once

#include "domain/generationrequest.h"
#include "library/imagemetadata.h"

#include <QImage>
#include <QPersistentModelIndex>
#include <QWidget>

class QAbstractItemModel;
class QLabel;
class QScrollArea;
class QToolButton;
class ImageCanvas;
struct LibraryEntry;

// One image large, with where it came from: fit or 100 % zoom, previous/next through the
// gallery, and a side panel with prompt, extended prompt, negative prompt, model, size, seed,
// region, task id, request id and time. Also shows any PNG dropped on the window.
class ImageViewer final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImageViewer)

public:
    // `entryRole` of `model` holds a LibraryEntry for each row (the gallery model).
    explicit ImageViewer(QWidget *parent = nullptr);
    ~ImageViewer() override;

    void setModel(QAbstractItemModel *model, int entryRole);
    // Shows the gallery's row; previous/next walk the gallery.
    void showIndex(const QModelIndex &index);
    // Shows a file from outside the library with the metadata read from it (or none).
    void showFile(const QString &path);

    QModelIndex currentIndex() const { return m_index; }
    QString currentFile() const { return m_path; }
    std::optional<ImageProvenance> provenance() const { return m_provenance; }
    bool isFitToWindow() const;
    // The settings that made the image, for the prompt form; nullopt without metadata.
    std::optional<GenerationRequest> reusableRequest() const;

    // What the panel shows for a library entry, and the request that reproduces one image.
    static ImageProvenance provenanceOf(const LibraryEntry &entry);
    static GenerationRequest requestOf(const ImageProvenance &provenance);

public slots:
    void showPrevious();
    void showNext();
    void setFitToWindow(bool fit);

signals:
    void reuseRequested(const GenerationRequest &request);
    void closeRequested();
    void currentIndexChanged(const QModelIndex &index); // invalid for a dropped file

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    void load(const QString &path);
    void fillPanel();
    void step(int delta);
    void updateNavigation();
    void addField(const QString &label, QLabel **value, const QString &accessibleName);

    QAbstractItemModel *m_model = nullptr;
    int m_entryRole = 0;
    QPersistentModelIndex m_index;
    QString m_path;
    std::optional<ImageProvenance> m_provenance;
    QString m_region;

    ImageCanvas *m_canvas = nullptr;
    QScrollArea *m_scroll = nullptr;
    QToolButton *m_backButton = nullptr;
    QToolButton *m_previousButton = nullptr;
    QToolButton *m_nextButton = nullptr;
    QToolButton *m_fitButton = nullptr;
    QToolButton *m_actualSizeButton = nullptr;
    QToolButton *m_reuseButton = nullptr;
    QLabel *m_titleLabel = nullptr;
    QLabel *m_noMetadataLabel = nullptr;
    QLabel *m_promptValue = nullptr;
    QLabel *m_actualPromptValue = nullptr;
    QLabel *m_negativeValue = nullptr;
    QLabel *m_modelValue = nullptr;
    QLabel *m_sizeValue = nullptr;
    QLabel *m_seedValue = nullptr;
    QLabel *m_regionValue = nullptr;
    QLabel *m_taskIdValue = nullptr;
    QLabel *m_requestIdValue = nullptr;
    QLabel *m_timeValue = nullptr;
    QLabel *m_fileValue = nullptr;
    QWidget *m_panelFields = nullptr;
};
