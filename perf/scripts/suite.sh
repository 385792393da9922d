#!/usr/bin/env bash
# The whole measurement suite, each part against its reference in the same run, printing ratios:
#
#   wire            the decoder against a memchr scan of the same bytes      (cim-bench wire)
#   pubsub request  core NATS, Swift client against nats.c, rounds alternating  (compare.sh)
#   publish consume JetStream acknowledged writes and a pull consumer, same    (compare.sh)
#   service         person-service against svc_c (the least a service must do, on nats.c) and raw
#                   nats.c async publishing, at the default sync policy and at `sync_interval:
#                   always`                                                     (service-compare.sh)
#   half-peak       p99 of person-service and of svc_c driven by an open loop at half of
#                   person-service's peak rate, next to nats.c's request/reply p99 (cim-bench service --rate)
#   snapshot-tune   write cost and cold recovery per snapshot frequency     (cim-bench snapshot-tune)
#
# Every part writes its raw lines under RESULTS_DIR (default perf/results/suite-<date>/); a
# failed part fails the suite (exit 1) after the others ran. Loopback only; starts its own servers.
#
#   perf/scripts/suite.sh [--rounds 3] [--quick] [--only wire,service,...]
#
# --quick: short runs (a smoke test of the suite itself, not figures to publish).
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

rounds=3 quick=0 only=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --quick) quick=1; shift ;;
    --only) only="$2"; shift 2 ;;
    *) echo "suite: unknown argument $1" >&2; exit 2 ;;
  esac
done
results="${RESULTS_DIR:-$repo/perf/results/suite-$(date -u +%Y-%m-%d)}"
mkdir -p "$results"
say() { echo "suite: $*" >&2; }
wanted() { [[ -z "$only" || ",$only," == *",$1,"* ]]; }

export NATS_SERVER_BIN="${NATS_SERVER_BIN:-$(bash "$repo/scripts/install-deps.sh" --bench --print-nats-server-bin)}"
say "nats-server: $("$NATS_SERVER_BIN" --version); machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB"
(cd "$repo" && for product in cim-bench person-service; do swift build -c release --product "$product" >&2 || exit 1; done) || { say "build failed"; exit 1; }
bin="$(cd "$repo" && swift build -c release --show-bin-path)"
export CIM_BENCH="$bin/cim-bench"
make -s -C "$repo/../shared/peers" OUT="$repo/.build-peers" >&2 || { say "svc_c did not build"; exit 1; }
svc_c="$repo/.build-peers/svc_c"

if ((quick)); then
  sizes=(--msgs 100000) service_args=(--rounds 1 --duration 3 --warmup 1) tune_args=(--events 200 --aggregates 4 --frequencies 0,50,200)
else
  sizes=(--msgs 1000000) service_args=(--rounds "$rounds" --duration 10 --warmup 2) tune_args=(--events 1000 --aggregates 10)
fi

failed=()
part() {  # part NAME COMMAND...: runs it, its output into $results/NAME.log, remembers a failure
  local name="$1"; shift
  say "== $name: $*"
  if "$@" >"$results/$name.log" 2>&1; then tail -6 "$results/$name.log" | sed 's/^/  /' >&2; else
    say "$name FAILED"; tail -20 "$results/$name.log" | sed 's/^/  /' >&2; failed+=("$name"); fi
}

wanted wire && part wire "$CIM_BENCH" wire --json
wanted pubsub && RESULTS="$results/pubsub.jsonl" part pubsub "$here/compare.sh" pubsub --rounds "$rounds" "${sizes[@]}" --size 128
wanted request && RESULTS="$results/request.jsonl" part request "$here/compare.sh" request --rounds "$rounds" --requests $((quick ? 2000 : 20000)) --size 128
wanted publish && RESULTS="$results/publish.jsonl" part publish "$here/compare.sh" publish --rounds "$rounds" --mode async --window 1024 --storage file --msgs $((quick ? 20000 : 200000))
wanted consume && RESULTS="$results/consume.jsonl" part consume "$here/compare.sh" consume --rounds "$rounds" --ack explicit --msgs $((quick ? 20000 : 200000))
if wanted service; then
  RESULTS="$results/service-default.jsonl" part service-default "$here/service-compare.sh" "${service_args[@]}"
  # Under `sync_interval: always` the services run with group commit, as recommended for that policy.
  RESULTS="$results/service-always.jsonl" part service-always "$here/service-compare.sh" "${service_args[@]}" --sync always --commit-mode batch
fi
if wanted half-peak; then
  peak="$(python3 - "$results/service-default.jsonl" <<'PY'
