#!/usr/bin/env bash
# The demo: starts the mock of the Ayrshare API (`ayrshare-webhooks mock`), then runs each
# language's example against it (the make targets given as arguments, e.g. demo-rust demo-c
# demo-python demo-cli).
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
mock_pid=
cleanup() {
  if [ -n "$mock_pid" ]; then kill "$mock_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

cargo build --quiet --locked -p ayrshare-webhooks-cli
"${CARGO_TARGET_DIR:-target}/debug/ayrshare-webhooks" mock --api-key demo-api-key \
  --outbox "$work/outbox" --url-file "$work/url" >/dev/null 2>&1 &
mock_pid=$!
for _ in $(seq 100); do [ -s "$work/url" ] && break; sleep 0.05; done
[ -s "$work/url" ] || { echo "the mock did not start" >&2; exit 1; }

export AYRSHARE_BASE_URL
AYRSHARE_BASE_URL=$(cat "$work/url")
export AYRSHARE_API_KEY=demo-api-key
export AYR_DEMO_OUTBOX="$work/outbox"
unset AYRSHARE_PROFILE_KEY
echo "== The mock Ayrshare API (ayrshare-webhooks mock) at $AYRSHARE_BASE_URL"

for target in "$@"; do
  language=${target#demo-}
  echo
  echo "== $language"
  if [ "$language" = rust ]; then
    AYRSHARE_PROFILE_KEY=demo-profile-rust make --no-print-directory "$target"
  else
    make --no-print-directory "$target"
  fi
done
echo
echo "== Demo finished: every step above ran against the mock, without the real API."
