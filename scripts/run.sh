#!/usr/bin/env bash
# Runs the project's main job. Today that is the wire benchmark (`cim-bench wire`), which needs
# no server; as the services land this script starts a local nats-server when NATS_URL is unset
# and runs a service under a load test. Extra arguments go to `cim-bench wire`.
#
#   scripts/run.sh                 # JSON figures for MSG and HMSG decoding
#   scripts/run.sh --frames 200000
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
swift build -c release --product cim-bench >&2
exec "$(swift build -c release --show-bin-path)/cim-bench" wire --json "$@"