import json, statistics, sys
try:
    rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
    print(int(statistics.median([r["commands_per_sec"] for r in rows if r.get("kind") == "swift" and r.get("exit") == 0])))
except Exception:
    print(0)
PY
)"
  if [[ "$peak" -gt 0 ]]; then
    half=$((peak / 2))
    duration=$((quick ? 3 : 10))
    for r in $(seq 1 $((quick ? 1 : rounds))); do
      part "half-peak-person-$r" "$CIM_BENCH" service --rate "$half" --duration "$duration" --warmup 2 --json --label "person-service@$half" --progress-interval 0
      part "half-peak-svc_c-$r" "$CIM_BENCH" service --rate "$half" --duration "$duration" --warmup 2 --json --label "svc_c@$half" --progress-interval 0 \
        --service-bin "$svc_c" --service-arg '{url}' --service-arg 600 --service-stop kill
    done
    cat "$results"/half-peak-*.log | grep '^{' >"$results/half-peak.jsonl" || true
  else
    say "half-peak skipped: no person-service peak from the service part"; failed+=(half-peak)
  fi
fi
wanted snapshot-tune && part snapshot-tune "$CIM_BENCH" snapshot-tune "${tune_args[@]}" --markdown "$results/snapshot-tune.md"

# What is kept: no build chatter, no paths of this machine (the repository becomes ".", temporary
# folders "<tmp>").
for file in "$results"/*; do
  [[ -f "$file" && "$file" != *.svg ]] || continue
  grep -v -e '^\[[0-9]*/[0-9]*\]' -e "swift-distributed-tracing" -e "CMakeLists.txt" -e '^Building for' -e '^Build of product' -e 'Another instance of SwiftPM' "$file" \
    | sed -e "s#$repo#.#g" -e "s#${TMPDIR:-/tmp}/[^ \"']*#<tmp>#g" -e "s#$HOME#~#g" >"$file.clean" || true
  mv "$file.clean" "$file"
done

say "== summary (raw lines in $results)"
python3 - "$results" <<'PY'
import glob, json, os, statistics, sys
d = sys.argv[1]
def lines(name):
    path = os.path.join(d, name)
    if not os.path.exists(path): return []
    out = []
    for l in open(path):
        l = l.strip()
        if l.startswith("{"):
            try: out.append(json.loads(l))
            except ValueError: pass
    return out
def med(values):
    values = [v for v in values if isinstance(v, (int, float))]
    return statistics.median(values) if values else float("nan")
for w in lines("wire.log"):
    print(f"wire: decoder/memchr ratio {w.get('ratio', float('nan')):.3f} ({w.get('label', w.get('stream', ''))})")
for name in ("pubsub", "request", "publish", "consume"):
    log = os.path.join(d, name + ".log")
    if os.path.exists(log):
        text = open(log).read().splitlines()
        start = next((i for i, l in enumerate(text) if l.startswith("Medians over")), None)
        if start is None:
            print(f"{name}: no medians (see {log})")
            continue
        print(f"{name}: " + text[start].strip())
        for l in text[start + 1:]:
            if not l.strip() or l.startswith("compare:"): break
            print("  " + l.rstrip())
for name in ("service-default", "service-always"):
    log = os.path.join(d, name + ".log")
    if os.path.exists(log):
        for l in open(log):
            if l.startswith("ratio") or l.startswith("person-service") or l.startswith("svc_c") or l.startswith("raw"):
                print(f"{name}: {l.strip()}")
hp = lines("half-peak.jsonl")
if hp:
    p = [r for r in hp if r["label"].startswith("person")]
    c = [r for r in hp if r["label"].startswith("svc_c")]
    rate = p[0]["workload"]["rate"] if p else float("nan")
    print(f"half-peak (open loop at {rate:,.0f} commands/s): person-service p99 {med([r['p99_us'] for r in p]):,.0f} us, "
          f"svc_c p99 {med([r['p99_us'] for r in c]):,.0f} us")
    for client in ("swift", "c"):
        p99 = [r["result"].get("p99_us") for r in lines("request.jsonl") if r.get("client") == client and r.get("rc") == 0 and isinstance(r.get("result"), dict)]
        if p99:
            print(f"  core request/reply p99, {client} client (compare.sh request): {med(p99):,.0f} us")
for name in ("snapshot-tune.log",):
    path = os.path.join(d, name)
    if os.path.exists(path):
        rec = [l for l in open(path) if "recommend" in l.lower()]
        if rec: print("snapshot-tune: " + rec[0].strip())
PY
if ((${#failed[@]})); then say "FAILED parts: ${failed[*]}"; exit 1; fi
say "every part passed"
