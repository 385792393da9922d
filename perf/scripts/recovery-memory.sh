#!/usr/bin/env bash
# Issue 9's last two figures for person-service (release builds, a fresh nats-server 2.15.1 on a
# free loopback port with a temporary file store):
#
# 1. Cold recovery of one aggregate with --events events (default 10,000), for each SNAPSHOT_FREQ
#    in --freqs (default "0 100 1000"; 0 = no snapshots), each setting on its own stream
#    (REC_F<freq>) and its own server (two streams of one server cannot both take person.events.>). For each setting the service is started, `cim-bench recovery
#    --prepare` builds the aggregate (every reply and the stored history checked), and the service
#    is stopped with SIGTERM. Then, --restarts times, the settings in alternating order: start the
#    service (nothing in memory), wait for /readyz, `cim-bench recovery --probe` (one CreatePerson on
#    a fresh id first, then --probes UpdateNames on the aggregate: the first is the cold sample, the
#    rest warm, each reply's version checked), read the service's /metrics lines about recovery,
#    stop it with SIGTERM. The figure is the median cold latency per setting and the ratio
#    "no snapshots / snapshots" within this run.
# 2. Resident memory: for each cap in --caps (default "100000 1000000"), a fresh server and a
#    service with MAX_RESIDENT_AGGREGATES=<cap>; `cim-bench service --updates 0 --commands
#    --touch` sends one CreatePerson to each of --touch distinct ids (default 1,000,000); every
#    --sample seconds (default 5) the service's VmRSS and VmHWM (/proc/<pid>/status) are recorded
#    with the commands answered and the resident aggregates from its /metrics.
#
#   perf/scripts/recovery-memory.sh [--events 10000] [--freqs "0 100 1000"] [--restarts 5] [--probes 3]
#                                   [--caps "100000 1000000"] [--touch 1000000] [--sample 5]
#                                   [--concurrency 256] [--memory-snapshot-freq 100]
#                                   [--only recovery|memory]
#
# Raw lines: RECOVERY_RESULTS (default perf/results/recovery-<date>.jsonl) and MEMORY_RESULTS
# (default perf/results/memory-<date>.jsonl). The script exits non-zero when any step failed: a
# command answered with an error or an unexpected version, a stored history that does not end
# where it should, a service that did not start or did not exit 0 after SIGTERM. Everything it
# started is stopped on exit, failure included.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
source "$repo/scripts/lib/nats-server.sh"

events=10000 freqs="0 100 1000" restarts=5 probes=3
caps="100000 1000000" touch=1000000 sample=5 concurrency=256 memory_snapshot_freq=100 only=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --events) events="$2"; shift 2 ;;
    --freqs) freqs="$2"; shift 2 ;;
    --restarts) restarts="$2"; shift 2 ;;
    --probes) probes="$2"; shift 2 ;;
    --caps) caps="$2"; shift 2 ;;
    --touch) touch="$2"; shift 2 ;;
    --sample) sample="$2"; shift 2 ;;
    --concurrency) concurrency="$2"; shift 2 ;;
    --memory-snapshot-freq) memory_snapshot_freq="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    *) echo "recovery-memory: unknown argument: $1" >&2; exit 2 ;;
  esac
done
case "$only" in "" | recovery | memory) ;; *) echo "recovery-memory: --only takes recovery or memory, not '$only'" >&2; exit 2 ;; esac

say() { echo "recovery-memory: $*" >&2; }
server_bin="${NATS_SERVER_BIN:-$(bash "$repo/scripts/install-deps.sh" --print-nats-server-bin)}"
say "nats-server: $("$server_bin" --version)"

say "building (release): person-service, cim-bench"
(cd "$repo" && swift build -c release --scratch-path "$repo/.build" --product person-service >&2 \
  && swift build -c release --scratch-path "$repo/.build" --product cim-bench >&2)
bin="$(cd "$repo" && swift build -c release --scratch-path "$repo/.build" --show-bin-path)"

work="$(mktemp -d)"
service_pid="" bench_pid=""
server_pids=()
# start_server DIR: a fresh nats-server with its store in DIR/store; sets server_url.
start_server() {
  mkdir -p "$1/store"
  start_nats_server "$server_bin" "$1" "$1/store"
  server_pids+=("$NATS_SERVER_PID")
  server_url="$NATS_SERVER_URL"
}
stop_servers() {
  local pid
  for pid in "${server_pids[@]}"; do
    NATS_SERVER_PID="$pid"
    stop_nats_server
  done
  server_pids=()
}
cleanup() {
  # Only what this script started, by pid; a process already gone needs nothing.
  if [[ -n "$bench_pid" ]] && kill -0 "$bench_pid" 2>/dev/null; then kill "$bench_pid"; fi
  if [[ -n "$service_pid" ]] && kill -0 "$service_pid" 2>/dev/null; then kill -KILL "$service_pid"; fi
  stop_servers
  rm -rf "$work"
}
trap cleanup EXIT

