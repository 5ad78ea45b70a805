#include "platform/ffmpeglog.h"

#include "platform/logging.h"

#include <QString>
#include <cstdarg>
#include <mutex>

extern "C" {
#include <libavutil/log.h>
}

namespace {

void forwardLog(void *context, int level, const char *format, va_list arguments)
{
    if (level > av_log_get_level())
        return;
    char line[1024];
    int printPrefix = 1;
    av_log_format_line2(context, level, format, arguments, line, sizeof line, &printPrefix);
    qCDebug(lcMedia).noquote() << "FFmpeg:" << QString::fromUtf8(line).trimmed();
}

} // namespace

void routeFfmpegLogToQt()
{
    static std::once_flag once;
    std::call_once(once, [] {
        av_log_set_level(AV_LOG_WARNING);
        av_log_set_callback(&forwardLog);
    });
}
