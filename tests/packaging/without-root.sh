#!/usr/bin/env bash
# `make test` on a machine that lacks a system tool, where apt-get cannot run: the tools target
# stops with one line naming the packages to install (scripts/need-tools.sh), never an error
# from apt-get. Played with a PATH holding only bash (so valgrind, pkg-config, openssl, cmake and
# tinyproxy are missing), first as an unprivileged user with apt-get on that PATH (nobody, when
# run as root), then as root without apt-get (only when run as root).
set -euo pipefail
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
chmod 755 "$tmp"
trap 'rm -rf "$tmp"' EXIT
make=$(command -v make)
expected="make test needs valgrind pkg-config openssl cmake tinyproxy, missing here: sudo apt-get install valgrind pkg-config openssl cmake tinyproxy (or your system's packages of them), then run it again"

check() {
    local who=$1 bin=$2
    shift 2
    local out status=0
    out=$("$@" env -i PATH="$bin" "$make" --no-print-directory -C "$PWD" test-c-tools 2>&1) ||
        status=$?
    [ "$status" -ne 0 ] || { echo "$out"; echo "without-root: $who: make test-c-tools passed"; exit 1; } >&2
    # Our one line, then make's own note that the target failed; nothing from apt-get.
    local first rest
    first=$(head -n 1 <<< "$out")
    rest=$(tail -n +2 <<< "$out")
    if [ "$first" != "$expected" ] || ! grep -qx 'make: \*\*\* \[.*test-c-tools\] Error 1' <<< "$rest" ||
        [ "$(wc -l <<< "$out")" -ne 2 ]; then
        { echo "$out"; echo "without-root: $who: not the one line expected"; } >&2
        exit 1
    fi
    echo "without-root: $who: $first"
}

mkdir "$tmp/user-bin" "$tmp/root-bin"
ln -s "$(command -v bash)" "$tmp/user-bin/bash"
ln -s "$(command -v apt-get || echo /usr/bin/apt-get)" "$tmp/user-bin/apt-get"
ln -s "$(command -v bash)" "$tmp/root-bin/bash"
if [ "$EUID" -eq 0 ]; then
    check "as an unprivileged user, apt-get on PATH" "$tmp/user-bin" \
        setpriv --reuid=65534 --regid=65534 --clear-groups
    check "as root, no apt-get" "$tmp/root-bin"
else
    check "as this unprivileged user, apt-get on PATH" "$tmp/user-bin"
    echo "without-root: as root, no apt-get: not run (this is not root; CI runs it)"
fi
