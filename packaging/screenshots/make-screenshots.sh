#!/usr/bin/env bash
# Makes the screenshots in this folder (the ones the AppStream metainfo lists and the README
# shows) from the real program, driven like a person would drive it, under Xvfb:
#
#   packaging/screenshots/make-screenshots.sh [BINARY]     default: build/app/dashscope-studio
#
# It builds nothing: build the program first (packaging/dev.sh run, or cmake + ninja). It installs
# what it needs when missing (Xvfb, xdotool, xclip, ImageMagick, openbox for window frames, a CJK
# font, D-Bus and gnome-keyring so the settings dialog talks about a real keychain), with sudo
# when not root. The program runs with HOME and XDG_* in a temporary folder: no API key, so demo
# mode against the built-in simulator, and an empty library that the script fills with a few
# prompts.
#
# Environment: STUDIO_SHOTS_OUT (where the PNGs go, default: this folder), STUDIO_SHOTS_ONLY
# (space-separated names to write, e.g. "main-zh_CN"; the others are still driven but not
# written), STUDIO_SHOTS_TIMEOUT (seconds for the whole run, default 600), STUDIO_SHOTS_KEEP=1
# (keep the temporary folder, with the program's log, for a look afterwards).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)

if [[ ${1:-} == --inner ]]; then
    inner=1
    shift
else
    inner=0
fi

