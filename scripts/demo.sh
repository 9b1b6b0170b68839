#!/usr/bin/env bash
# The demo: starts a local stand-in of the Ayrshare API, then runs each language's example
# against it (the make targets given as arguments, e.g. demo-rust demo-c demo-python).
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
standin_pid=
cleanup() {
  if [ -n "$standin_pid" ]; then kill "$standin_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

cargo build --quiet --locked -p ayrshare-webhooks-mock
./target/debug/ayrshare-webhooks-mock --api-key demo-api-key --outbox "$work/outbox" \
  --url-file "$work/url" >/dev/null &
standin_pid=$!
for _ in $(seq 100); do [ -s "$work/url" ] && break; sleep 0.05; done
[ -s "$work/url" ] || { echo "the stand-in did not start" >&2; exit 1; }

export AYRSHARE_BASE_URL
AYRSHARE_BASE_URL=$(cat "$work/url")
export AYRSHARE_API_KEY=demo-api-key
export AYR_DEMO_OUTBOX="$work/outbox"
unset AYRSHARE_PROFILE_KEY
echo "== Local stand-in of the Ayrshare API at $AYRSHARE_BASE_URL"

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
echo "== Demo finished: every language registered, verified and unregistered a webhook."
