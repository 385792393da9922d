#!/usr/bin/env bash
# Runs the Swift benchmark (`cim-bench`) and the C reference peer (perf/cpeer, nats.c) alternately
# against the same nats-server, several rounds, prints each round's figures for both, then the
# median of each figure per client and the ratio Swift/C, taken over the rounds in which both
# clients succeeded (the summary says how many).
#
# Exit status: non-zero when any run failed (non-zero exit, killed by RUN_TIMEOUT, no parsable JSON
# line, or a JSON line with "error", "ok": false or "errors" > 0), or when the Swift build failed;
# the figures it has are printed first, and the failed rounds are named.
#
# Usage: perf/scripts/compare.sh pubsub|request|publish|consume [--rounds R] [--url URL] [FLAGS...]
#   --rounds R   rounds (default 5); in each round both clients run once; the order alternates
#                (round 1: Swift then C, round 2: C then Swift, ...) so neither always goes first
#   --url URL    use this server (default: $NATS_URL; when neither is set, the script starts its own
#                nats-server 2.15.1 on a free 127.0.0.1 port with a temporary store directory and
#                stops it at exit)
#   FLAGS...     passed unchanged to both clients, e.g. --msgs 1000000 --size 128, or
#                --mode async --window 1024 --storage file (`--json` is always added)
#
# Examples:
#   perf/scripts/compare.sh pubsub --msgs 1000000 --size 128
#   perf/scripts/compare.sh request --requests 10000 --size 128
#   perf/scripts/compare.sh publish --mode async --window 1024 --storage file --msgs 100000
#   perf/scripts/compare.sh consume --ack explicit --batch 1024 --msgs 200000
#
# Environment:
#   NATS_URL             server to use instead of starting one
#   NATS_SERVER_BIN      nats-server binary to start (default: scripts/install-deps.sh
#                        --print-nats-server-bin, i.e. 2.15.1)
#   NATS_SYNC_INTERVAL   when set (e.g. `always`, `1s`), written as `sync_interval` into the started
#                        server's jetstream block
#   NATS_STORE_DIR       parent directory of the started server's temporary store (default $TMPDIR
#                        or /tmp); choose a tmpfs or a real disk deliberately
#   SKIP_SWIFT=1         do not build or run the Swift side
#   CIM_BENCH            an already built cim-bench to run instead of building one
#   RUN_TIMEOUT          seconds after which one benchmark run is killed (default 300)
#   RESULTS              also copy the raw JSON lines (one per run) to this file
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
stats="$here/benchstats.py"

say() { echo "compare: $*" >&2; }
usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//' >&2; }

# --- arguments --------------------------------------------------------------------------------
cmd="${1:-}"
case "$cmd" in
  pubsub|request|publish|consume) shift ;;
  -h|--help) usage; exit 0 ;;
  *) usage; say "first argument must be pubsub, request, publish or consume"; exit 2 ;;
esac
rounds=5
url="${NATS_URL:-}"
extra=()
while (($# > 0)); do
  case "$1" in
    --rounds) [[ $# -ge 2 ]] || { say "--rounds needs a value"; exit 2; }; rounds="$2"; shift 2 ;;
    --rounds=*) rounds="${1#--rounds=}"; shift ;;
    --url) [[ $# -ge 2 ]] || { say "--url needs a value"; exit 2; }; url="$2"; shift 2 ;;
    --url=*) url="${1#--url=}"; shift ;;
    --json) shift ;;
    *) extra+=("$1"); shift ;;
  esac
done
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || { say "--rounds must be a positive integer"; exit 2; }
run_timeout="${RUN_TIMEOUT:-300}"

work="$(mktemp -d "${TMPDIR:-/tmp}/cim-compare.XXXXXX")"
store=""
source "$repo/scripts/lib/nats-server.sh"
cleanup() {
  stop_nats_server
  [[ -n "$store" ]] && rm -rf "$store"
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- server -----------------------------------------------------------------------------------
if [[ -z "$url" ]]; then
  bin="${NATS_SERVER_BIN:-}"
  if [[ -z "$bin" ]]; then
    bin="$(bash "$repo/scripts/install-deps.sh" --print-nats-server-bin)"
  fi
  store="$(mktemp -d "${NATS_STORE_DIR:-${TMPDIR:-/tmp}}/cim-compare-store.XXXXXX")"
  start_nats_server "$bin" "$work" "$store" "${NATS_SYNC_INTERVAL:-}" || { say "could not start nats-server"; exit 1; }
  url="$NATS_SERVER_URL"
  say "started $("$bin" --version 2>&1) on $url (pid $NATS_SERVER_PID, store $store${NATS_SYNC_INTERVAL:+, sync_interval $NATS_SYNC_INTERVAL})"
else
  case "$url" in
    *://127.*|*://localhost*|*://\[::1\]*|127.*|localhost*) ;;
    *) say "warning: $url is not a loopback address; these figures are meant for loopback" ;;
  esac
  say "using the server at $url"
