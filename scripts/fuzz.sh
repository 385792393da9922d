#!/usr/bin/env bash
# Fuzzes one target with libFuzzer and AddressSanitizer for a bounded time.
#   scripts/fuzz.sh TARGET [seconds]   (default 600)
#   scripts/fuzz.sh TARGET --merge     # minimizes the work corpus into Fuzz/corpus/TARGET (libFuzzer -set_cover_merge=1)
# TARGET: wire (the NATS wire decoder), commands (every domain's command decoding, deciding,
# event and snapshot round trips), queries (the Policy read model's evaluate and check_compliance
# over the events of fuzzed Policy commands), json (the domains' JSON parser and writer).
#
# Builds the target into .build-fuzz (scripts/lib/fuzz.sh), seeds the work corpus fuzz-corpus/TARGET
# from Fuzz/corpus/TARGET and Fuzz/seeds/TARGET, and prints libFuzzer's final statistics. Crashes,
# leaks and timeouts are written to fuzz-artifacts/TARGET-*. New inputs stay in fuzz-corpus/TARGET
# (not committed) until --merge keeps the ones that add coverage in Fuzz/corpus/TARGET.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/fuzz.sh

target="${1:?usage: scripts/fuzz.sh wire|commands|queries|json [seconds|--merge]}"
product="$(fuzz_product "$target")"
fuzz_build "$product"
binary="$FUZZ_BIN_DIR/$product"
work="fuzz-corpus/$target"
repo_corpus="Fuzz/corpus/$target"
mkdir -p "$work" "$repo_corpus" fuzz-artifacts
fuzz_options "$target"

if [[ "${2:-}" == --merge ]]; then
  # Keeps a small set of inputs that covers every edge the repo corpus, the seeds and the work
  # corpus cover (edges, not hit counts: -use_counters=0 keeps the committed corpus small).
  merged="$(mktemp -d fuzz-corpus/merge.XXXXXX)"
  "$binary" -set_cover_merge=1 -use_counters=0 "${FUZZ_TARGET_OPTIONS[@]}" "$merged" "$repo_corpus" "Fuzz/seeds/$target" "$work"
  rm -rf "$repo_corpus"
  mv "$merged" "$repo_corpus"
  echo "fuzz.sh: $repo_corpus now holds $(find "$repo_corpus" -type f | wc -l) inputs, $(du -sb "$repo_corpus" | cut -f1) bytes"
  exit 0
fi

seconds="${2:-600}"
shopt -s nullglob
for input in "$repo_corpus"/* "Fuzz/seeds/$target"/*; do
  [[ -e "$work/${input##*/}" ]] || cp "$input" "$work/"
done
"$binary" "$work" -max_total_time="$seconds" "${FUZZ_TARGET_OPTIONS[@]}" -artifact_prefix="fuzz-artifacts/$target-"
