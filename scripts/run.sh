#!/usr/bin/env bash
# Runs the project's main job: the JetStream load test of acknowledged writes and reads, against
# $NATS_URL, or, when it is unset, against a nats-server 2.15.1 started here on a free loopback
# port with a temporary store (stopped at exit). Each run prints one JSON line:
#
#   cim-bench publish --mode async  (window 1024)       asynchronous publishing, every message acknowledged
#   cim-bench publish --mode batch  (batches of 100)    atomic batches, the runtime's group commit
#   cim-bench consume --ack explicit                    a durable pull consumer
#   cim-bench wire                                      the decoder, against memchr (no server)
#
# Arguments replace that list with one cim-bench command (NATS_URL is set for it):
#
#   scripts/run.sh
#   scripts/run.sh publish --mode sync --msgs 10000 --json
#   NATS_URL=nats://127.0.0.1:4222 scripts/run.sh          # an existing server (loopback only for load tests)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

swift build -c release --product cim-bench >&2
bench="$(swift build -c release --show-bin-path)/cim-bench"

work="$(mktemp -d "${TMPDIR:-/tmp}/cim-run.XXXXXX")"
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [[ -z "${NATS_URL:-}" ]]; then
  server_bin="$(bash scripts/install-deps.sh --print-nats-server-bin)"
  port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  printf 'listen: "127.0.0.1:%s"\njetstream { store_dir: "%s" }\n' "$port" "$work/store" >"$work/server.conf"
  "$server_bin" -c "$work/server.conf" >"$work/server.log" 2>&1 &
  server_pid=$!
  # A cold machine (first run, empty page cache, a busy disk) can take several seconds.
  start_timeout=60
  deadline=$((SECONDS + start_timeout))
  while ((SECONDS <= deadline)); do
    grep -q "Server is ready" "$work/server.log" 2>/dev/null && break
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  if ! grep -q "Server is ready" "$work/server.log" 2>/dev/null; then
    if kill -0 "$server_pid" 2>/dev/null; then
      echo "run.sh: nats-server did not log \"Server is ready\" within ${start_timeout}s; it is still running:" >&2
    else
      server_rc=0
      wait "$server_pid" 2>/dev/null || server_rc=$?
      echo "run.sh: nats-server exited (status $server_rc) before it was ready; it is no longer running:" >&2
    fi
    ps -o pid,stat,etime,cmd -p "$server_pid" >&2 || true
    echo "run.sh: its log ($work/server.log):" >&2
    cat "$work/server.log" >&2
    exit 1
  fi
  export NATS_URL="nats://127.0.0.1:$port"
  echo "run.sh: started $("$server_bin" --version) on $NATS_URL" >&2
else
  echo "run.sh: using NATS_URL=$NATS_URL" >&2
fi

if (($# > 0)); then
  "$bench" "$@"
  exit
fi
"$bench" publish --mode async --window 1024 --msgs 200000 --json
"$bench" publish --mode batch --batch 100 --msgs 50000 --json
"$bench" consume --ack explicit --msgs 200000 --json
"$bench" wire --json
