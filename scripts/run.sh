#!/usr/bin/env bash
# Runs the project's main job: the Person service under load, then the JetStream load test of
# acknowledged writes and reads, against
# $NATS_URL, or, when it is unset, against a nats-server 2.15.1 started here on a free loopback
# port with a temporary store (stopped at exit). Each run prints one JSON line:
#
#   cim-bench service  (person-service, 256 in flight)  the Person service under command load (own server only)
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
swift build -c release --product person-service >&2
bench="$(swift build -c release --show-bin-path)/cim-bench"
person_service="$(swift build -c release --show-bin-path)/person-service"

work="$(mktemp -d "${TMPDIR:-/tmp}/cim-run.XXXXXX")"
source scripts/lib/nats-server.sh
service_pid=""
cleanup() {
  if [[ -n "$service_pid" ]] && kill -0 "$service_pid" 2>/dev/null; then kill "$service_pid" 2>/dev/null || true; wait "$service_pid" 2>/dev/null || true; fi
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
# The Person service under a closed-loop command load (CreatePerson, then UpdateNames): every
# answered command is checked against the stream's stored total. Skipped against a NATS_URL the
# caller gave (it would create PERSON_EVENTS there).
if [[ -n "$NATS_SERVER_PID" ]]; then
  HTTP_PORT=0 LOG_LEVEL=warning "$person_service" >"$work/person-service.log" 2>&1 &
  service_pid=$!
  ready=0
  for _ in $(seq 1 300); do
    if "$bench" service --concurrency 1 --duration 0.05 --warmup 0 --updates 0 --stream "" --json >/dev/null 2>&1; then ready=1; break; fi
    kill -0 "$service_pid" 2>/dev/null || break
    sleep 0.1
  done
  if [[ $ready -ne 1 ]]; then echo "run.sh: person-service did not start:" >&2; cat "$work/person-service.log" >&2; exit 1; fi
  "$bench" service --concurrency 256 --duration 10 --warmup 2 --json
  kill -TERM "$service_pid"
  status=0
  wait "$service_pid" || status=$?
  service_pid=""
  if [[ $status -ne 0 ]]; then echo "run.sh: person-service exited $status after SIGTERM:" >&2; tail -20 "$work/person-service.log" >&2; exit 1; fi
fi
"$bench" publish --mode async --window 1024 --msgs 200000 --json
"$bench" publish --mode batch --batch 100 --msgs 50000 --json
"$bench" consume --ack explicit --msgs 200000 --json
"$bench" wire --json
