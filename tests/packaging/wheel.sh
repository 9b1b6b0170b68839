#!/usr/bin/env bash
# Checks the wheel a user installs (the test build has the release build's packaging and tags):
#  - auditwheel finds it consistent with manylinux_2_17_x86_64 (glibc >= 2.17), and its name
#    carries the abi3 tag for CPython >= 3.10;
#  - it holds LICENSE-MIT and LICENSE-APACHE, byte for byte the repository's;
#  - it installs into a fresh virtualenv and works (tests/packaging/installed_package.py) under
#    the oldest and the newest CPython >= 3.10 the machine has;
#  - the README's install lines name the release directory, match this wheel's file name, never
#    a test build's path nor a local build's name (`pip install ./python` leaves one in
#    target/wheels), and no more than one file on disk.
# Usage: tests/packaging/wheel.sh TEST_WHEEL RELEASE_DIR WHEEL_GLOB   (from mk/python.mk; needs
# auditwheel on PATH)
set -euo pipefail
cd "$(dirname "$0")/../.."
[ $# -eq 3 ] || { echo "usage: $0 TEST_WHEEL RELEASE_DIR WHEEL_GLOB" >&2; exit 2; }
# shellcheck disable=SC2206 # the wheel is given as a glob: it must match exactly one file
wheels=($1)
release_dir=$2
wheel_glob=$3
[ ${#wheels[@]} -eq 1 ] && [ -f "${wheels[0]}" ] ||
    { echo "wheel: $1 matches ${#wheels[@]} files, not one" >&2; exit 1; }
wheel=${wheels[0]}
name=$(basename "$wheel")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

case "$name" in
    ayrshare_webhooks-*-cp310-abi3-*manylinux_2_17_x86_64*.whl) ;;
    *) echo "wheel: $name is not tagged cp310-abi3 manylinux_2_17_x86_64" >&2; exit 1 ;;
esac
report=$(auditwheel show "$wheel" | tr -s ' \n' ' ')
grep -q 'is consistent with the following platform tag: "manylinux_2_17_x86_64"' <<< "$report" ||
    { echo "wheel: auditwheel show $name:"; echo "$report"; exit 1; } >&2
echo "wheel: $name ($(du -k "$wheel" | cut -f1) KiB): auditwheel: consistent with manylinux_2_17_x86_64"

python3 - "$wheel" <<'EOF'
import pathlib, sys, zipfile
wheel = zipfile.ZipFile(sys.argv[1])
for licence in ("LICENSE-MIT", "LICENSE-APACHE"):
    names = [n for n in wheel.namelist() if n.endswith(f".dist-info/licenses/{licence}")]
    if len(names) != 1 or wheel.read(names[0]) != pathlib.Path(licence).read_bytes():
        sys.exit(f"wheel: no .dist-info/licenses/{licence} equal to the repository's")
print("wheel: LICENSE-MIT and LICENSE-APACHE in .dist-info/licenses")
EOF

# The CPython >= 3.10 interpreters of this machine (pyenv's and the system's), by version.
candidates=("${PYENV_ROOT:-$HOME/.pyenv}"/versions/*/bin/python3 /usr/bin/python3.* \
    /usr/local/bin/python3.* "$(command -v python3 || true)")
pythons=$(for python in "${candidates[@]}"; do
    [[ -x $python && $python =~ /python3(\.[0-9]+)?$ ]] || continue
    "$python" -c 'import sys, venv, ensurepip
if sys.implementation.name == "cpython" and sys.version_info >= (3, 10):
    print("%d %05d %s" % (sys.version_info[0], sys.version_info[1] * 100 + sys.version_info[2],
                          sys.executable))' 2>/dev/null || true
done | sort -k1,1n -k2,2n | awk '{ print $3 }')
[ -n "$pythons" ] || { echo "wheel: no CPython >= 3.10 with venv on this machine" >&2; exit 1; }
oldest=$(head -n 1 <<< "$pythons")
newest=$(tail -n 1 <<< "$pythons")
for python in $(printf '%s\n' "$oldest" "$newest" | uniq); do
    venv="$tmp/venv-$(basename "$(dirname "$(dirname "$python")")")"
    "$python" -m venv "$venv"
    start=$(date +%s%N)
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-index --no-deps \
        "$wheel"
    took=$(( ($(date +%s%N) - start) / 1000000 ))
    (cd "$tmp" && "$venv/bin/python" "$OLDPWD/tests/packaging/installed_package.py" \
        "$OLDPWD/tests/c/fixtures")
    echo "wheel: pip install took $took ms under $("$venv/bin/python" -V)"
done
[ "$oldest" != "$newest" ] || echo "wheel: only one CPython >= 3.10 on this machine: $oldest"

# The README's install lines: `pip install <release dir>/<pattern>`.
lines=$(grep -hoE 'pip install [^ ]*ayrshare_webhooks[^ ]*\.whl' README.md python/README.md) ||
    { echo "wheel: no 'pip install ...whl' line in README.md or python/README.md" >&2; exit 1; }
while read -r _ _ path; do
    [ "$(dirname "$path")" = "$release_dir" ] ||
        { echo "wheel: README installs from $(dirname "$path"), not $release_dir" >&2; exit 1; }
    pattern=$(basename "$path")
    # shellcheck disable=SC2053 # the pattern is a glob on purpose
    [[ $name == $pattern ]] ||
        { echo "wheel: the README's $pattern does not match the wheel's name $name" >&2; exit 1; }
    # What `pip install ./python` or an sdist build leaves in target/wheels: never matched.
    local_build="${name%%-cp310-*}-cp310-abi3-linux_x86_64.whl"
    # shellcheck disable=SC2053
    [[ $local_build != $pattern ]] ||
        { echo "wheel: the README's $pattern also matches a local build, $local_build" >&2; exit 1; }
    [[ $name == $wheel_glob ]] ||
        { echo "wheel: make wheel's $wheel_glob does not match $name" >&2; exit 1; }
    [[ $wheel != $path ]] ||
        { echo "wheel: the README's $path matches the test build $wheel" >&2; exit 1; }
    shopt -s nullglob
    # shellcheck disable=SC2206
    matches=($path)
    shopt -u nullglob
    [ ${#matches[@]} -le 1 ] ||
        { echo "wheel: the README's $path matches ${#matches[@]} files" >&2; exit 1; }
    echo "wheel: README: pip install $path (matches ${#matches[@]} file now, 1 after make wheel)"
done <<< "$lines"
