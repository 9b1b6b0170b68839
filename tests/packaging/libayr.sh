#!/usr/bin/env bash
# What a C or C++ user of `make install` gets, checked on a dev build installed into temporary
# prefixes (run by `make test-c-install`; needs pkg-config, cmake and openssl's fixtures):
#  1. exactly the files documented in ffi/README.md;
#  2. a stripped libayr.so with its SONAME whose exported symbols are exactly the functions of
#     ayr.h, each with the version AYR_<abi> (ffi/libayr.map), so programs record it;
#  3. `pkg-config --libs ayr` links the shared library, `--static --libs` the static one;
#  4. CMake's find_package(ayr CONFIG): ayr::ayr (shared; static with AYR_USE_STATIC_LIBS),
#     ayr::ayr_static, ayr.hpp from C++17, a version it cannot satisfy refused; the example
#     built this way runs against the mock of the API;
#  5. ldconfig: run as root into a system library directory, asked for (one line) without
#     root, not run for a staged DESTDIR install, and the LD_LIBRARY_PATH hint otherwise (a
#     stand-in ldconfig on PATH plays the system's, declaring the prefix a system directory);
#  6. `make uninstall` removes every installed file.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD
target=${CARGO_TARGET_DIR:-$repo/target}
build="$target/debug"
version=$(sed -n '/^\[workspace.package\]/,/^\[/s/^version = "\(.*\)"/\1/p' Cargo.toml)
signature=$(cat tests/c/fixtures/empty.hex.sig)
strict=(-std=c99 -Wall -Wextra -Werror -pedantic)
tmp=$(mktemp -d)
chmod 755 "$tmp" # the runs as another user below reach their prefix through it
mock_pid=
cleanup() {
    if [ -n "$mock_pid" ]; then kill "$mock_pid" 2>/dev/null || true; fi
    rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "libayr: $*" >&2; exit 1; }

# A stand-in ldconfig: logs its arguments, and lists $2 as the linker's directory for -v -N.
fake_ldconfig() {
    local dir=$1 system_dir=$2
    mkdir -p "$dir"
    : > "$dir/calls"
    chmod 666 "$dir/calls"
    cat > "$dir/ldconfig" <<EOF
#!/bin/bash
echo "\$*" >> "$dir/calls"
[ "\$*" != "-v -N" ] || echo "$system_dir: (from the test)"
EOF
    chmod 755 "$dir/ldconfig"
}

# 1. make install into a prefix the linker does not search.
prefix="$tmp/prefix"
fake_ldconfig "$tmp/no-system" /nonexistent
out=$(PATH="$tmp/no-system:$PATH" make --no-print-directory install AYR_PROFILE=dev \
    PREFIX="$prefix" 2>&1) || { echo "$out"; fail "make install failed"; }
echo "$out" | grep -v '^ *\(Compiling\|Finished\)'
grep -qxF "libayr: $prefix/lib is not searched by the dynamic linker: run programs with LD_LIBRARY_PATH=$prefix/lib, or link them with -Wl,-rpath,$prefix/lib" <<< "$out" ||
    fail "make install did not say how programs find the library"
[ "$(cat "$tmp/no-system/calls")" = "-v -N" ] || fail "ldconfig was run for a private prefix"

