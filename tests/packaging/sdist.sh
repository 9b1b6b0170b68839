#!/usr/bin/env bash
# Checks the source distribution, for platforms the wheel does not cover:
#  - `maturin sdist` builds it, and it holds LICENSE-MIT and LICENSE-APACHE, byte for byte the
#    repository's, beside pyproject.toml and in the core crate it carries;
#  - `pip install` of it builds and installs in a fresh virtualenv (pip's isolated build with
#    maturin pinned as in python/requirements-dev.txt) and the package works
#    (tests/packaging/installed_package.py).
# The build is the dev profile into this workspace's target directory, so only the crates of the
# sdist are compiled, not their dependencies; a user's `pip install` builds the release profile.
# Usage: tests/packaging/sdist.sh OUT_DIR   (from mk/python.mk; needs maturin on PATH)
set -euo pipefail
cd "$(dirname "$0")/../.."
[ $# -eq 1 ] || { echo "usage: $0 OUT_DIR" >&2; exit 2; }
out=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

rm -f "$out"/ayrshare_webhooks-*.tar.gz
maturin sdist -m python/Cargo.toml --out "$out" > "$tmp/maturin.log" 2>&1 ||
    { cat "$tmp/maturin.log" >&2; exit 1; }
sdist=$(echo "$out"/ayrshare_webhooks-*.tar.gz)
[ -f "$sdist" ] || { echo "sdist: maturin made no $out/ayrshare_webhooks-*.tar.gz" >&2; exit 1; }

root=$(basename "$sdist" .tar.gz)
tar -xzf "$sdist" -C "$tmp"
for dir in "" core/; do
    for licence in LICENSE-MIT LICENSE-APACHE; do
        cmp -s "$tmp/$root/$dir$licence" "$licence" ||
            { echo "sdist: $root/$dir$licence missing or not the repository's" >&2; exit 1; }
    done
done
echo "sdist: $(basename "$sdist") ($(du -k "$sdist" | cut -f1) KiB): LICENSE-MIT and LICENSE-APACHE at its root and in core/"

# Cargo names the build of a workspace crate by its path relative to the workspace root, the
# same in the sdist as here, and would take this tree's build of core/ and python/ as up to date
# (their files are older): the copy pip builds gets files dated now, so they are compiled.
fresh="$tmp/fresh/$(basename "$sdist")"
mkdir -p "$tmp/fresh"
find "$tmp/$root" -exec touch {} +
tar -czf "$fresh" -C "$tmp" "$root"
python=$(command -v python3)
"$python" -m venv "$tmp/venv"
start=$(date +%s)
# --no-cache-dir: build from the sdist every time, never from a wheel pip cached before. --out:
# maturin's own copy of the wheel goes to the temporary directory, not target/wheels.
MATURIN_PEP517_ARGS="--profile dev --out $tmp/pep517" CARGO_TARGET_DIR="$PWD/target" \
    PIP_CONSTRAINT="$PWD/python/requirements-dev.txt" \
    "$tmp/venv/bin/python" -m pip install --verbose --disable-pip-version-check --no-cache-dir \
    "$fresh" > "$tmp/pip.log" 2>&1 || { cat "$tmp/pip.log" >&2; exit 1; }
for crate in "ayrshare-webhooks v" "ayrshare-webhooks-python v"; do
    grep -q "Compiling $crate" "$tmp/pip.log" ||
        { cat "$tmp/pip.log"; echo "sdist: pip did not compile $crate from the sdist"; exit 1; } >&2
done
took=$(( $(date +%s) - start ))
(cd "$tmp" && "$tmp/venv/bin/python" "$OLDPWD/tests/packaging/installed_package.py" \
    "$OLDPWD/tests/c/fixtures")
echo "sdist: built and installed by pip in $took s (dev profile; its crates compiled, their dependencies reused)"
