#!/usr/bin/env bash
# The four domain services under the same closed-loop load, in one run: each round starts a fresh
# nats-server for each service, in alternating order, and drives it with `cim-bench service
# --domain D` (a create, then updates that each store one event, on fresh ids). Prints each
# service's median rate, latencies and CPU per command, and its ratio to person-service. The raw
# JSON lines (one per run, with the server's and the service's CPU seconds) go to RESULTS
# (default perf/results/domains-<date>-<sync>.jsonl).
#
#   perf/scripts/domains-compare.sh [--rounds 3] [--duration 10] [--concurrency 256] [--sync default|always]
#
# A failed run (an error reply, a missing reply, a stored total that is not the persisted count, a
# service that does not exit 0 on SIGTERM) fails the script. Loopback only.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
source "$repo/scripts/lib/nats-server.sh"

rounds=3 duration=10 concurrency=256 sync=default warmup=2
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --concurrency) concurrency="$2"; shift 2 ;;
    --sync) sync="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
sync_interval=""
[[ "$sync" == always ]] && sync_interval=always
domains=(person location agent policy)

say() { echo "domains-compare: $*" >&2; }
server_bin="${NATS_SERVER_BIN:-$(bash "$repo/scripts/install-deps.sh" --print-nats-server-bin)}"
say "nats-server: $("$server_bin" --version)"
say "building (release): the four services and cim-bench"
for product in person-service location-service agent-service policy-service cim-bench; do
  (cd "$repo" && swift build -c release --product "$product" >&2)
done
bin="$(cd "$repo" && swift build -c release --show-bin-path)"

work="$(mktemp -d)"
service_pid=""
cleanup() {
  [[ -n "$service_pid" ]] && kill "$service_pid" 2>/dev/null || true
  stop_nats_server
  rm -rf "$work"
}
trap cleanup EXIT
results="${RESULTS:-$repo/perf/results/domains-$(date -u +%Y-%m-%d)-$sync.jsonl}"
mkdir -p "$(dirname "$results")"
: >"$results"

failed=0
run_one() {  # run_one ROUND DOMAIN
  local round="$1" domain="$2" dir="$work/$1-$2"
  mkdir -p "$dir/store"
  start_nats_server "$server_bin" "$dir" "$dir/store" "$sync_interval"
  local out="$dir/out.json" rc=0
  env NATS_URL="$NATS_SERVER_URL" HTTP_PORT=0 SNAPSHOT_FREQ=100 LOG_LEVEL=warning "$bin/$domain-service" >"$dir/service.log" 2>&1 &
  service_pid=$!
  local ready=0
  for _ in $(seq 1 200); do
    if "$bin/cim-bench" service --domain "$domain" --url "$NATS_SERVER_URL" --concurrency 1 --duration 0.05 --warmup 0 --updates 0 --stream none --json >/dev/null 2>&1; then ready=1; break; fi
    sleep 0.1
  done
  if [[ $ready -eq 0 ]]; then say "round $round $domain: not ready"; cat "$dir/service.log" >&2; rc=1; fi
  LOAD_CPU="0 0"
  [[ $rc -eq 0 ]] && { cpu_at_load_end "$dir/err" "$NATS_SERVER_PID $service_pid" "$bin/cim-bench" service --domain "$domain" --url "$NATS_SERVER_URL" \
    --concurrency "$concurrency" --duration "$duration" --warmup "$warmup" --json >"$out" || rc=$?; }
  # The CPU of the load (start-up and warm-up included), not of the oracle's read-back after it.
  local server_cpu service_cpu status=0
  read -r server_cpu service_cpu <<<"$LOAD_CPU"
  kill -TERM "$service_pid" 2>/dev/null || true
  wait "$service_pid" 2>/dev/null || status=$?
  if [[ $status -ne 0 ]]; then say "round $round: $domain-service exited $status after SIGTERM"; tail -5 "$dir/service.log" >&2; rc=1; fi
  service_pid=""
  stop_nats_server
  if [[ $rc -ne 0 ]]; then
    say "round $round $domain FAILED (exit $rc)"; tail -5 "$dir/err" >&2 || true
    failed=1
  fi
  python3 - "$out" "$round" "$domain" "$rc" "$server_cpu" "$service_cpu" "$sync" >>"$results" <<'PY'
import json, sys
path, round_, domain, rc, server_cpu, service_cpu, sync = sys.argv[1:]
try:
    line = json.loads(open(path).read().strip().splitlines()[-1])
except Exception:
    line = {}
line.update({"round": int(round_), "domain": domain, "exit": int(rc), "server_cpu_s": float(server_cpu), "service_cpu_s": float(service_cpu), "sync": sync})
print(json.dumps(line))
PY
  tail -1 "$results" | sed 's/^/  /' >&2
}

for ((r = 1; r <= rounds; r++)); do
  if ((r % 2 == 1)); then order=("${domains[@]}"); else order=(policy agent location person); fi
  for domain in "${order[@]}"; do run_one "$r" "$domain"; done
done

python3 - "$results" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
ok = [r for r in rows if r["exit"] == 0]
def med(domain, key):
    values = [r[key] for r in ok if r["domain"] == domain and key in r]
    return statistics.median(values) if values else float("nan")
person = med("person", "commands_per_sec")
for domain in ("person", "location", "agent", "policy"):
    rate = med(domain, "commands_per_sec")
    n = [r for r in ok if r["domain"] == domain]
    server = statistics.median([r["server_cpu_s"] / max(r.get("answered_persisted_total", 1), 1) * 1e6 for r in n]) if n else float("nan")
    service = statistics.median([r["service_cpu_s"] / max(r.get("answered_persisted_total", 1), 1) * 1e6 for r in n]) if n else float("nan")
    print(f"{domain + '-service':17} {rate:8,.0f} commands/s  {rate / person:.2f}x person  p50 {med(domain, 'p50_us'):6.0f} us  p99 {med(domain, 'p99_us'):6.0f} us  "
          f"server CPU {server:5.1f} us/command  service CPU {service:5.1f} us/command")
PY
echo "raw lines: $results" >&2
exit $failed
