#!/usr/bin/env bash
# One person-service run under `cim-bench service` (closed loop, fresh ids), measured over a window
# in the middle of the load: commands stored per second, messages per commit to the stream (from
# the service's /metrics) and the CPU each process spent per message (/proc/<pid>/stat), so that a
# group-commit setting can be judged by the batches it really makes and what they cost. Prints one
# JSON line; extra NAME=VALUE arguments go to the service's environment.
#
#   perf/scripts/commit-probe.sh [--concurrency 256] [--sync always|default] [--commit-mode batch|async]
#                                [--duration 10] [--window 5] [NAME=VALUE ...]
#
# Example: perf/scripts/commit-probe.sh --concurrency 256 BATCH_LINGER_US=1000
# PERSON_SERVICE_BIN runs another person-service binary (an A/B of two builds).
# Loopback only; the nats-server is started here, with a temporary store, and stopped.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
source "$repo/scripts/lib/nats-server.sh"

concurrency=256 sync=always commit_mode=batch duration=10 window=5 settings=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --concurrency) concurrency="$2"; shift 2 ;;
    --sync) sync="$2"; shift 2 ;;
    --commit-mode) commit_mode="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --window) window="$2"; shift 2 ;;
    *=*) settings+=("$1"); shift ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
((window + 4 <= duration + 2)) || { echo "the window (${window} s) must end before the load (2 s warm-up + ${duration} s)" >&2; exit 2; }
sync_interval=""
[[ "$sync" == always ]] && sync_interval=always

server_bin="${NATS_SERVER_BIN:-$(bash "$repo/scripts/install-deps.sh" --print-nats-server-bin)}"
(cd "$repo" && swift build -c release --product person-service >&2 && swift build -c release --product cim-bench >&2)
bin="$(cd "$repo" && swift build -c release --show-bin-path)"

work="$(mktemp -d)"
service_pid="" bench_pid=""
cleanup() {
  [[ -n "$bench_pid" ]] && kill "$bench_pid" 2>/dev/null || true
  [[ -n "$service_pid" ]] && kill "$service_pid" 2>/dev/null || true
  stop_nats_server
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/store"
start_nats_server "$server_bin" "$work" "$work/store" "$sync_interval"
http_port="$(free_port)"
env NATS_URL="$NATS_SERVER_URL" HTTP_PORT="$http_port" SNAPSHOT_FREQ=100 COMMIT_MODE="$commit_mode" LOG_LEVEL=warning "${settings[@]}" \
  "${PERSON_SERVICE_BIN:-$bin/person-service}" >"$work/service.log" 2>&1 &
service_pid=$!
for _ in $(seq 1 200); do
  "$bin/cim-bench" service --url "$NATS_SERVER_URL" --concurrency 1 --duration 0.05 --warmup 0 --updates 0 --stream "" --json >/dev/null 2>&1 && break
  sleep 0.1
done
"$bin/cim-bench" service --url "$NATS_SERVER_URL" --concurrency "$concurrency" --duration "$duration" --warmup 2 --json >"$work/bench.json" 2>"$work/bench.err" &
bench_pid=$!

sample() {  # CPU seconds of server, service and load generator; commits and messages so far; seconds
  local cpu commits
  cpu="$(cpu_seconds "$NATS_SERVER_PID") $(cpu_seconds "$service_pid") $(cpu_seconds "$bench_pid")"
  commits="$(python3 "$here/lib/commit-counts.py" "$http_port")" || return 1
  echo "$cpu $commits $(date +%s.%N)"
}
sleep 4
first="$(sample)" || { echo "no sample at the window's start" >&2; exit 1; }
sleep "$window"
last="$(sample)" || { echo "no sample at the window's end" >&2; exit 1; }
rc=0
wait "$bench_pid" || rc=$?
bench_pid=""
[[ $rc -eq 0 ]] || { echo "cim-bench failed (exit $rc):" >&2; tail -5 "$work/bench.err" >&2; exit 1; }

python3 - "$first" "$last" "$work/bench.json" "$concurrency" "$sync" "$commit_mode" "${settings[@]}" <<'PY'
import json, sys
first, last = ([float(x) for x in arg.split()] for arg in sys.argv[1:3])
report = json.loads(open(sys.argv[3]).read().strip().splitlines()[-1])
concurrency, sync, mode = sys.argv[4], sys.argv[5], sys.argv[6]
delta = [b - a for a, b in zip(first, last)]
server, service, generator, commits, messages, seconds = delta
if messages <= 0 or commits <= 0:
    sys.exit("no commit in the window: nothing to report")
per = lambda seconds: round(seconds / messages * 1e6, 1)
print(json.dumps({
    "concurrency": int(concurrency), "sync": sync, "commit_mode": mode, "settings": sys.argv[7:],
    "window_messages_per_sec": round(messages / seconds), "messages_per_commit": round(messages / commits, 1),
    "server_cpu_us_per_message": per(server), "service_cpu_us_per_message": per(service),
    "generator_cpu_us_per_message": per(generator),
    "commands_per_sec": report["commands_per_sec"], "p99_us": report["p99_us"], "oracle": report["oracle"]["verdict"],
}))
if report["oracle"]["verdict"] != "pass" or not report.get("ok", True):
    sys.exit("the run failed: " + json.dumps(report.get("oracle")))
PY