date_tag="$(date -u +%Y-%m-%d)"
recovery_results="${RECOVERY_RESULTS:-$repo/perf/results/recovery-$date_tag.jsonl}"
memory_results="${MEMORY_RESULTS:-$repo/perf/results/memory-$date_tag.jsonl}"
mkdir -p "$(dirname "$recovery_results")" "$(dirname "$memory_results")"
failed=0
fail() { say "FAILED: $*"; failed=1; }


# start_service LOG URL STREAM SNAPSHOT_FREQ [MAX_RESIDENT]: starts person-service against the
# server at URL and waits until /readyz answers 200; sets service_pid and http_port. Returns 1 (after
# showing the log) when it exits or is not ready within 60 s.
start_service() {
  local log="$1" url="$2" stream="$3" freq="$4" resident="${5:-}"
  http_port="$(free_port)"
  # `env`: an expanded VAR=value word is an argument to env, not a command name.
  env NATS_URL="$url" STREAM_NAME="$stream" SNAPSHOT_FREQ="$freq" HTTP_PORT="$http_port" LOG_LEVEL=warning \
    ${resident:+MAX_RESIDENT_AGGREGATES=$resident} "$bin/person-service" >>"$log" 2>&1 &
  service_pid=$!
  local deadline=$((SECONDS + 60))
  while ((SECONDS <= deadline)); do
    if ! kill -0 "$service_pid" 2>/dev/null; then
      local status=0
      wait "$service_pid" || status=$?
      service_pid=""
      say "person-service exited (status $status) before it was ready; its log ($log):"
      tail -20 "$log" >&2
      return 1
    fi
    [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$http_port/readyz")" == 200 ]] && return 0
    sleep 0.1
  done
  say "person-service did not answer /readyz with 200 within 60 s; its log ($log):"
  tail -20 "$log" >&2
  return 1
}

# stop_service LOG: SIGTERM, wait, and the exit status must be 0.
stop_service() {
  local log="$1" status=0
  [[ -n "$service_pid" ]] || return 0
  kill -TERM "$service_pid"
  wait "$service_pid" || status=$?
  service_pid=""
  if [[ $status -ne 0 ]]; then
    say "person-service exited $status after SIGTERM (0 expected); its log ($log):"
    tail -20 "$log" >&2
    return 1
  fi
}

# The service's /metrics lines that mention recovery (the cross-check; histogram buckets left
# out), joined by ';'. Fails
# when /metrics does not answer.
recovery_metrics() {
  local text
  text="$(curl -sf "http://127.0.0.1:$http_port/metrics")" || { say "/metrics on port $http_port did not answer"; return 1; }
  awk 'tolower($0) ~ /recover|replayed/ && !/^#/ && !/_bucket/ { printf "%s;", $0 }' <<<"$text"
}

