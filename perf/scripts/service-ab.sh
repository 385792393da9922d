#!/usr/bin/env bash
# Two builds of a service under the same load, alternating: each run starts a fresh nats-server
# (file store, loopback), the service, and drives it with `cim-bench service` (closed loop, fresh
# ids, CreatePerson then UpdateNames; the oracle reads the stream back). Records commands/s and
# the service's and the server's CPU per stored command, one JSON line per run, and prints the
# medians and the ratio B / A. A failed run fails the script.
#
#   perf/scripts/service-ab.sh A_BINARY B_BINARY [--rounds 4] [--duration 8] [--concurrency 256] [--rate R]
#
# `--rate R` runs an open loop at R commands/s instead: below both builds' peak, the CPU per
# command is steadier than the peak on a shared machine.
#
# Build A first (e.g. copy .build/release/person-service away), then B. Loopback only.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
source "$repo/scripts/lib/nats-server.sh"

[[ $# -ge 2 ]] || { echo "usage: $0 A_BINARY B_BINARY [--rounds N] [--duration S] [--concurrency N]" >&2; exit 2; }
a="$1" b="$2"; shift 2
rounds=4 duration=8 concurrency=256 warmup=2 rate=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --concurrency) concurrency="$2"; shift 2 ;;
    --rate) rate="$2"; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
for binary in "$a" "$b"; do [[ -x "$binary" ]] || { echo "not an executable: $binary" >&2; exit 2; }; done
server_bin="${NATS_SERVER_BIN:-$(bash "$repo/scripts/install-deps.sh" --print-nats-server-bin)}"
(cd "$repo" && swift build -c release --product cim-bench >&2)
bench="$(cd "$repo" && swift build -c release --show-bin-path)/cim-bench"

work="$(mktemp -d)"
service_pid=""
cleanup() {
  [[ -n "$service_pid" ]] && kill "$service_pid" 2>/dev/null || true
  stop_nats_server
  rm -rf "$work"
}
trap cleanup EXIT
results="${RESULTS:-$repo/perf/results/service-ab-$(date -u +%Y-%m-%d).jsonl}"
mkdir -p "$(dirname "$results")"
: >"$results"

failed=0
run_one() {  # run_one ROUND LABEL BINARY
  local round="$1" label="$2" binary="$3" dir="$work/$1-$2" rc=0
  mkdir -p "$dir/store"
  start_nats_server "$server_bin" "$dir" "$dir/store" ""
  env NATS_URL="$NATS_SERVER_URL" HTTP_PORT=0 SNAPSHOT_FREQ=100 LOG_LEVEL=warning "$binary" >"$dir/service.log" 2>&1 &
  service_pid=$!
  local ready=0
  for _ in $(seq 1 200); do
    if "$bench" service --url "$NATS_SERVER_URL" --concurrency 1 --duration 0.05 --warmup 0 --updates 0 --stream "" --json >/dev/null 2>&1; then ready=1; break; fi
    sleep 0.1
  done
  [[ $ready -eq 1 ]] || { echo "round $round $label: not ready" >&2; cat "$dir/service.log" >&2; rc=1; }
  local server_before service_before
  server_before="$(cpu_seconds "$NATS_SERVER_PID")"; service_before="$(cpu_seconds "$service_pid")"
  LOAD_CPU="$server_before $service_before"
  [[ $rc -eq 0 ]] && { cpu_at_load_end "$dir/err" "$NATS_SERVER_PID $service_pid" "$bench" service --url "$NATS_SERVER_URL" \
    --concurrency "$concurrency" --duration "$duration" --warmup "$warmup" ${rate:+--rate "$rate"} --label "$label" --json >"$dir/out.json" || rc=$?; }
  # The CPU of the load (warm-up included), not of the oracle's read-back after it.
  local server_cpu service_cpu server_after service_after
  read -r server_after service_after <<<"$LOAD_CPU"
  server_cpu="$(awk -v a="$server_after" -v b="$server_before" 'BEGIN { print a - b }')"
  service_cpu="$(awk -v a="$service_after" -v b="$service_before" 'BEGIN { print a - b }')"
  kill -TERM "$service_pid" 2>/dev/null || true
  local status=0
  wait "$service_pid" 2>/dev/null || status=$?
  service_pid=""
  [[ $status -eq 0 ]] || { echo "round $round $label: the service exited $status after SIGTERM" >&2; rc=1; }
  stop_nats_server
  [[ $rc -eq 0 ]] || { echo "round $round $label FAILED (exit $rc)" >&2; tail -5 "$dir/err" >&2 || true; failed=1; }
  python3 - "$dir/out.json" "$round" "$label" "$rc" "$server_cpu" "$service_cpu" >>"$results" <<'PY'
import json, sys
path, round_, label, rc, server_cpu, service_cpu = sys.argv[1:]
try:
    line = json.loads(open(path).read().strip().splitlines()[-1])
except Exception:
    line = {}
line.pop("histogram", None)
line.update({"round": int(round_), "variant": label, "exit": int(rc), "server_cpu_s": float(server_cpu), "service_cpu_s": float(service_cpu)})
print(json.dumps(line))
PY
  python3 -c 'import json, sys
r = json.loads(sys.argv[1])
print("  round %d %s: %.0f commands/s, oracle %s" % (r["round"], r["variant"], r.get("commands_per_sec", 0), r.get("oracle", {}).get("verdict")))' "$(tail -1 "$results")" >&2
}

for ((r = 1; r <= rounds; r++)); do
  if ((r % 2 == 1)); then order=(A B); else order=(B A); fi
  for v in "${order[@]}"; do
    if [[ $v == A ]]; then run_one "$r" A "$a"; else run_one "$r" B "$b"; fi
  done
done

python3 - "$results" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
ok = [r for r in rows if r["exit"] == 0 and r.get("oracle", {}).get("verdict") == "pass"]
def med(v, f):
    xs = [f(r) for r in ok if r["variant"] == v]
    return statistics.median(xs) if xs else float("nan")
# CPU of the measured window (warm-up, run and the oracle's read-back) over the commands stored.
per = lambda key: (lambda r: r[key] / max(r.get("answered_persisted_total", 1), 1) * 1e6)
for v in ("A", "B"):
    print(f"{v}: {med(v, lambda r: r['commands_per_sec']):,.0f} commands/s, service CPU {med(v, per('service_cpu_s')):.1f} us/command, server CPU {med(v, per('server_cpu_s')):.1f} us/command")
print(f"B / A: commands/s {med('B', lambda r: r['commands_per_sec']) / med('A', lambda r: r['commands_per_sec']):.2f}, service CPU per command {med('B', per('service_cpu_s')) / med('A', per('service_cpu_s')):.2f}")
PY
echo "raw lines: $results" >&2
exit $failed
