#include "engine/inputpreparer.h"

#include "platform/logging.h"
#include "protocol/dashscopeclient.h"
#include "protocol/ossupload.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QImageReader>
#include <QTimer>

namespace {

QString policyKey(const QString &model, const QUrl &baseUrl)
{
    return model + QLatin1Char(' ') + baseUrl.toString(QUrl::StripTrailingSlash);
}

} // namespace

// --- InputPreparation --------------------------------------------------------------------------

InputPreparation::InputPreparation(QObject *parent) : QObject(parent) { }

InputPreparation::~InputPreparation()
{
    if (DashScopeJob *job = m_policyJob.data())
        job->deleteLater();
    if (OssUploadJob *job = m_uploadJob.data())
        job->deleteLater();
}

GenerationRequest InputPreparation::forStorage() const
{
    // What was asked, with each file's content hash: the files, not the wire values, are the
    // request (an upload expires, a data: URI is only a copy). Reuse goes through the ledger.
    GenerationRequest stored = m_request;
    for (RequestInput &input : stored.inputs) {
        if (!input.localPath.isEmpty())
            input.url.clear();
    }
    return stored;
}

bool InputPreparation::needsOssResolve() const
{
    for (const RequestInput &input : m_request.inputs) {
        if (input.url.startsWith(QLatin1String("oss://")))
            return true;
    }
    return false;
}

void InputPreparation::fail(const ApiError &error)
{
    m_error = error;
    finish();
}

void InputPreparation::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    emit finished();
}

