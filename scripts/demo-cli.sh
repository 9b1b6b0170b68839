#!/usr/bin/env bash
# The CLI's part of the demo, against the mock scripts/demo.sh started ($AYRSHARE_BASE_URL):
#   scripts/demo-cli.sh PATH-TO-ayrshare-webhooks PATH-TO-PYTHON-WITH-THE-PACKAGE
set -euo pipefail
cd "$(dirname "$0")/.."
cli=$1
python=$2

work=$(mktemp -d)
receiver_pid=
cleanup() {
  if [ -n "$receiver_pid" ]; then kill "$receiver_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# Shows each command as typed (paths shortened), then runs it.
run() {
  echo "\$ ayrshare-webhooks ${*//$work\//}"
  "$cli" "$@"
}

printf 'demo-cli-secret' > "$work/secret.txt"
printf 'demo-tenant-%s\n' one two three > "$work/profiles.txt"
run register --action scheduled --url https://example.com/hooks/cli --secret-file "$work/secret.txt"
run list
run register --action feed --url https://example.com/hooks/feed --profiles-file "$work/profiles.txt" \
  --report "$work/report.jsonl"
echo "(report.jsonl, first line: $(head -n 1 "$work/report.jsonl"))"

# A receiver under development (cli/examples/receiver.py), tested without the real API.
AYRSHARE_WEBHOOK_SECRET=demo-cli-secret "$python" cli/examples/receiver.py > "$work/receiver.out" &
receiver_pid=$!
for _ in $(seq 100); do [ -s "$work/receiver.out" ] && break; sleep 0.05; done
url=$(head -n 1 "$work/receiver.out")
[ -n "$url" ] || { echo "the example receiver did not start" >&2; exit 1; }
run send-test --action scheduled --to "$url" --secret-file "$work/secret.txt"
run send-test --action scheduled --to "$url" --secret-file "$work/secret.txt" --tamper
sleep 0.1
sed -e 1d -e 's/^/(the receiver printed) /' "$work/receiver.out"
run unregister --action scheduled
