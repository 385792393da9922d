#!/usr/bin/env bash
# Runs the project's main job: the JetStream load test of acknowledged writes and reads, against
# $NATS_URL, or, when it is unset, against a nats-server 2.15.1 started here on a free loopback
# port with a temporary store (stopped at exit). Each run prints one JSON line:
#
#   cim-bench publish --mode async  (window 1024)       asynchronous publishing, every message acknowledged
#   cim-bench publish --mode batch  (batches of 100)    atomic batches, the runtime's group commit
#   cim-bench consume --ack explicit                    a durable pull consumer
#   cim-bench wire                                      the decoder, against memchr (no server)
#
# Arguments replace that list with one cim-bench command (NATS_URL is set for it):
#
#   scripts/run.sh
#   scripts/run.sh publish --mode sync --msgs 10000 --json
#   NATS_URL=nats://127.0.0.1:4222 scripts/run.sh          # an existing server (loopback only for load tests)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

swift build -c release --product cim-bench >&2
bench="$(swift build -c release --show-bin-path)/cim-bench"

work="$(mktemp -d "${TMPDIR:-/tmp}/cim-run.XXXXXX")"
source scripts/lib/nats-server.sh
cleanup() {
  stop_nats_server
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [[ -z "${NATS_URL:-}" ]]; then
  server_bin="$(bash scripts/install-deps.sh --print-nats-server-bin)"
  start_nats_server "$server_bin" "$work" "$work/store" || { echo "run.sh: could not start nats-server" >&2; exit 1; }
  export NATS_URL="$NATS_SERVER_URL"
  echo "run.sh: started $("$server_bin" --version) on $NATS_URL" >&2
else
  echo "run.sh: using NATS_URL=$NATS_URL" >&2
fi

if (($# > 0)); then
  "$bench" "$@"
  exit
fi
"$bench" publish --mode async --window 1024 --msgs 200000 --json
"$bench" publish --mode batch --batch 100 --msgs 50000 --json
"$bench" consume --ack explicit --msgs 200000 --json
"$bench" wire --json