void InputPreparation::next()
{
    if (m_finished)
        return;
    InputPreparer *preparer = m_preparer;
    if (!m_maskChecked) {
        m_maskChecked = true;
        if (const ApiError refused = checkMask(); refused.isError()) {
            fail(refused);
            return;
        }
    }
    while (m_index < m_request.inputs.size()) {
        RequestInput &input = m_request.inputs[m_index];
        if (input.localPath.isEmpty()) {
            if (input.url.isEmpty()) {
                fail(ApiError::make(ApiError::Kind::InvalidParameter,
                                    tr("Input %1 has neither a file nor a URL.").arg(m_index + 1)));
                return;
            }
            ++m_index; // a URL given by the person goes as it is
            continue;
        }

        const QString shownName = QDir::toNativeSeparators(input.localPath);
        QFile file(input.localPath);
        if (!file.open(QIODevice::ReadOnly)) {
            fail(ApiError::make(ApiError::Kind::Storage,
                                tr("Cannot read %1: %2").arg(shownName, file.errorString())));
            return;
        }
        if (file.size() > InputPreparer::MaxInputBytes) {
            fail(ApiError::make(ApiError::Kind::InvalidParameter,
                                tr("%1 is %2 MB; input files may be at most %3 MB.")
                                        .arg(shownName)
                                        .arg(file.size() / (1024 * 1024))
                                        .arg(InputPreparer::MaxInputBytes / (1024 * 1024))));
            return;
        }
        // Bounded above (the models take at most 15 MB), so reading it here is quick.
        const QByteArray bytes = file.readAll();
        const QByteArray mime = InputPreparer::sniffMimeType(bytes.left(64));
        if (mime.isEmpty()) {
            fail(ApiError::make(ApiError::Kind::InvalidParameter,
                                tr("%1 is not a file the service takes (JPEG, PNG, BMP, WEBP or "
                                   "TIFF images; MP3 or WAV audio).")
                                        .arg(shownName)));
            return;
        }
        input.sha256 = QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex();
        QByteArray sent = bytes;
        QByteArray sentMime = mime;
        if (const ApiError refused = checkImage(input, &sent, &sentMime); refused.isError()) {
            fail(refused);
            return;
        }
        // A flattened image too large to go inline is uploaded from a file of its own.
        QString uploadPath = input.localPath;
        if (sent != bytes && sent.size() > InputPreparer::InlineMaxBytes) {
            m_flattened = std::make_unique<QTemporaryFile>();
            if (!m_flattened->open() || m_flattened->write(sent) != sent.size()
                || !m_flattened->flush()) {
                fail(ApiError::make(ApiError::Kind::Storage,
                                    tr("Cannot write a temporary copy of %1 without its "
                                       "transparency: %2")
                                            .arg(shownName, m_flattened->errorString())));
                return;
            }
            uploadPath = m_flattened->fileName();
        }

        const bool inline_ = input.role != InputRole::Mask && input.role != InputRole::DrivingAudio
                && sent.size() <= InputPreparer::InlineMaxBytes;
        if (inline_) {
            input.url = QStringLiteral("data:") + QString::fromLatin1(sentMime)
                    + QStringLiteral(";base64,") + QString::fromLatin1(sent.toBase64());
            ++m_index;
            continue;
        }

        if (preparer->m_findUpload) {
            const std::optional<UploadRecord> earlier
                    = preparer->m_findUpload(m_request.model, m_endpoint, input.sha256);
            if (earlier && earlier->isReusableAt(preparer->now())) {
                qCInfo(lcApi).noquote() << "input" << m_index + 1 << "reuses" << earlier->ossUrl;
                input.url = earlier->ossUrl;
                ++m_index;
                continue;
            }
        }

        // A policy fetched for this preparation is used as it is (even one the service gives
        // a short life); one from the cache only while it has time left.
        const QString key = policyKey(m_request.model, m_endpoint.baseUrl);
        if (m_policy && !m_policyJustFetched && !m_policy->isUsableAt(preparer->now()))
            m_policy.reset();
        const auto cached = preparer->m_policies.constFind(key);
        if (!m_policy && cached != preparer->m_policies.constEnd()
            && cached->isUsableAt(preparer->now()))
            m_policy = *cached;
        if (!m_policy) {
            DashScopeJob *job
                    = preparer->m_client->getUploadPolicy(m_endpoint, m_apiKey, m_request.model);
            m_policyJob = job;
            connect(job, &DashScopeJob::finished, this, [this, job, key] {
                job->deleteLater();
                if (job->error().isError()) {
                    fail(job->error());
                    return;
                }
                m_policy = job->uploadPolicy();
                m_policyJustFetched = true;
                m_preparer->m_policies.insert(key, *m_policy);
                next();
            });
            return;
        }
        m_policyJustFetched = false;

        OssUploadJob *upload
                = preparer->m_uploader->upload(*m_policy, uploadPath, input.sha256, sentMime);
        m_uploadJob = upload;
        connect(upload, &OssUploadJob::finished, this, [this, upload] {
            upload->deleteLater();
            if (upload->error().isError()) {
                fail(upload->error());
                return;
            }
            RequestInput &uploaded = m_request.inputs[m_index];
            uploaded.url = upload->ossUrl();
            const UploadRecord record { m_request.model, m_endpoint, uploaded.sha256, uploaded.url,
                                        m_preparer->now() };
            m_newUploads.append(record);
            if (m_preparer->m_rememberUpload)
                m_preparer->m_rememberUpload(record);
            ++m_index;
            next();
        });
        return;
    }
    finish();
}

