#!/usr/bin/env bash
# CI's short fuzz run: builds every libFuzzer target (scripts/lib/fuzz.sh), runs each over its
# committed corpus and seeds, then fuzzes each for a short while from there (new inputs go to a
# temporary directory, not the repo).
#   scripts/fuzz-smoke.sh            # CIM_FUZZ_SMOKE_SECONDS per target, default 25
# Fails (exit 1) on the first crash, ASan report, leak or timeout, printing the input that caused it
# (kept in fuzz-artifacts/smoke-TARGET-*).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/fuzz.sh
seconds="${CIM_FUZZ_SMOKE_SECONDS:-25}"

products=()
for target in "${FUZZ_TARGETS[@]}"; do products+=("$(fuzz_product "$target")"); done
fuzz_build "${products[@]}"

mkdir -p fuzz-artifacts
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

# Runs the binary with the given arguments; on failure shows the end of its log and the input.
run_fuzzer() {
  local target="$1" what="$2"; shift 2
  local log="$scratch/$target-$what.log"
  echo "fuzz-smoke.sh: $target: $what"
  fuzz_options "$target"
  if ! "$FUZZ_BIN_DIR/$(fuzz_product "$target")" "$@" "${FUZZ_TARGET_OPTIONS[@]}" \
      -artifact_prefix="fuzz-artifacts/smoke-$target-" >"$log" 2>&1; then
    tail -n 60 "$log" >&2
    echo "fuzz-smoke.sh: FAILED: $target ($what)" >&2
    grep -h 'Test unit written to' "$log" | sed 's/^.*Test unit written to /fuzz-smoke.sh: crashing input: /' >&2
    exit 1
  fi
  grep -h '^stat::\|^Done\|^INFO: seed corpus' "$log" || true
}

for target in "${FUZZ_TARGETS[@]}"; do
  # The committed corpus (a target's appears with its first merge) and the seeds.
  corpus=()
  for directory in "Fuzz/corpus/$target" "Fuzz/seeds/$target"; do [[ -d "$directory" ]] && corpus+=("$directory"); done
  # Every committed input once (-runs=0 stops after reading the corpora).
  run_fuzzer "$target" corpus -runs=0 "${corpus[@]}"
  # New inputs for a while, starting from the corpus; they land in the scratch directory.
  mkdir -p "$scratch/$target"
  run_fuzzer "$target" "${seconds}s" "$scratch/$target" "${corpus[@]}" -max_total_time="$seconds"
done
echo "fuzz-smoke.sh: every target passed"