fi

# --- builds -----------------------------------------------------------------------------------
cbin="$("$here/../cpeer/build.sh")"
say "C peer: $cbin"

swift_bin=""
swift_note=""
swift_failed=false
if [[ "${SKIP_SWIFT:-}" == 1 ]]; then
  swift_note="skipped (SKIP_SWIFT=1)"
elif [[ -n "${CIM_BENCH:-}" ]]; then
  swift_bin="$CIM_BENCH"
  say "using CIM_BENCH=$swift_bin without building"
elif ! command -v swift >/dev/null 2>&1; then
  swift_note="no swift toolchain on PATH"
else
  say "swift build -c release --product cim-bench"
  if (cd "$repo" && swift build -c release --product cim-bench >&2); then
    swift_bin="$(cd "$repo" && swift build -c release --show-bin-path)/cim-bench"
    # An unknown subcommand makes ArgumentParser print the top-level help (exit 0), so look for
    # the subcommand's own usage line.
    if ! "$swift_bin" help "$cmd" 2>/dev/null | grep -Eq "USAGE: cim-bench $cmd( |\$)"; then
      swift_note="cim-bench has no '$cmd' subcommand yet"
      swift_bin=""
    fi
  else
    swift_note="swift build failed"
    swift_failed=true
  fi
fi
if [[ -z "$swift_bin" ]]; then
  say "SWIFT SIDE NOT RUN: $swift_note; running the C rounds only"
else
  say "Swift: $swift_bin"
fi

# --- rounds -----------------------------------------------------------------------------------
results="$work/results.jsonl"
: >"$results"

run_one() {  # run_one ROUND CLIENT
  local round="$1" client="$2" rc=0
  local out="$work/out.$round.$client" err="$work/err.$round.$client"
  local -a argv
  if [[ "$client" == swift ]]; then
    argv=("$swift_bin" "$cmd" --url "$url" "${extra[@]}" --json)
  else
    argv=("$cbin" "$cmd" --url "$url" "${extra[@]}" --json)
  fi
  timeout --kill-after=10 "$run_timeout" "${argv[@]}" >"$out" 2>"$err" || rc=$?
  python3 "$stats" record "$results" "$round" "$client" "$rc" "$out"
  if [[ $rc -eq 124 || $rc -eq 137 ]]; then
    say "round $round $client: killed after ${run_timeout}s (exit $rc)"
  fi
  if [[ $rc -ne 0 ]] || ! grep -q '^[[:space:]]*{' "$out"; then
    sed "s/^/    [$client stderr] /" "$err" | tail -n 5 >&2
  fi
}

say "$cmd ${extra[*]:-} — $rounds rounds"
for ((r = 1; r <= rounds; r++)); do
  if ((r % 2 == 1)); then order=(swift c); else order=(c swift); fi
  for client in "${order[@]}"; do
    [[ "$client" == swift && -z "$swift_bin" ]] && continue
    run_one "$r" "$client"
  done
  python3 "$stats" round "$cmd" "$results" "$r"
done

if [[ -n "$swift_bin" ]]; then clients=swift,c; else clients=c; fi
echo
echo "compare $cmd ${extra[*]:-} against $url, $rounds rounds${swift_note:+ (Swift: $swift_note)}"
failed=false
# Exits 1 when a run failed or is missing (it names them) or no round is complete.
python3 "$stats" summary "$cmd" "$results" --rounds "$rounds" --clients "$clients" || failed=true
if [[ -n "${RESULTS:-}" ]]; then
  cp "$results" "$RESULTS"
  say "raw results: $RESULTS"
fi
if $failed; then
  say "FAILED: not every round succeeded (the failed rounds are named above); the medians cover only the complete rounds"
fi
if $swift_failed; then
  say "FAILED: the Swift side was not run: $swift_note"
  failed=true
fi
if $failed; then exit 1; fi
