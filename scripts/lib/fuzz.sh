# Sourced by scripts/fuzz.sh and scripts/fuzz-smoke.sh: what each libFuzzer target is called and
# how it is built (Fuzz/, under CIM_FUZZ=1 in Package.swift, with -sanitize=fuzzer,address into
# .build-fuzz).
#
#   source scripts/lib/fuzz.sh
#   fuzz_product TARGET      # prints the SwiftPM product of wire | commands | queries | json, or fails
#   fuzz_build PRODUCT...    # builds the products; sets FUZZ_BIN_DIR
#   fuzz_options TARGET      # sets FUZZ_TARGET_OPTIONS: FUZZ_OPTIONS plus the target's dictionary
#
# Each target's corpus is Fuzz/corpus/TARGET (committed, minimized with scripts/fuzz.sh TARGET
# --merge) plus the readable seeds in Fuzz/seeds/TARGET; Fuzz/dictionaries/TARGET.dict, when there
# is one, gives libFuzzer the tokens (JSON's, the domains' field names and tags) to splice in.

FUZZ_TARGETS=(wire commands queries json)
FUZZ_BIN_DIR=""

fuzz_product() {
  case "$1" in
    wire) echo FuzzWireDecoder ;;
    commands) echo FuzzCommandDecoders ;;
    queries) echo FuzzPolicyQueries ;;
    json) echo FuzzJSONParser ;;
    *) echo "unknown fuzz target '$1' (expected one of: ${FUZZ_TARGETS[*]})" >&2; return 1 ;;
  esac
}

# -sanitize=fuzzer instruments for coverage and links libFuzzer; each target's own main (which
# SwiftPM requires) calls libFuzzer's driver, so libFuzzer's main is not used.
fuzz_build() {
  local flags=(-c release --scratch-path .build-fuzz -Xswiftc -sanitize=fuzzer,address)
  local product
  for product in "$@"; do
    CIM_FUZZ=1 swift build "${flags[@]}" --product "$product"
  done
  FUZZ_BIN_DIR="$(CIM_FUZZ=1 swift build "${flags[@]}" --show-bin-path)"
}

# libFuzzer's options shared by every run: bounded input size, memory and time per input.
FUZZ_OPTIONS=(-max_len=8192 -rss_limit_mb=2048 -timeout=5 -print_final_stats=1)

fuzz_options() {
  FUZZ_TARGET_OPTIONS=("${FUZZ_OPTIONS[@]}")
  if [[ -f "Fuzz/dictionaries/$1.dict" ]]; then FUZZ_TARGET_OPTIONS+=("-dict=Fuzz/dictionaries/$1.dict"); fi
}