# ---------------------------------------------------------------------------------------------
# 1. Cold recovery
run_recovery() {
  : >"$recovery_results"
  local dir="$work/recovery"
  mkdir -p "$dir"
  say "recovery: aggregates of $events events; SNAPSHOT_FREQ in: $freqs"
  # One server per setting (streams on one server cannot share person.events.>), all running
  # until the end so that the settings' restarts can alternate.
  declare -A ids have urls
  local freq
  for freq in $freqs; do
    start_server "$dir/server-f$freq"
    urls[$freq]="$server_url"
  done
  for freq in $freqs; do
    local stream="REC_F$freq" log="$dir/service-f$freq.log"
    start_service "$log" "${urls[$freq]}" "$stream" "$freq" || { fail "SNAPSHOT_FREQ=$freq: the service did not start for --prepare"; stop_servers; return 0; }
    local out rc=0
    out="$("$bin/cim-bench" recovery --url "${urls[$freq]}" --prepare --events "$events" --stream "$stream" --json 2>"$dir/prepare-f$freq.err")" || rc=$?
    echo "$out" | python3 -c 'import json, sys; line = json.loads(sys.stdin.read()); line.update({"snapshot_freq": int(sys.argv[1]), "exit": int(sys.argv[2])}); print(json.dumps(line))' "$freq" "$rc" >>"$recovery_results" \
      || fail "SNAPSHOT_FREQ=$freq: --prepare printed no JSON line: $out"
    say "  prepared (SNAPSHOT_FREQ=$freq): $(tail -1 "$recovery_results")"
    stop_service "$log" || fail "SNAPSHOT_FREQ=$freq: the service did not stop cleanly after --prepare"
    if [[ $rc -ne 0 ]]; then
      fail "SNAPSHOT_FREQ=$freq: --prepare failed (exit $rc): $(cat "$dir/prepare-f$freq.err")"
      stop_servers
      return 0
    fi
    ids[$freq]="$(echo "$out" | python3 -c 'import json, sys; print(json.loads(sys.stdin.read())["aggregate_id"])')"
    have[$freq]=$events
  done
  local round
  for ((round = 1; round <= restarts; round++)); do
    local order=($freqs)
    ((round % 2 == 0)) && order=($(printf '%s\n' $freqs | tac))
    for freq in "${order[@]}"; do
      local stream="REC_F$freq" log="$dir/service-f$freq.log"
      start_service "$log" "${urls[$freq]}" "$stream" "$freq" || { fail "round $round SNAPSHOT_FREQ=$freq: the service did not start"; stop_servers; return 0; }
      local before out rc=0 metrics
      before="$(recovery_metrics)" || fail "round $round SNAPSHOT_FREQ=$freq: no /metrics before the probe"
      out="$("$bin/cim-bench" recovery --url "${urls[$freq]}" --probe "${ids[$freq]}" --events "${have[$freq]}" --probes "$probes" --stream "$stream" --json 2>"$dir/probe.err")" || rc=$?
      metrics="$(recovery_metrics)" || fail "round $round SNAPSHOT_FREQ=$freq: no /metrics after the probe"
      stop_service "$log" || fail "round $round SNAPSHOT_FREQ=$freq: the service did not stop cleanly"
      [[ $rc -eq 0 ]] || fail "round $round SNAPSHOT_FREQ=$freq: the probe failed (exit $rc): $(cat "$dir/probe.err")"
      echo "$out" | python3 -c '
import json, sys
line = json.loads(sys.stdin.read())
freq, rc, round_, before, after = sys.argv[1:]
line.update({"snapshot_freq": int(freq), "round": int(round_), "exit": int(rc), "metrics_before": before, "metrics_after": after})
print(json.dumps(line))' "$freq" "$rc" "$round" "$before" "$metrics" >>"$recovery_results" || fail "round $round SNAPSHOT_FREQ=$freq: the probe printed no JSON line: $out"
      say "  round $round SNAPSHOT_FREQ=$freq: $(tail -1 "$recovery_results")"
      if [[ $rc -ne 0 ]]; then stop_servers; return 0; fi
      have[$freq]=$((${have[$freq]} + probes))
    done
  done
  stop_servers
  python3 - "$recovery_results" <<'PY'
import json, re, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
probes = [r for r in rows if r.get("mode") == "probe" and r["exit"] == 0]
cold = {}
for r in probes:
    cold.setdefault(r["snapshot_freq"], []).append(r["cold_us"])
def metric(text, name):
    m = re.search(name + r"(?:\{[^}]*\})? ([0-9.e+-]+)", text)
    return float(m.group(1)) if m else None
print("cold recovery (first UpdateName after a restart), medians over rounds:")
for freq in sorted(cold):
    rs = [r for r in probes if r["snapshot_freq"] == freq]
    warm = statistics.median(r["warm_p50_us"] for r in rs)
    print(f"  SNAPSHOT_FREQ={freq:>5}: cold {statistics.median(cold[freq]) / 1000:8.1f} ms (min {min(cold[freq]) / 1000:.1f}, max {max(cold[freq]) / 1000:.1f}, n={len(cold[freq])}); "
          f"warm p50 {warm / 1000:.2f} ms")
    # The service's own view (a fresh process per probe: its counters start at 0).
    counts = [metric(r["metrics_after"], "cim_recovery_latency_seconds_count") for r in rs]
    sums = [metric(r["metrics_after"], "cim_recovery_latency_seconds_sum") for r in rs]
    replayed = [metric(r["metrics_after"], "cim_replayed_events_total") for r in rs]
    loads = [s / c * 1000 for s, c in zip(sums, counts) if s is not None and c]
    print(f"      /metrics: recoveries {counts}, replayed events {replayed}, "
          + (f"mean recovery {statistics.median(loads):.1f} ms (median over rounds)" if loads else "no recovery recorded"))
if 0 in cold:
    for freq in sorted(cold):
        if freq != 0:
            print(f"  ratio no snapshots / SNAPSHOT_FREQ={freq}: {statistics.median(cold[0]) / statistics.median(cold[freq]):.1f}")
PY
}