soname=$(objdump -p "$prefix/lib/libayr.so.$version" | awk '/SONAME/ { print $2 }')
abi=${soname#libayr.so.}
[ "$soname" = "libayr.so.${version%.*}" ] || [ "${version%%.*}" != 0 ] ||
    fail "SONAME $soname for version $version"
expected="include/ayr.h
include/ayr.hpp
lib/cmake/ayr/ayrConfig.cmake
lib/cmake/ayr/ayrConfigVersion.cmake
lib/libayr.a
lib/libayr.so -> $soname
lib/$soname -> libayr.so.$version
lib/libayr.so.$version
lib/pkgconfig/ayr-shared.pc
lib/pkgconfig/ayr.pc"
installed=$(cd "$prefix" && find . -type f -printf '%P\n' -o -type l -printf '%P -> %l\n' | sort)
[ "$installed" = "$(sort <<< "$expected")" ] ||
    fail "installed files differ:"$'\n'"$(diff <(sort <<< "$expected") <(echo "$installed"))"
echo "libayr: installed files as documented ($(du -k "$prefix/lib/libayr.so.$version" | cut -f1) KiB .so, $(du -k "$prefix/lib/libayr.a" | cut -f1) KiB .a, dev build)"

# 2. Stripped, and versioned exports that are exactly ayr.h's functions.
lib="$prefix/lib/libayr.so.$version"
! grep -qE '\.symtab|\.debug_info' <<< "$(readelf -S --wide "$lib")" || fail "$lib is not stripped"
! grep -q '\.debug_info' <<< "$(readelf -S --wide "$prefix/lib/libayr.a")" || fail "libayr.a has debug info"
header=$(sed -nE 's/^[a-z_][a-z0-9_ ]*[ *](ayr_[a-z0-9_]+)\(.*/\1/p' include/ayr.h |
    grep -v '^ayr_testing_' | sort)
# Every defined dynamic symbol but the version definition itself (an *ABS* AYR_<abi>).
exports=$(objdump -T "$lib" | awk -v version="AYR_$abi" '/ g / && !/\*UND\*/ &&
    !($NF == version && /\*ABS\*/) { print $(NF-1), $NF }' | sort -k2)
unversioned=$(awk -v want="AYR_$abi" '$1 != want' <<< "$exports")
[ -z "$unversioned" ] || fail "exports without the version AYR_$abi:"$'\n'"$unversioned"
[ "$(awk '{ print $2 }' <<< "$exports")" = "$header" ] ||
    fail "exports differ from ayr.h:"$'\n'"$(diff <(echo "$header") <(awk '{ print $2 }' <<< "$exports"))"
grep -q "Name: AYR_$abi" <<< "$(readelf -V "$lib")" || fail "no version definition AYR_$abi"
echo "libayr: stripped; exports the $(wc -l <<< "$header") functions of ayr.h, each as AYR_$abi"

# 3. pkg-config, shared then static.
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
cc "${strict[@]}" tests/c/installed.c -o "$tmp/shared" $(pkg-config --cflags --libs ayr) \
    -Wl,-rpath,"$prefix/lib"
"$tmp/shared" "$signature"
grep -q "libayr.so.* => $prefix/lib/" <<< "$(ldd "$tmp/shared")" || fail "shared: no libayr.so"
grep -q "(AYR_$abi) *ayr_version$" <<< "$(objdump -T "$tmp/shared")" ||
    fail "the program does not record ayr_version@AYR_$abi"
cc "${strict[@]}" tests/c/installed.c -o "$tmp/static" $(pkg-config --cflags --static --libs ayr)
"$tmp/static" "$signature"
! grep -q libayr <<< "$(ldd "$tmp/static")" || fail "the pkg-config --static program needs libayr.so"
echo "libayr: pkg-config: --libs links libayr.so (symbols bound to AYR_$abi), --static --libs libayr.a"

# 4. CMake, and the example it builds against the mock of the API.
cmake_build() {
    local dir=$1
    shift
    cmake -S tests/packaging/cmake -B "$dir" -DCMAKE_PREFIX_PATH="$prefix" "$@" >"$dir.log" 2>&1 &&
        cmake --build "$dir" -j 2 >>"$dir.log" 2>&1 || { cat "$dir.log" >&2; return 1; }
}
cmake_build "$tmp/cmake" || fail "the CMake build against the installed package failed"
"$tmp/cmake/installed" "$signature"
"$tmp/cmake/installed_hpp" "$signature"
grep -q "libayr.so.* => $prefix/lib/" <<< "$(ldd "$tmp/cmake/installed")" ||
    fail "ayr::ayr is not the shared library"
! grep -q libayr <<< "$(ldd "$tmp/cmake/register_static")" || fail "ayr::ayr_static needs libayr.so"
cmake_build "$tmp/cmake-static" -DAYR_USE_STATIC_LIBS=ON ||
    fail "the CMake build with AYR_USE_STATIC_LIBS failed"
! grep -q libayr <<< "$(ldd "$tmp/cmake-static/installed")" ||
    fail "ayr::ayr with AYR_USE_STATIC_LIBS=ON needs libayr.so"
if cmake_build "$tmp/cmake-0.2" -DAYR_WANT=0.2 2>/dev/null; then
    fail "find_package(ayr 0.2) accepted libayr $version"
fi
grep -q "ayrConfig.cmake, version: $version" "$tmp/cmake-0.2.log" ||
    { cat "$tmp/cmake-0.2.log" >&2; fail "find_package(ayr 0.2) failed for another reason"; }
cargo build --quiet --locked -p ayrshare-webhooks-mock
"$target/debug/ayrshare-webhooks-mock" --api-key demo-api-key --outbox "$tmp/outbox" \
    --url-file "$tmp/url" >/dev/null &
mock_pid=$!
for _ in $(seq 100); do [ -s "$tmp/url" ] && break; sleep 0.05; done
[ -s "$tmp/url" ] || fail "the mock did not start"
for program in register register_static; do
    AYRSHARE_API_KEY=demo-api-key AYRSHARE_BASE_URL=$(cat "$tmp/url") AYR_DEMO_OUTBOX="$tmp/outbox" \
        "$tmp/cmake/$program" > "$tmp/$program.out" 2>&1 ||
        { cat "$tmp/$program.out" >&2; fail "the CMake-built $program failed"; }
    grep -q "^registered scheduled -> https://example.com/hooks/ayrshare-c" "$tmp/$program.out" ||
        { cat "$tmp/$program.out" >&2; fail "the CMake-built $program did not register"; }
done
echo "libayr: CMake: ayr::ayr (shared; static with AYR_USE_STATIC_LIBS), ayr::ayr_static, ayr.hpp; 0.2 refused; the example ran"

# The C++ program of ffi/README.md, built with the line at its top (and the strict warnings),
# run against the mock of the API.
mkdir "$tmp/readme-cpp"
awk '/^```cpp$/ { on = 1; next } /^```$/ { on = 0 } on' ffi/README.md > "$tmp/readme-cpp/app.cpp"
build_line=$(sed -n '1s|^// app.cpp: ||p' "$tmp/readme-cpp/app.cpp")
[ -n "$build_line" ] || fail "the C++ program of ffi/README.md does not start with its build line"
(cd "$tmp/readme-cpp" && eval "$build_line -Wall -Wextra -Werror -pedantic -Wl,-rpath,$prefix/lib") ||
    fail "the C++ program of ffi/README.md does not build as written: $build_line"
AYRSHARE_API_KEY=demo-api-key AYRSHARE_BASE_URL=$(cat "$tmp/url") "$tmp/readme-cpp/app" \
    > "$tmp/readme-cpp/out" 2>&1 || { cat "$tmp/readme-cpp/out" >&2; fail "the README's C++ program failed"; }
for line in "registered scheduled -> https://example.com/hooks/ayrshare" \
    "delivery hk_1: twitter success https://x.com/ayrshare/status/1"; do
    grep -qxF "$line" "$tmp/readme-cpp/out" ||
        { cat "$tmp/readme-cpp/out" >&2; fail "the README's C++ program did not print: $line"; }
done
echo "libayr: the C++ program of ffi/README.md builds as written and runs against the mock"

# 5. ldconfig, with a stand-in that calls the prefix's lib a system directory. Run as root
# (as CI does), the unprivileged install is nobody's; run as a user, the root one is skipped.
fake_ldconfig "$tmp/system" "$tmp/root-prefix/lib"
if [ "$EUID" -eq 0 ]; then
    out=$(PATH="$tmp/system:$PATH" bash scripts/install-libayr.sh install "$build" "$tmp/root-prefix")
    grep -qx "libayr: ran ldconfig ($tmp/root-prefix/lib is a system library directory)" <<< "$out" ||
        { echo "$out"; fail "a root install into a system directory did not run ldconfig"; }
    grep -qx "" "$tmp/system/calls" || fail "ldconfig was not run: $(cat "$tmp/system/calls")"
    as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
    install -d -o 65534 -g 65534 "$tmp/user-prefix"
else
    echo "libayr: the install as root into a system directory: not run (this is not root; CI runs it)"
    as_user=()
    install -d "$tmp/user-prefix"
fi
fake_ldconfig "$tmp/user" "$tmp/user-prefix/lib"
out=$("${as_user[@]}" env PATH="$tmp/user:$PATH" \
    bash scripts/install-libayr.sh install "$build" "$tmp/user-prefix")
[ "$(tail -n 1 <<< "$out")" = "libayr: now run: sudo ldconfig" ] ||
    { echo "$out"; fail "an install without root did not ask for ldconfig"; }
[ "$(cat "$tmp/user/calls")" = "-v -N" ] || fail "ldconfig was run without root"

fake_ldconfig "$tmp/staged" "$tmp/system-prefix/lib"
out=$(PATH="$tmp/staged:$PATH" bash scripts/install-libayr.sh install "$build" \
    "$tmp/system-prefix" "$tmp/destdir")
[ -f "$tmp/destdir$tmp/system-prefix/lib/libayr.so.$version" ] || fail "DESTDIR was not honoured"
[ "$(tail -n 1 <<< "$out")" = "libayr: installed $version ($soname) under $tmp/destdir$tmp/system-prefix" ] ||
    { echo "$out"; fail "a DESTDIR install said more than where it installed"; }
[ ! -s "$tmp/staged/calls" ] || fail "ldconfig was consulted for a DESTDIR install"
echo "libayr: ldconfig run as root into a system directory, asked for without root, left alone for DESTDIR"

# 6. make uninstall.
out=$(PATH="$tmp/no-system:$PATH" make --no-print-directory uninstall PREFIX="$prefix")
left=$(find "$prefix" \( -type f -o -type l \) -printf '%P\n')
[ -z "$left" ] || fail "make uninstall left:"$'\n'"$left"
grep -qx "libayr: removed 10 files from $prefix" <<< "$out" || { echo "$out"; fail "make uninstall"; }
if [ "$EUID" -eq 0 ]; then
    out=$(PATH="$tmp/system:$PATH" bash scripts/install-libayr.sh uninstall "$tmp/root-prefix")
    [ "$(tail -n 1 <<< "$out")" = "libayr: ran ldconfig ($tmp/root-prefix/lib is a system library directory)" ] ||
        { echo "$out"; fail "uninstalling from a system directory as root did not run ldconfig"; }
fi
echo "libayr: make uninstall removed every installed file"