ApiError InputPreparation::checkImage(const RequestInput &input, QByteArray *bytes,
                                      QByteArray *mime)
{
    const std::optional<InputRule> rule = m_model.rules.input(input.role);
    if (!rule || !mime->startsWith("image/"))
        return {};
    const QString shownName = QDir::toNativeSeparators(input.localPath);
    const auto refuse = [](const QString &message) {
        return ApiError::make(ApiError::Kind::InvalidParameter, message);
    };
    const QString format = QString::fromLatin1(mime->mid(6));
    if (!rule->formats.isEmpty() && !rule->formats.contains(format)) {
        return refuse(tr("%1 is a %2 image; %3 takes %4 images only.")
                              .arg(shownName, format.toUpper(), m_model.name,
                                   rule->formats.join(QStringLiteral(", ")).toUpper()));
    }
    if (rule->maxBytes > 0 && bytes->size() > rule->maxBytes) {
        return refuse(tr("%1 is %2 MB; %3 takes images of at most %4 MB.")
                              .arg(shownName)
                              .arg(double(bytes->size()) / (1024 * 1024), 0, 'f', 1)
                              .arg(m_model.name)
                              .arg(rule->maxBytes / (1024 * 1024)));
    }
    // Decoding is bounded: at most maxBytes (10 MB), and the sides are checked right after.
    QImage image;
    if (!image.loadFromData(*bytes))
        return refuse(
                tr("%1 cannot be read as an image; save it again as JPEG or PNG.").arg(shownName));
    const int shortSide = std::min(image.width(), image.height());
    const int longSide = std::max(image.width(), image.height());
    if ((rule->minSide > 0 && shortSide < rule->minSide)
        || (rule->maxSide > 0 && longSide > rule->maxSide)) {
        return refuse(tr("%1 is %2×%3 px; %4 takes images %5 to %6 px a side. Resize it and "
                         "try again.")
                              .arg(shownName)
                              .arg(image.width())
                              .arg(image.height())
                              .arg(m_model.name)
                              .arg(rule->minSide)
                              .arg(rule->maxSide));
    }
    if (*mime == "image/png" && image.hasAlphaChannel()) {
        // The video models refuse PNGs with alpha: flattened onto white, sent as PNG. A mask
        // onto black: what is transparent is kept, never edited.
        const int under = input.role == InputRole::Mask ? 0 : 255;
        // By hand, not QPainter: the command line has no QGuiApplication.
        QImage flat = image.convertToFormat(QImage::Format_ARGB32);
        for (int y = 0; y < flat.height(); ++y) {
            auto *row = reinterpret_cast<QRgb *>(flat.scanLine(y));
            for (int x = 0; x < flat.width(); ++x) {
                const int a = qAlpha(row[x]);
                const auto over = [a, under](int c) { return (c * a + under * (255 - a)) / 255; };
                row[x] = qRgb(over(qRed(row[x])), over(qGreen(row[x])), over(qBlue(row[x])));
            }
        }
        flat = flat.convertToFormat(QImage::Format_RGB32);
        QByteArray png;
        QBuffer buffer(&png);
        buffer.open(QIODevice::WriteOnly);
        if (!flat.save(&buffer, "PNG"))
            return refuse(
                    tr("%1 could not be flattened (its transparency removed).").arg(shownName));
        *bytes = png;
    }
    return {};
}

