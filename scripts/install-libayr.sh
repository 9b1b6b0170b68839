#!/usr/bin/env bash
# Installs or removes libayr (what `make install` and `make uninstall` run):
#   scripts/install-libayr.sh install   BUILD_DIR PREFIX [DESTDIR]
#   scripts/install-libayr.sh uninstall PREFIX [DESTDIR]
#   scripts/install-libayr.sh private-libs     (what a static link adds: the one list of them)
# BUILD_DIR holds cargo's libayr.a and libayr.so (for its SONAME). Installed under
# DESTDIR/PREFIX:
#   lib/libayr.so.VERSION   linked from libayr.a with ffi/libayr.map (every exported symbol
#                           versioned AYR_<abi>), stripped; lib/SONAME and lib/libayr.so link
#                           to it
#   lib/libayr.a            debug info stripped
#   include/ayr.h, include/ayr.hpp
#   lib/pkgconfig/ayr.pc, lib/pkgconfig/ayr-shared.pc   (ffi/pkgconfig/)
#   lib/cmake/ayr/ayrConfig.cmake, ayrConfigVersion.cmake   (ffi/cmake/)
# Into a directory the dynamic linker searches (per `ldconfig -v -N`) and without DESTDIR, it
# runs ldconfig as root and otherwise prints the one command to run; into any other prefix it
# prints how programs find the library.
set -euo pipefail
cd "$(dirname "$0")/.."

version=$(sed -n '/^\[workspace.package\]/,/^\[/s/^version = "\(.*\)"/\1/p' Cargo.toml)
# What a static libayr.a needs besides libc (`rustc --print native-static-libs`).
private_libs="-lpthread -ldl -lm -lrt -lutil"

# The dynamic linker's directories, resolved (so /lib matches /usr/lib on a merged /usr).
ldconfig_bin() { command -v ldconfig || echo /sbin/ldconfig; }
system_libdir() {
    local dir want
    want=$(realpath -m "$1")
    while read -r dir; do
        [ "$(realpath -m "$dir")" != "$want" ] || return 0
    done < <({ "$(ldconfig_bin)" -v -N 2>/dev/null || true; echo "/lib:"; echo "/usr/lib:"; } |
        sed -n 's|^\(/[^:]*\):.*|\1|p')
    return 1
}

# After (un)installing into PREFIX/lib: refresh the linker cache, or say what to do.
after_change() {
    local libdir=$1 destdir=$2
    if [ -n "$destdir" ]; then
        return 0 # a staged install: the package manager runs ldconfig on the target system
    elif system_libdir "$libdir"; then
        if [ "$(id -u)" -eq 0 ]; then
            "$(ldconfig_bin)"
            echo "libayr: ran ldconfig ($libdir is a system library directory)"
        else
            echo "libayr: now run: sudo ldconfig"
        fi
    elif [ "$3" = install ]; then
        echo "libayr: $libdir is not searched by the dynamic linker: run programs with" \
            "LD_LIBRARY_PATH=$libdir, or link them with -Wl,-rpath,$libdir"
    fi
}

install_libayr() {
    local build=$1 prefix=$2 destdir=${3:-}
    local dest="$destdir$prefix" soname
    soname=$(objdump -p "$build/libayr.so" | awk '/SONAME/ { print $2 }')
    [ -n "$soname" ] || { echo "libayr: $build/libayr.so has no SONAME" >&2; exit 1; }
    local abi=${soname#libayr.so.}
    grep -q "^AYR_$abi {" ffi/libayr.map ||
        { echo "libayr: ffi/libayr.map has no version AYR_$abi for $soname" >&2; exit 1; }
    install -d "$dest/lib/pkgconfig" "$dest/lib/cmake/ayr" "$dest/include"
    local shared="$dest/lib/libayr.so.$version"
    # shellcheck disable=SC2086 # private_libs is a list of flags
    ${CC:-cc} -shared -o "$shared.tmp" -Wl,--whole-archive "$build/libayr.a" \
        -Wl,--no-whole-archive -Wl,--version-script=ffi/libayr.map -Wl,-soname,"$soname" \
        -Wl,--gc-sections -Wl,-z,relro,-z,now -Wl,-z,noexecstack -Wl,--as-needed \
        -lgcc_s $private_libs -lc
    strip --strip-unneeded "$shared.tmp"
    chmod 755 "$shared.tmp"
    mv -f "$shared.tmp" "$shared"
    ln -sf "libayr.so.$version" "$dest/lib/$soname"
    ln -sf "$soname" "$dest/lib/libayr.so"
    install -m 644 "$build/libayr.a" "$dest/lib/libayr.a"
    strip --strip-debug "$dest/lib/libayr.a"
    install -m 644 include/ayr.h include/ayr.hpp "$dest/include/"
    local subst=(-e "s|@PREFIX@|$prefix|g" -e "s|@VERSION@|$version|g"
        -e "s|@PRIVATE_LIBS@|$private_libs|g" -e "s|@SONAME@|$soname|g")
    for pc in ayr ayr-shared; do
        sed "${subst[@]}" "ffi/pkgconfig/$pc.pc.in" > "$dest/lib/pkgconfig/$pc.pc"
    done
    for file in ayrConfig ayrConfigVersion; do
        sed "${subst[@]}" "ffi/cmake/$file.cmake.in" > "$dest/lib/cmake/ayr/$file.cmake"
    done
    echo "libayr: installed $version ($soname) under $dest"
    after_change "$prefix/lib" "$destdir" install
}

uninstall_libayr() {
    local prefix=$1 destdir=${2:-}
    local dest="$destdir$prefix" file removed=0
    for file in "$dest"/lib/libayr.so "$dest"/lib/libayr.so.* "$dest/lib/libayr.a" \
        "$dest/include/ayr.h" "$dest/include/ayr.hpp" "$dest/lib/pkgconfig/ayr.pc" \
        "$dest/lib/pkgconfig/ayr-shared.pc" "$dest/lib/cmake/ayr/ayrConfig.cmake" \
        "$dest/lib/cmake/ayr/ayrConfigVersion.cmake"; do
        if [ -e "$file" ] || [ -L "$file" ]; then
            rm -f "$file"
            removed=$((removed + 1))
        fi
    done
    [ ! -d "$dest/lib/cmake/ayr" ] || rmdir --ignore-fail-on-non-empty "$dest/lib/cmake/ayr"
    echo "libayr: removed $removed files from $dest"
    after_change "$prefix/lib" "$destdir" uninstall
}

case "${1:-}" in
    install) [ $# -ge 3 ] || { echo "usage: $0 install BUILD_DIR PREFIX [DESTDIR]" >&2; exit 2; }
        install_libayr "$2" "$3" "${4:-}" ;;
    uninstall) [ $# -ge 2 ] || { echo "usage: $0 uninstall PREFIX [DESTDIR]" >&2; exit 2; }
        uninstall_libayr "$2" "${3:-}" ;;
    private-libs) echo "$private_libs" ;;
    *) echo "usage: $0 install BUILD_DIR PREFIX [DESTDIR] | uninstall PREFIX [DESTDIR]" >&2
        exit 2 ;;
esac
