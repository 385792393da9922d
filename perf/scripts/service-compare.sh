#!/usr/bin/env bash
# person-service against the C peer svc_c (../shared/peers/svc_c.c: the least a person service must
# do per command, on nats.c) and raw nats.c async publishing, in one run: each round starts a fresh
# nats-server for each of the three, alternating the order, and drives both services with the same
# load generator (`cim-bench service`: closed loop, CreatePerson then UpdateNames on fresh ids).
# Prints the medians and the ratios; the raw JSON lines (one per run, with the server's and the
# service's CPU seconds, and person-service's commits to the stream and messages in them, read
# from its /metrics) go to RESULTS (default perf/results/service-<date>.jsonl), with this
# checkout's path left out.
#
#   perf/scripts/service-compare.sh [--rounds 5] [--duration 10] [--concurrency 256] [--sync default|always]
#                                   [--commit-mode async|batch] [--shards N]
#
# A failed run (an error reply that is not a rule's refusal, a missing reply, a stored total that
# is not the persisted count) fails the script. Loopback only.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
source "$repo/scripts/lib/nats-server.sh"

rounds=5 duration=10 concurrency=256 sync=default commit_mode=async shards="" warmup=2
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --concurrency) concurrency="$2"; shift 2 ;;
    --sync) sync="$2"; shift 2 ;;
    --commit-mode) commit_mode="$2"; shift 2 ;;
    --shards) shards="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
sync_interval=""
[[ "$sync" == always ]] && sync_interval=always

say() { echo "service-compare: $*" >&2; }
server_bin="${NATS_SERVER_BIN:-$(bash "$repo/scripts/install-deps.sh" --print-nats-server-bin)}"
say "nats-server: $("$server_bin" --version)"

say "building (release): person-service, cim-bench; svc_c; nats-c-bench"
(cd "$repo" && swift build -c release --product person-service >&2 && swift build -c release --product cim-bench >&2)
bin="$(cd "$repo" && swift build -c release --show-bin-path)"
mkdir -p "$repo/.build-peers"
make -s -C "$repo/../shared/peers" OUT="$repo/.build-peers" >&2
svc_c="$repo/.build-peers/svc_c"
c_bench="$("$repo/perf/cpeer/build.sh")"

work="$(mktemp -d)"
service_pid=""
cleanup() {
  [[ -n "$service_pid" ]] && kill "$service_pid" 2>/dev/null || true
  stop_nats_server
  rm -rf "$work"
}
trap cleanup EXIT
results="${RESULTS:-$repo/perf/results/service-$(date -u +%Y-%m-%d)-$sync-$commit_mode.jsonl}"
mkdir -p "$(dirname "$results")"
: >"$results"

