# Sourced by the scripts in perf/scripts: starts a nats-server on a free 127.0.0.1 port with a
# temporary JetStream store and stops it again.
#
#   source scripts/lib/nats-server.sh
#   start_nats_server BINARY WORKDIR STORE [SYNC_INTERVAL]   # sets NATS_SERVER_PID and NATS_SERVER_URL
#   stop_nats_server                                         # idempotent; for the caller's EXIT trap
#   free_port                                                # prints a free 127.0.0.1 TCP port
#
# The config and log go into WORKDIR. Readiness is the log line "Server is ready", waited for up to
# 60 s (a cold machine, an empty page cache or a busy disk can take several seconds). When the
# server is not ready in time, or exits first, the function says which, shows the process and the
# log on stderr, and returns 1.

NATS_SERVER_PID=""
NATS_SERVER_URL=""

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start_nats_server() {
  local bin="$1" work="$2" store="$3" sync_interval="${4:-}"
  [[ -x "$bin" ]] || { echo "nats-server binary not found: '$bin'" >&2; return 1; }
  local port
  port="$(free_port)"
  {
    echo "listen: \"127.0.0.1:$port\""
    echo "jetstream {"
    echo "  store_dir: \"$store\""
    [[ -n "$sync_interval" ]] && echo "  sync_interval: \"$sync_interval\""
    echo "}"
  } >"$work/server.conf"
  "$bin" -c "$work/server.conf" >"$work/server.log" 2>&1 &
  NATS_SERVER_PID=$!
  local start_timeout=60
  local deadline=$((SECONDS + start_timeout))
  while ((SECONDS <= deadline)); do
    grep -q "Server is ready" "$work/server.log" 2>/dev/null && break
    kill -0 "$NATS_SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  if ! grep -q "Server is ready" "$work/server.log" 2>/dev/null; then
    if kill -0 "$NATS_SERVER_PID" 2>/dev/null; then
      echo "nats-server did not log \"Server is ready\" within ${start_timeout}s; it is still running:" >&2
    else
      local status=0
      wait "$NATS_SERVER_PID" 2>/dev/null || status=$?
      echo "nats-server exited (status $status) before it was ready; it is no longer running:" >&2
    fi
    ps -o pid,stat,etime,cmd -p "$NATS_SERVER_PID" >&2 || true
    echo "its log ($work/server.log):" >&2
    cat "$work/server.log" >&2
    return 1
  fi
  NATS_SERVER_URL="nats://127.0.0.1:$port"
}

stop_nats_server() {
  if [[ -n "$NATS_SERVER_PID" ]] && kill -0 "$NATS_SERVER_PID" 2>/dev/null; then
    kill "$NATS_SERVER_PID" 2>/dev/null || true
    wait "$NATS_SERVER_PID" 2>/dev/null || true
  fi
  NATS_SERVER_PID=""
}

# The CPU seconds (utime + stime) a process has used so far; 0 once it is gone.
cpu_seconds() {
  awk -v hz="$(getconf CLK_TCK)" '{ print ($14 + $15) / hz }' "/proc/$1/stat" 2>/dev/null || echo 0
}

# Runs a `cim-bench service` command (its stderr to ERR_FILE; stdout is the caller's) and sets
# LOAD_CPU to the CPU seconds of each of PIDS when its load ends: when it says "the oracle reads"
# (reading the stream back is not the load's cost) or, without an oracle, when it exits. Polls
# every 0.1 s. Returns the command's exit status.
#   cpu_at_load_end ERR_FILE "PID..." COMMAND [ARG...]
cpu_at_load_end() {
  local err="$1" pids="$2"; shift 2
  "$@" 2>"$err" &
  local bench=$!
  while kill -0 "$bench" 2>/dev/null && ! grep -q "the oracle reads" "$err" 2>/dev/null; do sleep 0.1; done
  LOAD_CPU=""
  local pid
  for pid in $pids; do LOAD_CPU+="$(cpu_seconds "$pid") "; done
  local rc=0
  wait "$bench" || rc=$?
  return "$rc"
}
