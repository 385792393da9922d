#!/usr/bin/env bash
# Fuzzes the NATS wire decoder: scripts/fuzz.sh wire [seconds] (default 600).
set -euo pipefail
exec "$(dirname "$0")/fuzz.sh" wire "${1:-600}"
