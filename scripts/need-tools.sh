#!/usr/bin/env bash
# Makes sure the system tools a suite needs are on PATH. Those missing are installed with
# apt-get when it can run (root, on Debian or Ubuntu); otherwise this stops with one line
# naming the packages to install, rather than an error from apt-get.
#   scripts/need-tools.sh COMMAND[:PACKAGE]...     (PACKAGE defaults to COMMAND)
set -euo pipefail
missing=()
packages=()
for spec in "$@"; do
    command=${spec%%:*}
    package=${spec#*:}
    if ! command -v "$command" >/dev/null 2>&1; then
        missing+=("$command")
        packages+=("$package")
    fi
done
[ ${#missing[@]} -gt 0 ] || exit 0

if [ "$EUID" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing ${packages[*]} with apt-get"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" \
        >/dev/null
    exit 0
fi
echo "make test needs ${missing[*]}, missing here: sudo apt-get install ${packages[*]}" \
    "(or your system's packages of them), then run it again" >&2
exit 1
