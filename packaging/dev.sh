#!/usr/bin/env bash
# Developer entry point used by the README's quick start and by CI.
#   packaging/dev.sh run   install what is missing, build, start the program (demo mode without a key)
#   packaging/dev.sh test  install what is missing, check formatting, build warning-free, run every
#                          test headless; then fuzz every parser for 20 s (tests/fuzz/run.sh, clang)
#                          and run the suites and the fuzz regressions again under ASan+UBSan
#                          (build dirs BUILD-fuzz and BUILD-asan beside BUILD)
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=${STUDIO_BUILD_DIR:-build}

packages=(
    cmake ninja-build g++ pkg-config clang-format
    qt6-base-dev qt6-base-dev-tools qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
    qt6-httpserver-dev qt6-websockets-dev qtkeychain-qt6-dev libqt6sql6-sqlite
    qt6-image-formats-plugins qt6-qpa-plugins qt6-wayland libgl-dev zlib1g-dev
    # the Usage view's chart
    qt6-charts-dev libqt6opengl6-dev  # Qt6Charts's CMake package needs Qt6OpenGL's
    # downloads: OpenSSL's SHA-256
    libssl-dev
    # video: FFmpeg's libraries (probe, posters, MP4 tags, the simulator's H.264 encoder); for
    # playback through Qt Multimedia's GStreamer backend, its H.264 decoder and MP4 demuxer
    libavformat-dev libavcodec-dev libswscale-dev libavutil-dev qt6-multimedia-dev
    gstreamer1.0-libav gstreamer1.0-plugins-good gstreamer1.0-plugins-base
    # Qt's own strings (standard buttons, file dialogs) in Chinese: qtbase_zh_CN.qm
    qt6-translations-l10n
    # tests: a real Secret Service for the keychain test, an X server for screenshots
    dbus dbus-x11 gnome-keyring xvfb xauth curl
    # packaging checks
    desktop-file-utils appstream lintian dpkg-dev file groff-base
    # fuzzing: clang with libFuzzer and the sanitizer runtimes (only recommended by clang, so named)
    clang libclang-rt-14-dev
)

install_missing() {
    local missing=()
    for p in "${packages[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
    done
    ((${#missing[@]})) || return 0
    echo "Installing: ${missing[*]}" >&2
    local sudo=()
    [[ $(id -u) -eq 0 ]] || sudo=(sudo)
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Every C++ file as .clang-format wants it (Debian 12's clang-format 14); names the ones that drift.
check_format() {
    local drift=()
    while IFS= read -r file; do
        clang-format --dry-run -Werror "$file" >/dev/null 2>&1 || drift+=("$file")
    done < <(git ls-files '*.cpp' '*.h' 2>/dev/null || find app tests -name '*.cpp' -o -name '*.h')
    if ((${#drift[@]})); then
        echo "These files drift from .clang-format (run: clang-format -i FILE):" >&2
        printf '  %s\n' "${drift[@]}" >&2
        return 1
    fi
}

launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)

build() {
    cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "${launcher[@]}" "$@" >/dev/null
    cmake --build "$build_dir" --parallel "$(nproc)"
}

# Tests run with a throwaway HOME, so nothing of the person's (settings, library, keyrings) is read
# or touched. The keychain test needs a real Secret Service: a private D-Bus session with a fresh,
# unlocked gnome-keyring. Every other test runs offscreen and needs neither.
#   run_tests BUILD_DIR [CTEST_ARGS...]
run_tests() {
    local test_home
    test_home=$(mktemp -d)
    mkdir -m 700 "$test_home/runtime"
    local status=0
    HOME="$test_home" XDG_DATA_HOME="$test_home/data" XDG_CONFIG_HOME="$test_home/config" \
    XDG_CACHE_HOME="$test_home/cache" XDG_RUNTIME_DIR="$test_home/runtime" \
    dbus-run-session -- bash -c '
        echo -n studio-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1 || true
        ctest --test-dir "$0" --output-on-failure --timeout 600 -j "$(nproc)" "${@}"
    ' "$(realpath "$1")" "${@:2}" || status=$?
    rm -rf "$test_home"
    return "$status"
}

# Every layer's suites, and the fuzz corpora and regressions, built with g++ under
# AddressSanitizer and UndefinedBehaviorSanitizer: an out-of-bounds access, use after free, leak,
# overflow or other undefined behaviour fails the test (halt_on_error: also the checks g++ would
# let recover, such as a bad downcast). Debug (no _FORTIFY_SOURCE, which hides calls from ASan) at
# -O1. Platform's too (settings, translations, and the keychain through run_tests' private D-Bus
# session and gnome-keyring, as in the main stage): they run our code as much as any other.
sanitized_tests() {
    local dir="$build_dir-asan"
    local layers=(domain platform protocol library engine models simulator widgets cli fuzz)
    local sanitizers="-fsanitize=address,undefined -fno-sanitize-recover=undefined"
    cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Debug "${launcher[@]}" \
        -DCMAKE_CXX_FLAGS="-O1 -fno-omit-frame-pointer $sanitizers" \
        -DCMAKE_EXE_LINKER_FLAGS="$sanitizers" -DSTUDIO_FUZZ_REPLAY=ON >/dev/null
    cmake --build "$dir" --parallel "$(nproc)" --target "${layers[@]/#/tests_}"
    local labels
    labels=$(IFS='|'; echo "${layers[*]}")
    ASAN_OPTIONS=abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        LSAN_OPTIONS="suppressions=$PWD/tests/sanitizers/lsan.supp:print_suppressions=0" \
        run_tests "$dir" -L "^($labels)\$"
}

case "${1:-}" in
run)
    install_missing
    build
    shift
    exec "$build_dir/app/dashscope-studio" "$@"
    ;;
test)
    install_missing
    check_format
    build -DSTUDIO_WARNINGS_AS_ERRORS=ON
    # Every stage runs even when one before it failed, so one CI run shows every problem.
    failed=()
    run_tests "$build_dir" || failed+=(tests)
    # What was fixed stays fixed: every parser of outside data fuzzed over its corpus and every
    # crash ever found (tests/fuzz), then the suites again under the sanitizers.
    FUZZ_BUILD_DIR="$build_dir-fuzz" FUZZ_SECONDS="${FUZZ_SECONDS:-20}" bash tests/fuzz/run.sh \
        || failed+=(fuzzing)
    sanitized_tests || failed+=("sanitizer tests")
    if ((${#failed[@]})); then
        echo "Failed: $(IFS=,; echo "${failed[*]}" | sed 's/,/, /g'). See the output above." >&2
        exit 1
    fi
    ;;
*)
    echo "usage: $0 run|test" >&2
    exit 2
    ;;
esac