# ---------------------------------------------------------------------------------------------
# 2. Resident memory
run_memory() {
  : >"$memory_results"
  local cap
  for cap in $caps; do
    local dir="$work/memory-$cap" stream="MEM_$cap"
    start_server "$dir"
    local log="$dir/service.log"
    start_service "$log" "$server_url" "$stream" "$memory_snapshot_freq" "$cap" || { fail "cap $cap: the service did not start"; stop_servers; return 0; }
    say "memory: cap $cap, $touch CreatePerson on distinct ids, $concurrency in flight, SNAPSHOT_FREQ=$memory_snapshot_freq; sampling every ${sample}s"
    "$bin/cim-bench" service --url "$server_url" --concurrency "$concurrency" --updates 0 --warmup 0 --commands "$touch" \
      --stream "$stream" --timeout 30 --label "memory-cap-$cap" --json >"$dir/bench.json" 2>"$dir/bench.err" &
    bench_pid=$!
    local start=$SECONDS done_bench=0 rc=0
    while true; do
      if ! kill -0 "$bench_pid" 2>/dev/null; then
        wait "$bench_pid" || rc=$?
        bench_pid="" done_bench=1
      fi
      sample_memory "$cap" "$((SECONDS - start))" "$([[ $done_bench -eq 1 ]] && echo after-load || echo load)"
      [[ $done_bench -eq 1 ]] && break
      sleep "$sample"
    done
    # Idle for a while: what memory does once the load stops.
    sleep "$((sample * 2))"
    sample_memory "$cap" "$((SECONDS - start))" idle
    stop_service "$log" || fail "cap $cap: the service did not stop cleanly"
    stop_servers
    [[ $rc -eq 0 ]] || fail "cap $cap: cim-bench service failed (exit $rc): $(cat "$dir/bench.err")"
    python3 - "$dir/bench.json" "$cap" "$rc" "$memory_snapshot_freq" >>"$memory_results" <<'PY' || fail "cap $cap: cim-bench service printed no JSON line"
import json, sys
path, cap, rc, freq = sys.argv[1:]
line = json.loads(open(path).read().strip().splitlines()[-1])
line.update({"kind": "load", "cap": int(cap), "exit": int(rc), "snapshot_freq": int(freq)})
print(json.dumps(line))
PY
    say "  load: $(tail -1 "$memory_results")"
  done
  python3 - "$memory_results" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
for cap in sorted({r["cap"] for r in rows}):
    samples = [r for r in rows if r["cap"] == cap and r.get("kind") == "sample"]
    print(f"cap {cap:,}: RSS at touched aggregates (first sample at or after each mark):")
    for mark in (100_000, 200_000, 500_000, 1_000_000):
        at = next((s for s in samples if s["commands_ok"] >= mark), None)
        if at:
            print(f"  {mark:>9,}: RSS {at['rss_kib'] / 1024:7.1f} MiB (HWM {at['hwm_kib'] / 1024:7.1f} MiB) at {at['commands_ok']:,} answered, {at['resident']:,} resident")
    if samples:
        last = samples[-1]
        print(f"  last ({last['phase']}): RSS {last['rss_kib'] / 1024:.1f} MiB, HWM {last['hwm_kib'] / 1024:.1f} MiB, {last['resident']:,} resident")
PY
}

# sample_memory CAP SECONDS PHASE: one JSON line with the service's RSS and high-water mark and
# what its /metrics say (commands answered as stored, resident aggregates, snapshots).
sample_memory() {
  local cap="$1" t="$2" phase="$3" status metrics
  status="$(cat "/proc/$service_pid/status")" || { fail "cap $cap: person-service (pid $service_pid) is gone"; return 0; }
  metrics="$(curl -sf "http://127.0.0.1:$http_port/metrics")" || { fail "cap $cap: /metrics did not answer"; metrics=""; }
  python3 -c '
import json, re, sys
cap, t, phase, status, metrics = sys.argv[1:]
def kib(name):
    m = re.search(r"^" + name + r":\s+(\d+) kB", status, re.M)
    return int(m.group(1)) if m else -1
def total(name, where=""):
    value = 0.0
    for line in metrics.splitlines():
        if line.startswith(name) and (line[len(name)] in " {") and where in line:
            value += float(line.rsplit(" ", 1)[1])
    return int(value)
print(json.dumps({"kind": "sample", "cap": int(cap), "t_s": int(t), "phase": phase, "rss_kib": kib("VmRSS"), "hwm_kib": kib("VmHWM"),
    "commands_ok": total("cim_commands_total", "outcome=\"success\""), "commands_all": total("cim_commands_total"),
    "resident": total("cim_resident_aggregates"), "snapshots_written": total("cim_snapshots_written_total")}))' \
    "$cap" "$t" "$phase" "$status" "$metrics" >>"$memory_results"
  say "  $(tail -1 "$memory_results")"
}

# Called plainly (not after || or &&), so that `set -e` holds inside them.
if [[ "$only" != memory ]]; then run_recovery; fi
if [[ "$only" != recovery ]]; then run_memory; fi
say "raw lines: ${only:+($only only) }$recovery_results, $memory_results"
if [[ $failed -ne 0 ]]; then say "some steps FAILED (see above): the figures are not valid"; else say "every step passed"; fi
exit $failed