ApiError InputPreparation::checkMask() const
{
    const QList<RequestInput> masks = m_request.inputsWith(InputRole::Mask);
    const QList<RequestInput> bases = m_request.inputsWith(InputRole::Image);
    if (!m_model.rules.input(InputRole::Mask) || masks.size() != 1 || bases.size() != 1
        || masks.constFirst().localPath.isEmpty() || bases.constFirst().localPath.isEmpty())
        return {}; // URLs cannot be looked at; counts are validate()'s
    const QString maskName = QDir::toNativeSeparators(masks.constFirst().localPath);
    const QString baseName = QDir::toNativeSeparators(bases.constFirst().localPath);
    const auto refuse = [](const QString &message) {
        return ApiError::make(ApiError::Kind::InvalidParameter, message);
    };
    // The base's size from its header; the mask decoded (bounded: the model's 10 MB, checked
    // first, and a mask is the base's size).
    const QSize baseSize = QImageReader(bases.constFirst().localPath).size();
    QImageReader maskReader(masks.constFirst().localPath);
    const QSize maskSize = maskReader.size();
    if (!baseSize.isValid() || !maskSize.isValid())
        return {}; // not an image: next() says so, naming the file
    if (maskSize != baseSize) {
        return refuse(tr("The mask %1 is %2×%3 px; it must be the size of the base image %4, "
                         "%5×%6 px. Make the mask at that size.")
                              .arg(maskName)
                              .arg(maskSize.width())
                              .arg(maskSize.height())
                              .arg(baseName)
                              .arg(baseSize.width())
                              .arg(baseSize.height()));
    }
    const std::optional<InputRule> rule = m_model.rules.input(InputRole::Mask);
    if (rule->maxBytes > 0 && QFileInfo(masks.constFirst().localPath).size() > rule->maxBytes)
        return {}; // next() names the limit
    QImage mask;
    if (!maskReader.read(&mask))
        return {};
    if (mask.hasAlphaChannel()) {
        // Transparent is kept (flattened onto black when sent).
        mask = mask.convertToFormat(QImage::Format_ARGB32);
        for (int y = 0; y < mask.height(); ++y) {
            auto *row = reinterpret_cast<QRgb *>(mask.scanLine(y));
            for (int x = 0; x < mask.width(); ++x) {
                const int a = qAlpha(row[x]);
                row[x] = qRgb(qRed(row[x]) * a / 255, qGreen(row[x]) * a / 255,
                              qBlue(row[x]) * a / 255);
            }
        }
    }
    mask = mask.convertToFormat(QImage::Format_RGB32);
    // The simulator's rule too (SimulatorEditInputs): grey or coloured on at most a tenth.
    qint64 neither = 0;
    for (int y = 0; y < mask.height(); ++y) {
        const auto *row = reinterpret_cast<const QRgb *>(mask.constScanLine(y));
        for (int x = 0; x < mask.width(); ++x) {
            const int r = qRed(row[x]), g = qGreen(row[x]), b = qBlue(row[x]);
            const int spread = std::max({ r, g, b }) - std::min({ r, g, b });
            const int grey = (r + g + b) / 3;
            if (spread > 48 || (grey > 47 && grey < 208))
                ++neither;
        }
    }
    const qint64 pixels = qint64(mask.width()) * mask.height();
    if (neither * 10 > pixels) {
        return refuse(tr("The mask %1 is not black and white: %2 % of its pixels are grey or "
                         "coloured. Paint white where the image should change and black where it "
                         "should stay.")
                              .arg(maskName)
                              .arg(neither * 100 / pixels));
    }
    return {};
}

// --- InputPreparer -----------------------------------------------------------------------------

InputPreparer::InputPreparer(DashScopeClient *client, OssUploader *uploader, QObject *parent)
    : QObject(parent), m_client(client), m_uploader(uploader)
{ }

InputPreparer::~InputPreparer() = default;

void InputPreparer::setUploadLedger(FindUpload find, RememberUpload remember)
{
    m_findUpload = std::move(find);
    m_rememberUpload = std::move(remember);
}

InputPreparation *InputPreparer::prepare(const Endpoint &endpoint, const QString &apiKey,
                                         const GenerationRequest &request, const ModelInfo &model)
{
    auto *preparation = new InputPreparation(this);
    preparation->m_model = model;
    preparation->m_preparer = this;
    preparation->m_endpoint = endpoint;
    preparation->m_apiKey = apiKey;
    preparation->m_request = request;
    // Always later than this call, as every job here.
    QTimer::singleShot(0, preparation, &InputPreparation::next);
    return preparation;
}

QByteArray InputPreparer::sniffMimeType(const QByteArray &head)
{
    if (head.startsWith("\x89PNG\r\n\x1a\n"))
        return "image/png";
    if (head.startsWith("\xff\xd8\xff"))
        return "image/jpeg";
    if (head.startsWith("RIFF") && head.mid(8, 4) == "WEBP")
        return "image/webp";
    if (head.startsWith("RIFF") && head.mid(8, 4) == "WAVE")
        return "audio/wav";
    if (head.startsWith("BM"))
        return "image/bmp";
    if (head.startsWith("II*\0") || head.startsWith("MM\0*"))
        return "image/tiff";
    if (head.startsWith("ID3")
        || (head.size() > 1 && uchar(head[0]) == 0xff && (uchar(head[1]) & 0xe0) == 0xe0))
        return "audio/mpeg";
    return {};
}
