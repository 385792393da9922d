#!/usr/bin/env bash
# Instructions per message, counted by valgrind's callgrind: figures that do not move with the
# machine's speed or load (perf/README.md, "Instructions per message (callgrind)").
#
# Each workload runs under `valgrind --tool=callgrind` with N and with 2N messages, and
# (Ir(2N) - Ir(N)) / N is its instructions per message: start-up, connection and stream set-up cost
# the same in both runs and cancel out. Every pair runs twice (--reps) to show that it repeats.
#
#   wire-msg, wire-hmsg   `cim-bench wire --rounds 1 --frames F` (Swift only). Ir is collected only
#                         inside WireStream.decodeAll (--toggle-collect), split into the MSG and the
#                         HMSG stream by a dump at each WireStream.measure; each stream is decoded
#                         twice (warm-up + 1 round), so msgs = 2F decoded frames.
#   pubsub                `pubsub --msgs N --size 128`: publisher and subscriber connections in one
#                         process, Swift (cim-bench) and C (nats.c peer): publish + receive path.
#   publish-async         `publish --mode async --window 1024 --storage memory --msgs N --size 128`:
#                         JetStream publish + ack path, Swift and C.
# Whole-process Ir (--collect-atstart=yes) for pubsub and publish-async, so the figures include the
# benchmark's own per-message work (a clock read per publish, sorting latencies, ...).
#
# Writes one JSON line per run (workload, client, msgs, rep, Ir, allocs, ...) to
# perf/results/callgrind-<date>.jsonl (-2, -3, ... when that file exists) and prints the table.
# Exit status non-zero when a build or any run fails (non-zero exit, no JSON result, "ok": false,
# or no callgrind totals); the table of what succeeded is printed first.
#
# Usage: perf/scripts/callgrind.sh [--msgs N] [--frames F] [--reps R] [--keep]
#   --msgs N     pubsub and publish-async run with N and 2N messages (default 50000)
#   --frames F   the wire decoder runs with F and 2F frames per stream (default: N)
#   --reps R     repetitions of every pair (default 2)
#   --keep       keep the callgrind output files (their directory is printed)
#
# Environment:
#   NATS_SERVER_BIN   nats-server to start (default: scripts/install-deps.sh --print-nats-server-bin)
#   CIM_BENCH         an already built cim-bench to use instead of building one
#   RESULTS           write the JSON lines to this file instead
#   RUN_TIMEOUT       seconds after which one valgrind run is killed (default 900)
#
# Builds: cim-bench with `swift build -c release --product cim-bench --scratch-path .build-callgrind`
# (a copy without DWARF is what runs: valgrind 3.19 cannot read the toolchain's DWARF 5), the C peer
# with perf/cpeer/build.sh into .build-callgrind/nats-c-bench, and a small LD_PRELOAD shim (see
# below). Starts its own nats-server on a free 127.0.0.1 port with a temporary JetStream store and
# stops it at the end.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
helper="$here/callgrind_count.py"

say() { echo "callgrind: $*" >&2; }
usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//' >&2; }

