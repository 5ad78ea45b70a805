#pragma once

// Owning pointers to FFmpeg's objects, each freed by FFmpeg's own function (which also clears
// the pointer it is given), so no path out of a decode or an encode leaks one.

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavutil/frame.h>
}

#include <memory>

template<typename T, void (*Free)(T **)>
struct FfmpegFreer
{
    void operator()(T *pointer) const { Free(&pointer); }
};
using OwnedCodecContext
        = std::unique_ptr<AVCodecContext, FfmpegFreer<AVCodecContext, avcodec_free_context>>;
using OwnedFrame = std::unique_ptr<AVFrame, FfmpegFreer<AVFrame, av_frame_free>>;
using OwnedPacket = std::unique_ptr<AVPacket, FfmpegFreer<AVPacket, av_packet_free>>;
