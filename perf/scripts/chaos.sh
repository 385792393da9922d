#!/usr/bin/env bash
# Every reliability scenario of `cim-bench chaos` against release builds, one after the other,
# each on its own nats-server (or three-node cluster) and person-service replicas on loopback.
# Each run's JSON report goes to RESULTS_DIR/<scenario>.json and its table and progress to
# <scenario>.log (default perf/results/chaos-<date>/); a failed scenario fails the script (exit 1)
# after the others ran. perf/RELIABILITY.md holds the figures and what each scenario shows.
#
#   perf/scripts/chaos.sh [--only replica-kill,server-kill-always,...] [--short] [-- extra cim-bench chaos options]
#
# Scenario names are cim-bench chaos's, server-kill-always (server-kill at sync_interval:
# always) and race-2 (race with two replicas, not in --short). --short: the CI-sized runs (12–16 s each; a smoke test, not figures to publish).
# disk-full mounts a tmpfs and partition makes network namespaces: they need root, and are
# reported as skipped otherwise.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

only="" short=0 extra=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --only) only="$2"; shift 2 ;;
    --short) short=1; shift ;;
    --) shift; extra=("$@"); break ;;
    *) echo "chaos.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
results="${RESULTS_DIR:-$repo/perf/results/chaos-$(date -u +%Y-%m-%d)}"
mkdir -p "$results"
say() { echo "chaos.sh: $*" >&2; }
wanted() { [[ -z "$only" || ",$only," == *",$1,"* ]]; }

export NATS_SERVER_BIN="${NATS_SERVER_BIN:-$(bash "$repo/scripts/install-deps.sh" --print-nats-server-bin)}"
say "nats-server: $("$NATS_SERVER_BIN" --version); machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB"
(cd "$repo" && for product in cim-bench person-service; do swift build -c release --product "$product" >&2 || exit 1; done) || { say "build failed"; exit 1; }
bench="$(cd "$repo" && swift build -c release --show-bin-path)/cim-bench"

if ((short)); then
  common=(--duration 12 --interval 4 --downtime 1 --rate 100 --aggregates 50)
else
  common=(--duration 60 --interval 10 --downtime 3 --rate 200 --aggregates 1000)
fi

failed=() skipped=()
scenario() {  # scenario NAME cim-bench-chaos-options...
  local name="$1"; shift
  wanted "$name" || return 0
  say "== $name: cim-bench chaos $*"
  if "$bench" chaos "$@" --json --progress-interval 5 ${extra[@]+"${extra[@]}"} >"$results/$name.json" 2>"$results/$name.log"; then
    python3 - "$results/$name.json" <<'PY' >&2
import json, sys
r = json.load(open(sys.argv[1]))
l = r["load"]
faults = ", ".join(f'{f["action"]} {f["target"]}: {f["failed_commands"]} failed, back after {f["recovery_ms"]:.0f} ms' for f in r["faults"]) or "no fault"
print(f'  ok: {l["commands_per_sec"]:.0f} commands/s stored, p99 {l["p99_us"]/1000:.1f} ms; oracle {l["oracle"]["verdict"]} '
      f'({l["oracle"]["events"]} events, {l["oracle"]["lost"]} lost, {l["oracle"]["duplicates"]} duplicates, {l["oracle"]["gaps"]} gaps); {faults}')
PY
  else
    say "$name FAILED"; tail -25 "$results/$name.log" | sed 's/^/  /' >&2; failed+=("$name")
  fi
}

scenario replica-kill --scenario replica-kill "${common[@]}"
scenario rolling-restart --scenario rolling-restart "${common[@]}"
scenario replica-pause --scenario replica-pause "${common[@]}"
scenario server-kill --scenario server-kill "${common[@]}"
scenario server-kill-always --scenario server-kill --server-sync always "${common[@]}"
scenario leader-kill --scenario leader-kill "${common[@]}"
scenario node-pause --scenario node-pause "${common[@]}"
if [[ "$(id -u)" == 0 ]]; then
  # Longer than an election (nats-server's Raft: 4 to 9 s) and than the replicas' stale-connection
  # detection (two unanswered PINGs, 5 s apart), so that both are seen.
  if ((short)); then
    scenario partition --scenario partition "${common[@]}" --downtime 3
  else
    scenario partition --scenario partition "${common[@]}" --duration 100 --interval 30 --downtime 15
  fi
else
  wanted partition && { say "partition skipped: network namespaces need root"; skipped+=(partition); }
fi
if ((short)); then
  scenario race --scenario race "${common[@]}" --aggregates 5 --rate 300
else
  scenario race --scenario race "${common[@]}" --aggregates 10 --rate 300
  scenario race-2 --scenario race "${common[@]}" --aggregates 10 --rate 300 --replicas 2
fi
if [[ "$(id -u)" == 0 ]]; then
  scenario disk-full --scenario disk-full "${common[@]}" --store-mib 64
else
  wanted disk-full && { say "disk-full skipped: mounting a tmpfs needs root"; skipped+=(disk-full); }
fi
if ((short)); then
  scenario overload --scenario overload --duration 3 --concurrency 2000 --timeout 30 --aggregates 50
else
  scenario overload --scenario overload --duration 20 --concurrency 20000 --timeout 30 --aggregates 1000
fi

# What is kept: no build chatter, no paths of this machine (the repository becomes ".", temporary
# folders "<tmp>").
for file in "$results"/*; do
  [[ -f "$file" ]] || continue
  grep -v -e '^\[[0-9]*/[0-9]*\]' -e "swift-distributed-tracing" -e "CMakeLists.txt" -e '^Building for' -e '^Build of product' "$file" \
    | sed -e "s#$repo#.#g" -e "s#${TMPDIR:-/tmp}/[^ \"']*#<tmp>#g" -e "s#$HOME#~#g" >"$file.clean" || true
  mv "$file.clean" "$file"
done

say "results in $results${skipped[*]:+; skipped: ${skipped[*]}}"
if ((${#failed[@]})); then say "FAILED: ${failed[*]}"; exit 1; fi
say "every scenario passed"