# ---------------------------------------------------------------------------------------------
# The outer part: check arguments, install, make a temporary folder, run the inner part under an
# overall timeout and a private D-Bus session, clean up.
# ---------------------------------------------------------------------------------------------
if ((!inner)); then
    case ${1:-} in
    -h | --help)
        sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'
        exit 0
        ;;
    esac
    binary=${1:-$repo/build/app/dashscope-studio}
    [[ -x $binary ]] || {
        echo "make-screenshots: no program at $binary: build it first, or pass its path" >&2
        exit 2
    }
    binary=$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")

    # Command (or file) → Debian package.
    declare -A needs=(
        [Xvfb]=xvfb [xdotool]=xdotool [import]=imagemagick [openbox]=openbox
        [dbus-run-session]=dbus [gnome-keyring-daemon]=gnome-keyring [fc-list]=fontconfig
        [xwininfo]=x11-utils [xclip]=xclip
    )
    missing=()
    for command in "${!needs[@]}"; do
        command -v "$command" >/dev/null || missing+=("${needs[$command]}")
    done
    # /usr/bin/convert, not a stand-in elsewhere on the PATH: ImageMagick itself.
    [[ -x /usr/bin/convert ]] || missing+=(imagemagick)
    # Chinese needs a font that has it; Noto CJK is what Debian desktops install.
    fc-list :lang=zh-cn family 2>/dev/null | grep -q . || missing+=(fonts-noto-cjk)
    command -v pngcrush >/dev/null || missing+=(pngcrush)
    if ((${#missing[@]})); then
        mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
        echo "make-screenshots: installing ${missing[*]}" >&2
        sudo=()
        [[ $(id -u) -eq 0 ]] || sudo=(sudo)
        "${sudo[@]}" apt-get update -qq
        DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fi

    work=$(mktemp -d "${TMPDIR:-/tmp}/studio.XXXXXX")
    cleanup() {
        if [[ ${STUDIO_SHOTS_KEEP:-0} == 1 ]]; then
            echo "make-screenshots: kept $work" >&2
        else
            rm -rf "$work"
        fi
    }
    trap cleanup EXIT
    mkdir -p "$work/home" "$work/run"
    chmod 700 "$work/run"

    # Everything the program and the keyring see lives in $work. No key in the environment: the
    # program must start in demo mode. timeout kills the whole process group when time is up.
    status=0
    env -u DASHSCOPE_API_KEY -u DASHSCOPE_HTTP_BASE_URL -u QT_QPA_PLATFORM -u QT_SCALE_FACTOR \
        -u QT_STYLE_OVERRIDE -u DISPLAY -u WAYLAND_DISPLAY -u DBUS_SESSION_BUS_ADDRESS \
        HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" XDG_DATA_HOME="$work/home/.local/share" \
        XDG_CACHE_HOME="$work/home/.cache" XDG_STATE_HOME="$work/home/.local/state" \
        XDG_RUNTIME_DIR="$work/run" STUDIO_SHOTS_WORK="$work" STUDIO_SHOTS_BINARY="$binary" \
        timeout --kill-after=10 "${STUDIO_SHOTS_TIMEOUT:-600}" \
        dbus-run-session -- bash "$0" --inner || status=$?
    if ((status == 124 || status == 137)); then
        echo "make-screenshots: gave up after ${STUDIO_SHOTS_TIMEOUT:-600} s" >&2
        STUDIO_SHOTS_KEEP=1
    elif ((status != 0)); then
        STUDIO_SHOTS_KEEP=1
    fi
    exit "$status"
fi

# ---------------------------------------------------------------------------------------------
# The inner part, in a private D-Bus session with HOME in the temporary folder.
# ---------------------------------------------------------------------------------------------
work=$STUDIO_SHOTS_WORK
binary=$STUDIO_SHOTS_BINARY
out=${STUDIO_SHOTS_OUT:-$here}
only=${STUDIO_SHOTS_ONLY:-}
pictures="$HOME/Pictures/DashScope Studio/Demo" # the demo output folder of a fresh HOME
mkdir -p "$out"

log() { echo "make-screenshots: $*" >&2; }
die() {
    log "$*"
    [[ -z ${DISPLAY:-} ]] || import -window root "$work/failure.png" 2>/dev/null || true
    exit 1
}

pids=()
app_pid=
cleanup_inner() {
    local pid
    [[ -z $app_pid ]] || kill "$app_pid" 2>/dev/null || true
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    wait 2>/dev/null || true
}
trap cleanup_inner EXIT

# A real Secret Service, unlocked, so the settings dialog shows what a desktop user sees.
echo -n screenshots | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1 || true

# An X server on a free display: -displayfd picks one and tells us which.
Xvfb -displayfd 3 -screen 0 1600x1000x24 -nolisten tcp -dpi 96 3>"$work/display" >"$work/xvfb.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do
    [[ -s $work/display ]] && break
    sleep 0.1
done
[[ -s $work/display ]] || die "Xvfb did not start: $(cat "$work/xvfb.log")"
export DISPLAY=:$(head -n 1 "$work/display")
log "Xvfb on $DISPLAY"

# A window manager, for window frames like a real desktop has.
# Its theme follows the program's colours: light frames, then dark ones for the dark window.
wm_theme() {
    [[ -f /etc/xdg/openbox/rc.xml && -d /usr/share/themes/$1/openbox-3 ]] || return 0
    sed "s|<name>Clearlooks</name>|<name>$1</name>|" /etc/xdg/openbox/rc.xml >"$work/openbox.xml"
    if [[ ${2:-} == reload ]]; then
        openbox --reconfigure
        sleep 0.5
    fi
}
wm_theme Clearlooks
openbox_config=()
[[ ! -f $work/openbox.xml ]] || openbox_config=(--config-file "$work/openbox.xml")
openbox --sm-disable "${openbox_config[@]}" >"$work/openbox.log" 2>&1 &
pids+=($!)
sleep 1

# ---------------------------------------------------------------------------------------------
# Driving the program
# ---------------------------------------------------------------------------------------------

# Starts the program; extra arguments go to it. LANG/LANGUAGE come from the caller.
main_window=
start_app() {
    QT_QPA_PLATFORM=xcb QT_XCB_GL_INTEGRATION=none "$binary" "$@" >>"$work/app.log" 2>&1 &
    app_pid=$!
    main_window=
    local id
    for _ in $(seq 150); do
        id=$(xdotool search --onlyvisible --pid "$app_pid" 2>/dev/null | head -n 1) || true
        if [[ -n $id ]]; then
            main_window=$id
            break
        fi
        kill -0 "$app_pid" 2>/dev/null || die "the program exited: $(tail -n 20 "$work/app.log")"
        sleep 0.1
    done
    [[ -n $main_window ]] || die "no window after 15 s"
    xdotool windowactivate --sync "$main_window" 2>/dev/null || xdotool windowfocus --sync "$main_window"
    sleep 1.5 # the first paint, the thumbnails of the library
}

quit_app() {
    xdotool windowactivate --sync "$main_window" 2>/dev/null || true
    xdotool key --clearmodifiers ctrl+q
    for _ in $(seq 100); do
        kill -0 "$app_pid" 2>/dev/null || break
        sleep 0.1
    done
    kill "$app_pid" 2>/dev/null || true
    wait "$app_pid" 2>/dev/null || true
    app_pid=
}

# xdotool reads text in the locale's encoding: UTF-8 whatever the program's language is.
keys() { LC_ALL=C.UTF-8 xdotool key --clearmodifiers --delay 60 "$@"; }
# Characters outside the keyboard map (Chinese) are pasted through the clipboard: xdotool types
# them through a spare key it remaps for each one, and on a loaded machine the program read some
# keys after they had been remapped to the next character.
type_text() {
    if [[ -z $(printf %s "$1" | LC_ALL=C tr -d ' -~') ]]; then
        LC_ALL=C.UTF-8 xdotool type --clearmodifiers --delay 25 -- "$1"
    else
        printf %s "$1" | xclip -selection clipboard -i
        sleep 0.2
        keys ctrl+v
    fi
}

image_count() { find "$pictures" -name '*.png' 2>/dev/null | wc -l; }

# Waits until the demo folder holds $1 images (the downloads are done), at most $2 seconds.
wait_images() {
    local want=$1 limit=$2 start=$SECONDS
    while (($(image_count) < want)); do
        ((SECONDS - start < limit)) || die "only $(image_count) of $want images after $limit s"
        sleep 0.5
    done
    sleep 1 # thumbnails are made off the GUI thread: give them a moment to appear
}

# Fills the prompt form and presses Ctrl+Return. $1 prompt, $2 images (1–4), $3 what to type into
# the size box to pick a preset by its ratio ("" keeps it).
# The prompt comes last, so the prompt field keeps the focus as it would for a person.
typed=()
generate() {
    local prompt=$1 count=$2 ratio=$3
    typed+=("$prompt")
    if [[ -n $ratio ]]; then
        keys alt+s
        type_text "$ratio"
    fi
    keys alt+i ctrl+a
    type_text "$count"
    keys ctrl+l ctrl+a
    type_text "$prompt"
    keys ctrl+Return
    sleep 0.3
}

# Writes the area of the main window, frame included (and a dialog over it), to $1.png.
capture() {
    local name=$1 frame=$main_window parent root
    root=$(xwininfo -root | awk '/Window id:/ { print $4 }')
    # Up from the program's window to the window manager's frame, the child of the root.
    for _ in 1 2 3 4 5; do
        parent=$(xwininfo -children -id "$frame" | awk '/Parent window id:/ { print $4 }')
        [[ -n $parent && $((parent)) != $((root)) ]] || break
        frame=$parent
    done
    if [[ -n $only && " $only " != *" $name "* ]]; then
        log "skipped $name.png"
        return
    fi
    sleep 0.5
    # From the screen, not from the window: a dialog over it is part of the picture.
    local geometry
    geometry=$(xwininfo -id "$frame" | awk '
        /Absolute upper-left X:/ { x = $4 } /Absolute upper-left Y:/ { y = $4 }
        /Width:/ { w = $2 } /Height:/ { h = $2 } END { printf "%dx%d+%d+%d", w, h, x, y }')
    import -window root -crop "$geometry" +repage "$work/$name.png"
    /usr/bin/convert "$work/$name.png" -strip "$work/$name-strip.png"
    if command -v pngcrush >/dev/null; then
        pngcrush -q -brute -force "$work/$name-strip.png" "$out/$name.png" 2>/dev/null \
            || cp "$work/$name-strip.png" "$out/$name.png"
    else
        cp "$work/$name-strip.png" "$out/$name.png"
    fi
    log "wrote $out/$name.png ($(du -k "$out/$name.png" | cut -f1) KB, $(identify -format '%wx%h' "$out/$name.png"))"
}

# ---------------------------------------------------------------------------------------------
# The scenes
# ---------------------------------------------------------------------------------------------
# C.UTF-8: English, and present on every Debian system (Qt reads LANG itself, installed or not).
export LANG=C.UTF-8 LANGUAGE= LC_ALL=

# 1. Light: a fresh start, a few prompts, the gallery filling up, one task still running.
log "light"
start_app --color-scheme light
# The simulator paints a landscape whose light and colours follow the prompt: a mix of them.
generate "A calm turquoise lake between green mountains, midday sun, travel photography" 2 "16:9"
generate "A quiet fishing harbour under a full moon, stars over the sea, cinematic, 35 mm" 2 "4:3"
generate "黄昏时分的江南水乡，晚霞映在河面上，远山层叠，水墨风格" 2 "1:1"
generate "Fjord with a red wooden cabin, clear summer weather, aerial view" 1 "3:2"
wait_images 7 90
generate "A mountain village in autumn, golden larches, crisp clear light" 2 "16:9"
wait_images 9 60
generate "Northern lights over a frozen lake at night, reflections on the ice, ultra detailed" 2 "16:9"
sleep 2 # running: the progress bar is on its way
capture main-light
wait_images 11 60

# 2. The viewer: the gallery has the focus, the newest image is first, Return opens it.
log "viewer"
keys ctrl+g Home Right Right Return
sleep 1.5
capture viewer

# 2a. Zoomed: 100 %, then two steps in (the pixel under the cursor stays put).
log "viewer zoomed"
keys 1 plus plus
sleep 1
capture viewer-zoom

# 2b. Full screen: only the image, and the overlay a mouse move brings.
log "full screen"
keys 0 F11
sleep 1.5
xdotool mousemove 700 500
sleep 0.2
xdotool mousemove 760 540
sleep 0.5
capture fullscreen
keys Escape
sleep 1
keys Escape
sleep 0.5

# 2c. Compare: the four newest images side by side, zoomed together.
log "compare"
keys ctrl+g Home shift+Right shift+Right shift+Right ctrl+shift+m
sleep 2.5
keys plus
sleep 1
capture compare
keys Escape
sleep 0.5

# 2b. A video in the viewer, playing: made by the command line against the same demo library
# (the window shows it as it arrives), then opened from the gallery. Qt Multimedia draws through
# GStreamer without OpenGL here: Xvfb has none.
log "video"
"$binary" video --demo --seed 21 --duration 5 \
    "A quiet lake at sunset, clouds drifting over the mountains, the sun going down" \
    >>"$work/app.log" 2>&1 || die "the demo video failed: $(tail -n 20 "$work/app.log")"
sleep 2 # the library watcher tells the window; the poster is made off the GUI thread
keys ctrl+g Home Return
sleep 2.5 # a moment of playback: the sun and the clouds have moved, the slider has advanced
capture video
keys space Escape
sleep 0.5

# 3. Settings, with a key being typed (not saved: the dialog is cancelled).
log "settings"
keys ctrl+comma
sleep 1.5
keys alt+k
type_text "sk-demo-not-a-real-key-typed-for-the-screenshot"
sleep 0.5
capture settings
keys Escape
sleep 0.5
quit_app

# 4. Dark: the same library, two more prompts.
log "dark"
wm_theme Onyx reload
start_app --color-scheme dark
generate "A lighthouse on a rocky coast at dusk, waves breaking on the shore, dramatic sky" 2 "3:2"
wait_images 13 60
generate "Morning mist in a bamboo valley, a river winding through, serene" 2 "16:9"
sleep 2
capture main-dark
wait_images 15 60
quit_app

# 4b. A task that fails, as a real key meets one: the window against a simulator of its own
# whose every task fails (DASHSCOPE_HTTP_BASE_URL, loopback, as the official SDKs read it). The
# gallery keeps its results; the task panel says what failed and why.
log "failed task"
"$binary" simulator --port 0 --latency 2 --fault fail-task >"$work/failing.url" 2>>"$work/app.log" &
pids+=($!)
for _ in $(seq 50); do
    [[ -s $work/failing.url ]] && break
    sleep 0.1
done
[[ -s $work/failing.url ]] || die "the failing simulator did not start"
DASHSCOPE_HTTP_BASE_URL=$(head -n 1 "$work/failing.url") DASHSCOPE_API_KEY=sk-screenshot-key \
    start_app --color-scheme light
generate "A red paper lantern festival over a night river, long exposure" 1 ""
sleep 5 # created, polled, FAILED
capture failed-task
quit_app

# 5. Chinese, last: the window as the Beijing region's users see it.
log "zh_CN"
wm_theme Clearlooks reload
LANG=zh_CN.UTF-8 LANGUAGE=zh_CN start_app --color-scheme light
generate "清晨的雪山湖泊，倒映着朝霞，松林环绕，超广角摄影" 2 "16:9"
wait_images 17 60
generate "夜晚的海边灯塔，满天星斗，月光洒在海面上" 2 "1:1"
sleep 2
capture main-zh_CN
wait_images 19 60
quit_app

# 6. Editing: inpainting needs wanx2.1-imageedit, served in Beijing only; the region is set in
# the settings file while the program is closed. The lake of scene 1, opened (Ctrl+O), goes into
# the edit form (Ctrl+E), the function is Inpaint, and a mask is being painted over the water.
log "edit"
conf="$HOME/.config/dashscope-studio.conf"
if grep -q '^region=' "$conf" 2>/dev/null; then
    sed -i 's/^region=.*/region=beijing/' "$conf"
elif grep -q '^\[connection\]' "$conf" 2>/dev/null; then
    sed -i '/^\[connection\]/a region=beijing' "$conf"
else
    printf '\n[connection]\nregion=beijing\n' >>"$conf"
fi
start_app --color-scheme light
lake=$(find "$pictures" -name '*a-calm-turquoise-lake*.png' | sort | head -n 1)
[[ -n $lake ]] || die "no image of the lake to edit"
keys ctrl+o
sleep 1.5
type_text "$lake"
keys Return
sleep 2
keys ctrl+e
sleep 0.5
keys alt+m Down alt+o Down Down Down ctrl+l ctrl+a
type_text "A small wooden rowing boat on the water"
keys alt+a
painter=
for _ in $(seq 50); do
    painter=$(xdotool search --onlyvisible --pid "$app_pid" --name "Paint Mask" 2>/dev/null | head -n 1) || true
    [[ -z $painter ]] || break
    sleep 0.1
done
[[ -n $painter ]] || die "the mask painter did not open"
sleep 1
eval "$(xdotool getwindowgeometry --shell "$painter")"
# Strokes over the middle of the lower half, where the water is: a filled patch.
cx=$((X + WIDTH / 2))
cy=$((Y + HEIGHT / 2 + HEIGHT / 8))
for dy in -24 -8 8 24; do
    xdotool mousemove $((cx - 90)) $((cy + dy)) mousedown 1
    for dx in -60 -30 0 30 60 90; do
        xdotool mousemove $((cx + dx)) $((cy + dy))
        sleep 0.03
    done
    xdotool mouseup 1
done
xdotool mousemove $((cx + 130)) $((cy - 10)) # the brush outline beside the patch
sleep 0.5
capture edit
keys Escape
sleep 0.5
quit_app

# Every prompt arrived as typed: the library, read by the command line, has each of them.
history=$("$binary" history --limit 1000 --json 2>>"$work/app.log") || die "history failed"
for prompt in "${typed[@]}"; do
    grep -qF "\"prompt\":\"$prompt\"" <<<"$history" \
        || die "the prompt \"$prompt\" did not arrive as typed (xdotool lost keys): run again"
done
log "done"
