#pragma once

#include "domain/apierror.h"
#include "domain/generationrequest.h"
#include "domain/modelcatalog.h"
#include "domain/region.h"
#include "library/uploadrecord.h"
#include "protocol/uploadpolicy.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTemporaryFile>
#include <QUrl>
#include <functional>
#include <memory>
#include <optional>

class DashScopeClient;
class DashScopeJob;
class OssUploadJob;
class OssUploader;

// Turns a request's local input files into what the create sends (video doc §5): a data: URI for
// a small image, otherwise the temporary upload (getPolicy, then the OSS form POST, then
// "oss://…"), reusing an upload of the same bytes for the same model and endpoint that is still
// alive. One preparation is one job: prepare() returns it, it emits finished() exactly once,
// later; then error() or request() hold the outcome. Inputs that already carry a URL (http(s)
// or oss://) are sent as they are.
class InputPreparation final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(InputPreparation)

public:
    ~InputPreparation() override;

    ApiError error() const { return m_error; }
    // The request with every input's url set to its wire value (data:, oss:// or http(s)). For
    // the encoder only: a data: URI is never stored (see forStorage()).
    GenerationRequest request() const { return m_request; }
    // The same request as it should be recorded: uploads' oss:// URLs kept (a retry within 48 h
    // reuses them), inline data: URIs dropped again.
    GenerationRequest forStorage() const;
    QList<UploadRecord> newUploads() const { return m_newUploads; }
    bool needsOssResolve() const; // some input is an oss:// URL: the create needs the header

signals:
    void finished();

private:
    friend class InputPreparer;
    explicit InputPreparation(QObject *parent);
    void next(); // the next input that still needs work, or finish()
    void fail(const ApiError &error);
    void finish();

    // The model's limits for an input file (format, pixels a side, bytes), checked before anything
    // is sent; a PNG with alpha is flattened onto white (the video models refuse alpha). The
    // bytes to send, in *bytes (flattened) and *mime; an error naming the limit otherwise.
    ApiError checkImage(const RequestInput &input, QByteArray *bytes, QByteArray *mime);
    // An editing mask (video doc §2) against its base image, both local files: the same pixel
    // size, and black and white (white edits, black keeps; soft edges allowed). Checked before
    // any input is sent.
    ApiError checkMask() const;

    class InputPreparer *m_preparer = nullptr;
    ModelInfo m_model;
    std::unique_ptr<QTemporaryFile> m_flattened; // a flattened image too large to go inline
    Endpoint m_endpoint;
    QString m_apiKey;
    GenerationRequest m_request;
    int m_index = 0;
    bool m_maskChecked = false;
    std::optional<UploadPolicy> m_policy;
    bool m_policyJustFetched = false;
    QPointer<DashScopeJob> m_policyJob;
    QPointer<OssUploadJob> m_uploadJob;
    QList<UploadRecord> m_newUploads;
    ApiError m_error;
    bool m_finished = false;
};

class InputPreparer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(InputPreparer)

public:
    // Images up to this size go inline as a data: URI (a third larger in the body); larger files,
    // masks (the editing doc says "URL only" for masks, uncertain) and audio are uploaded.
    static constexpr qint64 InlineMaxBytes = 3 * 1024 * 1024;
    // Input files are images and short audio: the models' own limits are 10–15 MB.
    static constexpr qint64 MaxInputBytes = 100 * 1024 * 1024;

    using FindUpload = std::function<std::optional<UploadRecord>(
            const QString &model, const Endpoint &endpoint, const QByteArray &sha256)>;
    using RememberUpload = std::function<void(const UploadRecord &record)>;

    InputPreparer(DashScopeClient *client, OssUploader *uploader, QObject *parent = nullptr);
    ~InputPreparer() override;

    // Where uploads are looked up and recorded (the library, so they outlive the run and are
    // shared with the command line). Without it, every preparation uploads anew.
    void setUploadLedger(FindUpload find, RememberUpload remember);
    void setClock(std::function<QDateTime()> nowUtc) { m_now = std::move(nowUtc); }

    // With `model`, each local image is checked against the model's input rule first (format,
    // 360–2000 px a side, ≤ 10 MB for the video models: nothing is sent when it breaks one), and a
    // PNG with alpha is flattened.
    InputPreparation *prepare(const Endpoint &endpoint, const QString &apiKey,
                              const GenerationRequest &request, const ModelInfo &model = {});

    // The MIME type of a file's first bytes, for data: URIs and the upload's content type;
    // empty when it is none of the formats the models take.
    static QByteArray sniffMimeType(const QByteArray &head);

private:
    friend class InputPreparation;
    QDateTime now() const { return m_now ? m_now() : QDateTime::currentDateTimeUtc(); }

    DashScopeClient *m_client;
    OssUploader *m_uploader;
    FindUpload m_findUpload;
    RememberUpload m_rememberUpload;
    std::function<QDateTime()> m_now;
    QHash<QString, UploadPolicy> m_policies; // by model + base URL, reused while valid
};
