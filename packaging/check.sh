#!/usr/bin/env bash
# Checks on the packaging files, run by CTest (see packaging/CMakeLists.txt):
#   check.sh desktop FILE                       desktop-file-validate, no errors, warnings or hints
#   check.sh metainfo FILE                      appstreamcli validate --no-net --pedantic, no E/W/I
#   check.sh manpage FILE                       groff with all warnings on, and lexgrog (whatis)
#   check.sh icons DIR SIZE...                  each PNG has the size its name says; SVG is square
#   check.sh versions VERSION METAINFO CHANGELOG   the version has a release entry in both
#   check.sh screenshots METAINFO DIR BASE_URL  every listed screenshot exists (77 = skip: none yet)
#   check.sh install BUILD_DIR WORK_DIR NAME APP_ID "SIZES"
#                                               cmake --install into a prefix installs the files
#   check.sh package CPACK_CONFIG WORK_DIR NAME VERSION APP_ID "SIZES"
#                                               builds the .deb and .tar.gz, checks contents, lintian
set -euo pipefail

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

check_desktop() {
    local file=$1 output
    output=$(desktop-file-validate "$file" 2>&1) || { echo "$output"; fail "desktop-file-validate rejected $file"; }
    [[ -z $output ]] || { echo "$output"; fail "desktop-file-validate has remarks on $file"; }
    echo "ok: $file"
}

check_metainfo() {
    local file=$1 output
    output=$(appstreamcli validate --no-net --pedantic --no-color "$file" 2>&1) \
        || { echo "$output"; fail "appstreamcli rejected $file"; }
    echo "$output"
    # Pedantic remarks (P:) are shown but accepted: the one expected is the upper-case letters of
    # the reverse-DNS id, which is fixed. Errors, warnings and infos are not.
    if grep -E '^[EWI]: ' <<<"$output"; then
        fail "appstreamcli has remarks on $file"
    fi
}

check_manpage() {
    local file=$1 output
    # -ww: all warnings; -z: no output; -rCHECKSTYLE=3: the an macros' own style checks.
    output=$(LC_ALL=C.UTF-8 groff -man -Tutf8 -ww -z -rCHECKSTYLE=3 "$file" 2>&1)
    [[ -z $output ]] || { echo "$output"; fail "groff warns about $file"; }
    # man-db's whatis parser must understand the NAME section (lintian checks the same).
    if command -v lexgrog >/dev/null; then
        lexgrog "$file" || fail "lexgrog cannot parse the NAME section of $file"
    fi
    echo "ok: $file"
}

check_icons() {
    local dir=$1 size description
    shift
    for size in "$@"; do
        [[ -f $dir/dashscope-studio-$size.png ]] || fail "missing $dir/dashscope-studio-$size.png"
        description=$(file -b "$dir/dashscope-studio-$size.png")
        [[ $description == "PNG image data, $size x $size, "* ]] \
            || fail "dashscope-studio-$size.png is \"$description\", expected a $size x $size PNG"
    done
    local svg
    for svg in "$dir/dashscope-studio.svg" "$dir/dashscope-studio-small.svg"; do
        grep -Eq '<svg [^>]*viewBox="0 0 ([0-9]+) \1"' "$svg" || fail "$svg has no square viewBox"
    done
    echo "ok: icons $*"
}

check_versions() {
    local version=$1 metainfo=$2 changelog=$3
    grep -Fq "<release version=\"$version\" date=\"" "$metainfo" \
        || fail "$metainfo has no <release version=\"$version\" date=\"…\"> entry: add one for this version"
    local top
    top=$(head -n 1 "$changelog")
    [[ $top == "dashscope-studio ($version) "* ]] \
        || fail "the first entry of $changelog is \"$top\", expected version $version: add an entry"
    echo "ok: version $version has release notes"
}