failed=0
run_one() {  # run_one ROUND KIND
  local round="$1" kind="$2" dir="$work/$1-$2"
  mkdir -p "$dir/store"
  start_nats_server "$server_bin" "$dir" "$dir/store" "$sync_interval"
  local out="$dir/out.json" rc=0 label="$kind" http_port=0
  case "$kind" in
    swift)
      label="person-service"
      http_port="$(free_port)"
      # `env`: an expanded SHARDS=N word is an argument to env; bare, bash would run it as a command.
      env NATS_URL="$NATS_SERVER_URL" HTTP_PORT="$http_port" SNAPSHOT_FREQ=100 COMMIT_MODE="$commit_mode" LOG_LEVEL=warning ${shards:+SHARDS=$shards} \
        "$bin/person-service" >"$dir/service.log" 2>&1 &
      service_pid=$!
      ;;
    c)
      label="svc_c"
      "$svc_c" "$NATS_SERVER_URL" $((${duration%.*} + ${warmup%.*} + 600)) >"$dir/service.log" 2>&1 &
      service_pid=$!
      ;;
  esac
  if [[ "$kind" == raw ]]; then
    "$c_bench" publish --url "$NATS_SERVER_URL" --mode async --window 1024 --storage file --msgs 100000 --size 128 --json >"$out" 2>"$dir/err" || rc=$?
  else
    # Ready when the service answers a command (svc_c creates its stream first).
    local ready=0
    for _ in $(seq 1 200); do
      if "$bin/cim-bench" service --url "$NATS_SERVER_URL" --concurrency 1 --duration 0.05 --warmup 0 --updates 0 --stream "" --json >/dev/null 2>&1; then ready=1; break; fi
      sleep 0.1
    done
    if [[ $ready -eq 0 ]]; then say "round $round $label: not ready"; cat "$dir/service.log" >&2; rc=1; fi
    LOAD_CPU="0 0"
    [[ $rc -eq 0 ]] && { cpu_at_load_end "$dir/err" "$NATS_SERVER_PID $service_pid" "$bin/cim-bench" service --url "$NATS_SERVER_URL" \
      --concurrency "$concurrency" --duration "$duration" --warmup "$warmup" --label "$label" --json >"$out" || rc=$?; }
  fi
  # The CPU the load cost (start-up and warm-up included), not the oracle's read-back after it.
  local server_cpu service_cpu=0
  if [[ "$kind" == raw ]]; then
    server_cpu="$(cpu_seconds "$NATS_SERVER_PID")"
  else
    read -r server_cpu service_cpu <<<"${LOAD_CPU:-0 0}"
  fi
  # Group commit as it happened: commits to the stream and the messages they held (readiness
  # probe and warm-up included). A service that cannot say fails the run.
  local commits=""
  if [[ "$kind" == swift && $rc -eq 0 ]]; then
    commits="$(python3 "$here/lib/commit-counts.py" "$http_port")" || { say "round $round $label: no commit counts"; rc=1; commits=""; }
  fi
  if [[ -n "$service_pid" ]]; then
    kill -TERM "$service_pid" 2>/dev/null || true
    local status=0
    wait "$service_pid" 2>/dev/null || status=$?
    if [[ "$kind" == swift && $status -ne 0 ]]; then say "round $round: person-service exited $status after SIGTERM"; tail -5 "$dir/service.log" >&2; rc=1; fi
    service_pid=""
  fi
  stop_nats_server
  if [[ $rc -ne 0 ]]; then
    say "round $round $label FAILED (exit $rc)"; tail -5 "$dir/err" >&2 || true
    failed=1
  fi
  python3 - "$out" "$round" "$kind" "$rc" "$server_cpu" "$service_cpu" "$sync" "$commit_mode" "$commits" "$repo/" >>"$results" <<'PY'
import json, sys
path, round_, kind, rc, server_cpu, service_cpu, sync, mode, commits, repo = sys.argv[1:]
try:
    line = json.loads(open(path).read().strip().splitlines()[-1])
except Exception:
    line = {}
line.update({"round": int(round_), "kind": kind, "exit": int(rc), "server_cpu_s": float(server_cpu), "service_cpu_s": float(service_cpu), "sync": sync, "commit_mode": mode})
if commits:
    count, messages = map(int, commits.split())
    line.update({"commits": count, "commit_messages": messages})
print(json.dumps(line).replace(repo, ""))
PY
  tail -1 "$results" | sed 's/^/  /' >&2
}

for ((r = 1; r <= rounds; r++)); do
  if ((r % 2 == 1)); then order=(swift c raw); else order=(raw c swift); fi
  for kind in "${order[@]}"; do run_one "$r" "$kind"; done
done

python3 - "$results" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
ok = [r for r in rows if r["exit"] == 0]
def med(kind, key):
    values = [r[key] for r in ok if r["kind"] == kind and key in r]
    return statistics.median(values) if values else float("nan")
swift, c = med("swift", "commands_per_sec"), med("c", "commands_per_sec")
raw = med("raw", "msgs_per_sec") if any("msgs_per_sec" in r for r in ok) else med("raw", "rate")
print(f"person-service {swift:,.0f} commands/s (p50 {med('swift','p50_us'):.0f} us, p99 {med('swift','p99_us'):.0f} us)")
print(f"svc_c          {c:,.0f} commands/s (p50 {med('c','p50_us'):.0f} us, p99 {med('c','p99_us'):.0f} us)")
print(f"raw nats.c async publish {raw:,.0f} msg/s")
print(f"ratio person-service / svc_c = {swift / c:.2f}; person-service / raw = {swift / raw:.2f}; svc_c / raw = {c / raw:.2f}")
for kind in ("swift", "c"):
    n = [r for r in ok if r["kind"] == kind]
    if n:
        per = statistics.median([r["server_cpu_s"] / max(r.get("answered_persisted_total", 1), 1) * 1e6 for r in n])
        svc = statistics.median([r["service_cpu_s"] / max(r.get("answered_persisted_total", 1), 1) * 1e6 for r in n])
        print(f"{kind}: server CPU {per:.1f} us/command, service CPU {svc:.1f} us/command")
batched = [r for r in ok if r["kind"] == "swift" and r.get("commits")]
if batched:
    print(f"person-service: {statistics.median([r['commit_messages'] / r['commits'] for r in batched]):.1f} messages per commit to the stream (median of the rounds)")
PY
echo "raw lines: $results" >&2
exit $failed
