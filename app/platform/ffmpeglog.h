#pragma once

// FFmpeg writes its notes (a damaged file, x264's statistics) to stderr through one process-wide
// callback. Every user of FFmpeg calls this first, so the callback is set once, by one owner, and
// the notes go to studio.media (debug level) instead of the terminal.
void routeFfmpegLogToQt();