check_screenshots() {
    local metainfo=$1 dir=$2 base_url=$3
    if [[ ! -d $dir ]]; then
        echo "skipped: $dir does not exist yet"
        exit 77
    fi
    local url name missing=0
    while read -r url; do
        name=${url#"$base_url/"}
        [[ $name != "$url" ]] || fail "screenshot $url is not under $base_url"
        if [[ -f $dir/$name ]]; then
            echo "ok: $name"
        else
            echo "missing: $dir/$name"
            missing=1
        fi
    done < <(grep -oE '<image[^>]*>[^<]+</image>' "$metainfo" | sed -E 's/<[^>]+>//g')
    ((missing == 0)) || fail "the metainfo lists screenshots that are not in $dir"
}

# The files every installation has, relative to the prefix.
expected_files() {
    local app_id=$1 sizes=$2 size
    echo bin/dashscope-studio
    echo "share/applications/$app_id.desktop"
    echo "share/metainfo/$app_id.metainfo.xml"
    echo share/man/man1/dashscope-studio.1.gz
    echo "share/icons/hicolor/scalable/apps/$app_id.svg"
    for size in $sizes; do
        echo "share/icons/hicolor/${size}x${size}/apps/$app_id.png"
    done
}

check_install() {
    local build=$1 work=$2 name=$3 app_id=$4 sizes=$5
    rm -rf "$work"
    # DESTDIR as distributions use it, with the prefix they use.
    DESTDIR=$work cmake --install "$build" --prefix /usr >"$work.log" 2>&1 || { cat "$work.log"; fail "cmake --install failed"; }
    local path installed
    while read -r path; do
        [[ -f $work/usr/$path ]] || fail "cmake --install did not install usr/$path"
    done < <(expected_files "$app_id" "$sizes")
    # The package-only files (Debian copyright and changelog, licence for the tarball) stay out.
    [[ ! -e $work/usr/share/doc/$name ]] || fail "cmake --install installed usr/share/doc/$name"
    installed=$(cd "$work" && find . -type f | wc -l)
    [[ $installed -eq $(expected_files "$app_id" "$sizes" | wc -l) ]] \
        || { (cd "$work" && find . -type f | sort); fail "cmake --install installed unexpected files"; }
    # The man page is compressed and the desktop entry names the icon that is installed.
    gzip -t "$work/usr/share/man/man1/dashscope-studio.1.gz" || fail "the man page is not valid gzip"
    grep -qx "Icon=$app_id" "$work/usr/share/applications/$app_id.desktop" || fail "the desktop entry's Icon is not $app_id"
    # AppStream checks the installed tree as a whole: metainfo, the desktop entry it launches.
    local output
    output=$(appstreamcli validate-tree --no-net --pedantic --no-color "$work" 2>&1) \
        || { echo "$output"; fail "appstreamcli rejected the installed tree"; }
    if grep -E '^ *[EWI]: ' <<<"$output"; then
        fail "appstreamcli has remarks on the installed tree"
    fi
    echo "ok: cmake --install installs $installed files"
}

check_package() {
    local config=$1 work=$2 name=$3 version=$4 app_id=$5 sizes=$6
    # A scratch folder of this test's own: cpack's staging area and the packages it makes.
    rm -rf "$work"
    mkdir -p "$work"
    if ! cpack --config "$config" -B "$work" >"$work/cpack.log" 2>&1; then
        cat "$work/cpack.log"
        fail "cpack failed"
    fi

    local arch deb tarball
    arch=$(dpkg --print-architecture)
    deb=$work/${name}_${version}_${arch}.deb
    tarball=$(find "$work" -maxdepth 1 -name "$name-$version-linux-*.tar.gz" -print -quit)
    [[ -f $deb ]] || { ls "$work"; fail "no $deb"; }
    [[ -n $tarball ]] || { ls "$work"; fail "no tarball"; }
    echo "built: $deb"
    echo "built: $tarball"

    local expected
    mapfile -t expected < <(expected_files "$app_id" "$sizes" | sed 's|^|usr/|')

    local deb_files tar_files path
    deb_files=$(dpkg-deb -c "$deb" | awk '{ print $6 }' | sed 's|^\./||')
    for path in "${expected[@]}" "usr/share/doc/$name/copyright" "usr/share/doc/$name/changelog.gz"; do
        grep -qxF "$path" <<<"$deb_files" || fail "the .deb lacks $path"
    done
    echo "ok: the .deb holds ${#expected[@]} expected files, copyright and changelog"

    tar_files=$(tar -tzf "$tarball" | sed 's|^[^/]*/||')
    for path in "${expected[@]}" "usr/share/doc/$name/LICENSE"; do
        grep -qxF "${path#usr/}" <<<"$tar_files" || fail "the tarball lacks ${path#usr/}"
    done
    echo "ok: the tarball holds the same files and the licence"

    # dpkg-shlibdeps filled in the libraries; the Qt and GStreamer plugins were added by hand.
    local depends
    depends=$(dpkg-deb -f "$deb" Depends)
    echo "Depends: $depends"
    for path in libqt6core6 libqt6widgets6 libqt6sql6-sqlite qt6-qpa-plugins gstreamer1.0-libav \
        gstreamer1.0-plugins-good; do
        grep -qE "(^|, )$path( |,|$)" <<<"$depends" || fail "Depends lacks $path"
    done
    [[ $(dpkg-deb -f "$deb" Section) == graphics ]] || fail "the section is not graphics"

    # The binary is stripped (CPACK_STRIP_FILES).
    dpkg-deb -x "$deb" "$work/root"
    file -b "$work/root/usr/bin/dashscope-studio" | grep -q ', stripped' || fail "the binary is not stripped"

    # lintian: errors fail the test, warnings and information are shown.
    lintian --info --display-info --fail-on error --tag-display-limit 0 "$deb" || fail "lintian found errors"
    echo "ok: lintian found no errors"
}

command=${1:-}
shift || true
case $command in
desktop) check_desktop "$@" ;;
metainfo) check_metainfo "$@" ;;
manpage) check_manpage "$@" ;;
icons) check_icons "$@" ;;
versions) check_versions "$@" ;;
screenshots) check_screenshots "$@" ;;
install) check_install "$@" ;;
package) check_package "$@" ;;
*)
    echo "usage: $0 desktop|metainfo|manpage|icons|versions|screenshots|install|package ARGS…" >&2
    exit 2
    ;;
esac
