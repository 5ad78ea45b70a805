#include "engine/inputfilecheck.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QImageReader>
#include <QLocale>
#include <algorithm>

QString InputFileCheck::roleTitle(InputRole role)
{
    switch (role) {
    case InputRole::Image:
        return tr("Image");
    case InputRole::Mask:
        return tr("Mask");
    case InputRole::FirstFrame:
        return tr("First frame");
    case InputRole::LastFrame:
        return tr("Last frame");
    case InputRole::DrivingAudio:
        return tr("Driving audio");
    }
    return inputRoleId(role);
}

QString InputFileCheck::problem(const InputRule &rule, const QString &path)
{
    const QFileInfo info(path);
    if (!info.isFile())
        return tr("%1 does not exist; choose another file.").arg(info.fileName());
    if (rule.maxBytes > 0 && info.size() > rule.maxBytes)
        return tr("%1 is %2; the %3 may be at most %4.")
                .arg(info.fileName(), QLocale().formattedDataSize(info.size()),
                     roleTitle(rule.role).toLower(), QLocale().formattedDataSize(rule.maxBytes));
    if (rule.role == InputRole::DrivingAudio) {
        if (!rule.formats.isEmpty() && !rule.formats.contains(info.suffix().toLower()))
            return tr("%1 is not %2; choose such a file.")
                    .arg(info.fileName(), rule.formats.join(QStringLiteral(", ")).toUpper());
        return {};
    }
    // The header only: format and size, no decoding.
    QImageReader reader(path);
    const QString format = QString::fromLatin1(reader.format()).toLower();
    if (format.isEmpty())
        return tr("%1 is not an image this program can read; choose a JPEG or PNG file.")
                .arg(info.fileName());
    const QString normalized = format == QLatin1String("jpg") ? QStringLiteral("jpeg") : format;
    if (!rule.formats.isEmpty() && !rule.formats.contains(normalized))
        return tr("%1 is %2; the %3 must be %4.")
                .arg(info.fileName(), normalized.toUpper(), roleTitle(rule.role).toLower(),
                     rule.formats.join(QStringLiteral(", ")).toUpper());
    const QSize size = reader.size();
    const int shortSide = std::min(size.width(), size.height());
    const int longSide = std::max(size.width(), size.height());
    if (size.isValid()
        && ((rule.minSide > 0 && shortSide < rule.minSide)
            || (rule.maxSide > 0 && longSide > rule.maxSide)))
        return tr("%1 is %2 × %3 px; each side must be %4–%5 px.")
                .arg(info.fileName())
                .arg(size.width())
                .arg(size.height())
                .arg(rule.minSide)
                .arg(rule.maxSide);
    return {};
}

QList<ValidationIssue> InputFileCheck::issues(const GenerationRequest &request,
                                              const ModelInfo &model)
{
    QList<ValidationIssue> found;
    for (const RequestInput &input : request.inputs) {
        if (input.localPath.isEmpty())
            continue; // a URL: the service reads it
        const std::optional<InputRule> rule = model.rules.input(input.role);
        if (!rule)
            continue; // a role the model does not take: validate() says so
        if (const QString why = problem(*rule, input.localPath); !why.isEmpty())
            found.append({ inputRoleId(input.role), why });
    }
    if (!found.isEmpty())
        return found;
    // A mask is the size of its base image (the service refuses another after it was billed
    // for nothing, but the task would fail).
    const QList<RequestInput> masks = request.inputsWith(InputRole::Mask);
    const QList<RequestInput> bases = request.inputsWith(InputRole::Image);
    if (masks.size() == 1 && bases.size() == 1 && !masks.first().localPath.isEmpty()
        && !bases.first().localPath.isEmpty()) {
        const QSize maskSize = QImageReader(masks.first().localPath).size();
        const QSize baseSize = QImageReader(bases.first().localPath).size();
        if (maskSize.isValid() && baseSize.isValid() && maskSize != baseSize) {
            found.append({ inputRoleId(InputRole::Mask),
                           QCoreApplication::translate(
                                   "InputPreparation",
                                   "The mask %1 is %2×%3 px; it must be the size of the base "
                                   "image %4, %5×%6 px. Make the mask at that size.")
                                   .arg(QDir::toNativeSeparators(masks.first().localPath))
                                   .arg(maskSize.width())
                                   .arg(maskSize.height())
                                   .arg(QDir::toNativeSeparators(bases.first().localPath))
                                   .arg(baseSize.width())
                                   .arg(baseSize.height()) });
        }
    }
    return found;
}