msgs=50000
frames=""
reps=2
keep=false
while (($# > 0)); do
  case "$1" in
    --msgs) [[ $# -ge 2 ]] || { say "--msgs needs a value"; exit 2; }; msgs="$2"; shift 2 ;;
    --msgs=*) msgs="${1#--msgs=}"; shift ;;
    --frames) [[ $# -ge 2 ]] || { say "--frames needs a value"; exit 2; }; frames="$2"; shift 2 ;;
    --frames=*) frames="${1#--frames=}"; shift ;;
    --reps) [[ $# -ge 2 ]] || { say "--reps needs a value"; exit 2; }; reps="$2"; shift 2 ;;
    --reps=*) reps="${1#--reps=}"; shift ;;
    --keep) keep=true; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage; say "unknown argument: $1"; exit 2 ;;
  esac
done
frames="${frames:-$msgs}"
for v in "$msgs" "$frames" "$reps"; do
  [[ "$v" =~ ^[1-9][0-9]*$ ]] || { say "--msgs, --frames and --reps must be positive integers"; exit 2; }
done
run_timeout="${RUN_TIMEOUT:-900}"
command -v valgrind >/dev/null || { say "valgrind is missing (apt-get install -y valgrind)"; exit 1; }

date="$(date +%F)"
results="${RESULTS:-}"
if [[ -z "$results" ]]; then
  results="$repo/perf/results/callgrind-$date.jsonl"
  i=2
  while [[ -e "$results" ]]; do results="$repo/perf/results/callgrind-$date-$i.jsonl"; i=$((i + 1)); done
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/cim-callgrind.XXXXXX")"
store=""
source "$repo/scripts/lib/nats-server.sh"
cleanup() {
  stop_nats_server
  [[ -n "$store" ]] && rm -rf "$store"
  if $keep; then say "callgrind output files kept in $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- builds -----------------------------------------------------------------------------------
scratch="$repo/.build-callgrind"
mkdir -p "$scratch"
if [[ -n "${CIM_BENCH:-}" ]]; then
  swift_built="$CIM_BENCH"
  say "using CIM_BENCH=$swift_built without building"
else
  say "swift build -c release --product cim-bench --scratch-path .build-callgrind"
  (cd "$repo" && swift build -c release --product cim-bench --scratch-path "$scratch" >&2) \
    || { say "FAILED: swift build"; exit 1; }
  swift_built="$(cd "$repo" && swift build -c release --scratch-path "$scratch" --show-bin-path)/cim-bench"
fi
# valgrind 3.19 gives up on the DWARF 5 the Swift toolchain writes ("Possibly corrupted debuginfo
# file"); a copy without debug sections keeps the symbol table, so functions still have names.
swift_bin="$scratch/cim-bench-nodebug"
objcopy --strip-debug "$swift_built" "$swift_bin"

cbin="$(OUT="$scratch/nats-c-bench" "$repo/perf/cpeer/build.sh")" || { say "FAILED: C peer build"; exit 1; }

# valgrind 3.19 writes into the signal mask passed to sigsuspend; libdispatch keeps that mask in
# read-only memory (_dispatch_sig_thread, reached when an async main's thread exits), and valgrind
# dies with SIGSEGV. This shim hands sigsuspend a copy on the stack. It runs once per process, at
# exit, so it changes no per-message count. Preloaded into every run, Swift and C alike.
shim="$scratch/sigsuspend-shim.so"
cat >"$work/sigsuspend-shim.c" <<'EOF'
#define _GNU_SOURCE
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>
int sigsuspend(const sigset_t *mask) {
    sigset_t copy = *mask;
    return (int) syscall(SYS_rt_sigsuspend, &copy, (long) (_NSIG / 8));
}
EOF
"${CC:-cc}" -O2 -shared -fPIC -o "$shim" "$work/sigsuspend-shim.c"

# --- server -----------------------------------------------------------------------------------
bin="${NATS_SERVER_BIN:-}"
[[ -n "$bin" ]] || bin="$(bash "$repo/scripts/install-deps.sh" --print-nats-server-bin)"
store="$(mktemp -d "${TMPDIR:-/tmp}/cim-callgrind-store.XXXXXX")"
start_nats_server "$bin" "$work" "$store" || { say "could not start nats-server"; exit 1; }
url="$NATS_SERVER_URL"
server_version="$("$bin" --version 2>&1 | awk '{print $NF}')"
say "started nats-server $server_version on $url (pid $NATS_SERVER_PID, store $store)"

valgrind_version="$(valgrind --version)"
commit="$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)"
dirty=false
[[ -z "$(git -C "$repo" --no-optional-locks status --porcelain --untracked-files=no 2>/dev/null)" ]] || dirty=true

# --- runs -------------------------------------------------------------------------------------
: >"$work/results.jsonl"
failed=false

# run_one WORKLOAD CLIENT N REP: one valgrind run; one JSON line (two for wire: MSG and HMSG).
run_one() {
  local workload="$1" client="$2" n="$3" rep="$4"
  local tag="$workload.$client.$n.$rep"
  local out="$work/$tag.out"
  local -a cg=(valgrind --tool=callgrind "--callgrind-out-file=$out")
  local -a argv
  # records: "workload|label|msgs counted|callgrind file", one JSON line each
  local -a records
  case "$workload" in
    wire)
      cg+=(--collect-atstart=no
        '--toggle-collect=$s8CimBench10WireStreamV9decodeAll*'
        '--dump-before=$s8CimBench10WireStreamV7measure6roundsAC6ResultVSi_tKF')
      argv=("$swift_bin" wire --frames "$n" --rounds 1 --json)
      # Part 1 ends where the MSG stream's measure begins (nothing collected), part 2 holds the MSG
      # stream, the last part the HMSG stream; each stream is decoded twice (warm-up + 1 round).
      records=("wire-msg|decoder, MSG frame (128 B, reply subject)|$((2 * n))|$out.2"
        "wire-hmsg|decoder, HMSG frame (128 B, 2 headers)|$((2 * n))|$out")
      ;;
    pubsub)
      cg+=(--collect-atstart=yes)
      if [[ "$client" == swift ]]; then argv=("$swift_bin"); else argv=("$cbin"); fi
      argv+=(pubsub --url "$url" --msgs "$n" --size 128 --json)
      records=("pubsub|pubsub 128 B (publish + receive, one process)|$n|$out")
      ;;
    publish-async)
      cg+=(--collect-atstart=yes)
      if [[ "$client" == swift ]]; then argv=("$swift_bin"); else argv=("$cbin"); fi
      argv+=(publish --mode async --window 1024 --storage memory --url "$url" --msgs "$n" --size 128 --json)
      records=("publish-async|JetStream async publish 128 B, window 1024, memory (publish + ack)|$n|$out")
      ;;
  esac
  local rc=0 start=$SECONDS
  LD_PRELOAD="$shim" timeout --kill-after=10 "$run_timeout" "${cg[@]}" "${argv[@]}" \
    >"$work/$tag.stdout" 2>"$work/$tag.stderr" || rc=$?
  local secs=$((SECONDS - start))
  local record sub label counted file counts why line
  for record in "${records[@]}"; do
    IFS='|' read -r sub label counted file <<<"$record"
    counts='{}'
    why=""
    if [[ $rc -ne 0 ]]; then
      why="exit status $rc"
    elif ! counts="$(python3 "$helper" count "$file" 2>"$work/$tag.count")"; then
      why="no callgrind totals in $(basename "$file"): $(tail -n 1 "$work/$tag.count")"
      counts='{}'
    fi
    line="$(WORKLOAD="$sub" LABEL="$label" CLIENT="$client" N="$counted" FLAG_N="$n" REP="$rep" \
      RC="$rc" WHY="$why" COUNTS="$counts" SECS="$secs" DATE="$date" VG="$valgrind_version" \
      SERVER="$server_version" COMMIT="$commit" DIRTY="$dirty" ARGV="LD_PRELOAD=$shim ${cg[*]} ${argv[*]}" \
      STDOUT="$work/$tag.stdout" python3 "$helper" record)"
    echo "$line" >>"$work/results.jsonl"
    if [[ "$line" == *'"ok": true'* ]]; then
      say "$sub $client msgs=$counted rep $rep: $(python3 "$helper" brief "$line") (${secs}s)"
    else
      failed=true
      say "FAILED: $sub $client msgs=$counted rep $rep: $(python3 "$helper" brief "$line")"
      tail -n 5 "$work/$tag.stderr" | sed 's/^/    /' >&2
    fi
  done
}

say "N = $msgs and $((2 * msgs)) messages, wire F = $frames and $((2 * frames)) frames, $reps repetitions"
for ((rep = 1; rep <= reps; rep++)); do
  run_one wire swift "$frames" "$rep"
  run_one wire swift "$((2 * frames))" "$rep"
  for workload in pubsub publish-async; do
    for client in swift c; do
      run_one "$workload" "$client" "$msgs" "$rep"
      run_one "$workload" "$client" "$((2 * msgs))" "$rep"
    done
  done
done

mkdir -p "$(dirname "$results")"
cp "$work/results.jsonl" "$results"
echo
echo "instructions per message, (Ir(2N) - Ir(N)) / N; callgrind ($valgrind_version), nats-server $server_version, commit $commit$($dirty && echo ' (uncommitted changes in the tree)')"
python3 "$helper" table "$results"
say "raw results: $results"
if $failed; then
  say "FAILED: not every run succeeded (named above)"
  exit 1
fi
