#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz with clang in their own build directory, then fuzzes
# each for FUZZ_SECONDS (default 20) over its seed corpus and its regressions, one target after
# another (the machines have 2 cores, and other builds share them). Exits non-zero when any target
# crashes, trips a sanitizer, breaks an invariant, times out on an input or runs out of memory.
#   tests/fuzz/run.sh                         every target, 20 s each
#   FUZZ_SECONDS=600 tests/fuzz/run.sh pngembed   a longer local run of one target
# FUZZ_BUILD_DIR (default build-fuzz) holds the build, the inputs found so far (fuzz-corpus/, kept
# for the next run) and any crash (fuzz-crashes/). Needs clang (apt-get install clang).
set -euo pipefail
cd "$(dirname "$0")/../.."

seconds=${FUZZ_SECONDS:-20}
build_dir=${FUZZ_BUILD_DIR:-build-fuzz}
all_targets=(taskresponse tasklist apierror parsesize modelcatalog imagemetadata pngembed boundednumber
    uploadpolicy requestcodec mp4)
targets=("$@")
((${#targets[@]})) || targets=("${all_targets[@]}")

if ! command -v clang++ >/dev/null; then
    echo "The fuzz targets need clang (libFuzzer): apt-get install clang" >&2
    exit 2
fi
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
# Debug (no _FORTIFY_SOURCE, which hides calls from ASan) at -O1: faster runs, stack traces still
# readable.
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_COMPILER=clang++ \
    -DCMAKE_CXX_FLAGS="-O1 -fno-omit-frame-pointer" -DSTUDIO_FUZZ=ON "${launcher[@]}" >/dev/null
# The build's output only when it fails: clang's pedantic notes about Qt's logging macros are noise.
mkdir -p "$build_dir/fuzz-logs"
if ! cmake --build "$build_dir" --parallel "$(nproc)" --target "${targets[@]/#/fuzz_}" \
    >"$build_dir/fuzz-logs/build.log" 2>&1; then
    cat "$build_dir/fuzz-logs/build.log" >&2
    exit 1
fi

export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
failed=()
for target in "${targets[@]}"; do
    found="$build_dir/fuzz-corpus/$target"
    crashes="$build_dir/fuzz-crashes/$target"
    log="$build_dir/fuzz-logs/$target.log"
    mkdir -p "$found" "$crashes" "$(dirname "$log")"
    # New inputs go to the first folder (the build's), never into the committed seeds.
    if "$build_dir/tests/fuzz/fuzz_$target" -max_total_time="$seconds" -timeout=10 \
        -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$crashes/" \
        "$found" "tests/fuzz/corpus/$target" "tests/fuzz/regressions/$target" >"$log" 2>&1; then
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
        coverage=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
        echo "fuzz $target: ${runs:-?} runs in ${seconds} s, $coverage, no crash"
    else
        failed+=("$target")
        echo "fuzz $target: FAILED. The end of $log:" >&2
        tail -n 40 "$log" >&2
        echo "Reproduce with: $build_dir/tests/fuzz/fuzz_$target $crashes/<file>; once fixed, move" \
            "the file into tests/fuzz/regressions/$target/ so it is replayed for good." >&2
    fi
done
if ((${#failed[@]})); then
    echo "Fuzzing found problems in: ${failed[*]}" >&2
    exit 1
fi
