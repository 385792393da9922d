#!/usr/bin/env bash
# Builds the C reference peer (perf/cpeer/nats-c-bench.c, against nats.c / libnats-dev) into
# <repo>/.build-perf/nats-c-bench (ignored by git via `.build*/`) and prints the binary's path on
# stdout (everything else goes to stderr). Installs libnats-dev with apt-get when its header is
# missing.
#
# Usage: perf/cpeer/build.sh
# Environment: CC (default cc), OUT (default <repo>/.build-perf/nats-c-bench).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
out="${OUT:-$repo/.build-perf/nats-c-bench}"
cc="${CC:-cc}"

if [[ ! -f /usr/include/nats/nats.h && ! -f /usr/include/nats.h ]]; then
  echo "build.sh: libnats-dev is missing; installing it with apt-get" >&2
  sudo_cmd=()
  if [[ "$(id -u)" -ne 0 ]]; then sudo_cmd=(sudo); fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -q >&2
  "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends libnats-dev >&2
fi

mkdir -p "$(dirname "$out")"
src="$here/nats-c-bench.c"
if [[ ! -x "$out" || "$src" -nt "$out" || "$0" -nt "$out" ]]; then
  echo "build.sh: $cc -std=c11 -O2 -Wall -Wextra -o $out nats-c-bench.c -lnats" >&2
  "$cc" -std=c11 -O2 -Wall -Wextra -o "$out" "$src" -lnats >&2
fi
echo "$out"
