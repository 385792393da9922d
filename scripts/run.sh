#!/usr/bin/env bash
# The main job: `cim-bench service`, the load tester, on the Person service.
#
# Without NATS_URL, cim-bench starts its own nats-server 2.15.1 (scripts/install-deps.sh installs it
# when missing) on a free loopback port with a temporary store, and person-service against it;
# drives them with a closed loop of 256 requesters for 10 s after 2 s of warm-up (a create, then 4
# updates, on fresh ids); reads the stream back with the consistency oracle; prints the report; and
# stops both. With NATS_URL it drives the person-service you run against that server (loopback only
# for load tests). Arguments go to `cim-bench service` after the defaults, so they win:
#
#   scripts/run.sh
#   scripts/run.sh --rate 5k --aggregates 10000 --distribution zipf --duration 30
#   scripts/run.sh --server-sync always --markdown report.md
#   scripts/run.sh --domain policy                      # any of the four services
#   NATS_URL=nats://127.0.0.1:4222 scripts/run.sh       # a running server and service
#
# The whole measurement suite (wire, pub/sub, request, publish, consume, services, snapshot
# tuning, each against its C reference) is perf/scripts/suite.sh. Exit status: cim-bench's (1 when
# the run failed: the oracle, a wrong reply, errors beyond --allowed-errors, a service that did not
# stop cleanly).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

domain=person
for ((i = 1; i <= $#; i++)); do
  if [[ "${!i}" == --domain ]]; then next=$((i + 1)); domain="${!next:-person}"; fi
  if [[ "${!i}" == --domain=* ]]; then domain="${!i#--domain=}"; fi
done
case "$domain" in person | location | agent | policy) ;; *) echo "run.sh: --domain must be person, location, agent or policy, not '$domain'" >&2; exit 2 ;; esac

# What is missing first (the services link jemalloc: libjemalloc-dev), then the build.
server_bin="$(bash scripts/install-deps.sh --print-nats-server-bin)"
swift build -c release --product cim-bench >&2
swift build -c release --product "$domain-service" >&2
bin="$(swift build -c release --show-bin-path)"

if [[ -z "${NATS_URL:-}" ]]; then
  NATS_SERVER_BIN="${NATS_SERVER_BIN:-$server_bin}"
  export NATS_SERVER_BIN
fi
exec "$bin/cim-bench" service --concurrency 256 --duration 10 --warmup 2 "$@"
