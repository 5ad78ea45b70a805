#include "domain/mediakind.h"

#include <array>
#include <utility>

namespace {

template<typename Enum, std::size_t N>
std::optional<Enum> fromId(const std::array<std::pair<Enum, const char *>, N> &names,
                           const QString &id)
{
    for (const auto &[value, name] : names) {
        if (id == QLatin1String(name))
            return value;
    }
    return std::nullopt;
}

template<typename Enum, std::size_t N>
QString toId(const std::array<std::pair<Enum, const char *>, N> &names, Enum value)
{
    for (const auto &[candidate, name] : names) {
        if (candidate == value)
            return QString::fromLatin1(name);
    }
    return {};
}

constexpr std::array<std::pair<MediaKind, const char *>, 5> KindNames { {
        { MediaKind::TextToImage, "text-to-image" },
        { MediaKind::ImageEdit, "image-edit" },
        { MediaKind::TextToVideo, "text-to-video" },
        { MediaKind::ImageToVideo, "image-to-video" },
        { MediaKind::KeyframeToVideo, "keyframe-to-video" },
} };

constexpr std::array<std::pair<EndpointProtocol, const char *>, 5> ProtocolNames { {
        { EndpointProtocol::ImageSynthesis, "image-synthesis" },
        { EndpointProtocol::ImageGeneration, "image-generation" },
        { EndpointProtocol::VideoSynthesis, "video-synthesis" },
        { EndpointProtocol::Image2Video, "image2video" },
        { EndpointProtocol::Image2Image, "image2image" },
} };

constexpr std::array<std::pair<InputRole, const char *>, 5> RoleNames { {
        { InputRole::Image, "image" },
        { InputRole::Mask, "mask" },
        { InputRole::FirstFrame, "first_frame" },
        { InputRole::LastFrame, "last_frame" },
        { InputRole::DrivingAudio, "driving_audio" },
} };

} // namespace

QString mediaKindId(MediaKind kind)
{
    return toId(KindNames, kind);
}

std::optional<MediaKind> mediaKindFromId(const QString &id)
{
    return fromId(KindNames, id);
}

bool makesVideo(MediaKind kind)
{
    switch (kind) {
    case MediaKind::TextToImage:
    case MediaKind::ImageEdit:
        return false;
    case MediaKind::TextToVideo:
    case MediaKind::ImageToVideo:
    case MediaKind::KeyframeToVideo:
        return true;
    }
    return false;
}

QString endpointProtocolId(EndpointProtocol protocol)
{
    return toId(ProtocolNames, protocol);
}

std::optional<EndpointProtocol> endpointProtocolFromId(const QString &id)
{
    return fromId(ProtocolNames, id);
}

QString inputRoleId(InputRole role)
{
    return toId(RoleNames, role);
}

std::optional<InputRole> inputRoleFromId(const QString &id)
{
    return fromId(RoleNames, id);
}
