#pragma once

#include <QString>
#include <optional>

// What a generation makes from what: the one switch the form, the catalog, the encoders, the poll
// policy and the library branch on, so a new kind is an addition in each, not a rewrite.
enum class MediaKind {
    TextToImage, // prompt -> images
    ImageEdit, // input image(s) (and a mask) + prompt -> images
    TextToVideo, // prompt -> one video
    ImageToVideo, // first frame (+ prompt) -> one video
    KeyframeToVideo, // first and last frame (+ prompt) -> one video
};

QString mediaKindId(MediaKind kind); // "text-to-image", … stable: catalog, library, --json
std::optional<MediaKind> mediaKindFromId(const QString &id);
bool makesVideo(MediaKind kind);

// The body shape and result shape of a create endpoint; one request encoder each.
enum class EndpointProtocol {
    ImageSynthesis, // input.prompt, output.results[]        (text2image/image-synthesis)
    ImageGeneration, // input.messages, output.choices[]     (wan2.6 image-generation)
    VideoSynthesis, // input.prompt/img_url/media, output.video_url (video-generation)
    Image2Video, // input.first_frame_url/last_frame_url, output.video_url (kf2v)
    Image2Image, // input.images or base_image_url, output.results[] (image editing)
};

QString endpointProtocolId(EndpointProtocol protocol); // "image-synthesis", … as in models.json
std::optional<EndpointProtocol> endpointProtocolFromId(const QString &id);

// What an input file is for. The wire names differ per protocol; the encoders map them.
enum class InputRole {
    Image, // an image to edit (wan2.5-i2i: one to three), or the base image (imageedit)
    Mask, // inpainting: white edits, black keeps; same size as the base image
    FirstFrame, // image-to-video and keyframe-to-video
    LastFrame, // keyframe-to-video, wan2.7
    DrivingAudio, // wan2.7 media, audio_url of text/image-to-video
};

QString
inputRoleId(InputRole role); // "image", "mask", "first_frame", "last_frame", "driving_audio"
std::optional<InputRole> inputRoleFromId(const QString &id);
