#!/usr/bin/env python3
"""Helper for perf/scripts/compare.sh: reads the JSON lines that `cim-bench ... --json` (Swift) and
`nats-c-bench ...` (C, nats.c) print, and formats them.

Results file: one JSON object per line, as written by compare.sh:
    {"round": 1, "client": "swift"|"c", "rc": 0, "result": {...the benchmark's JSON line...}}
("result" is null when the run printed no parsable JSON.)

Usage:
    benchstats.py record  RESULTS_FILE ROUND CLIENT RC STDOUT_FILE  # appends one row: the last
                                                       # line of STDOUT_FILE that is a JSON object
    benchstats.py round   COMMAND RESULTS_FILE ROUND   # prints that round's figures, one line per client
    benchstats.py summary COMMAND RESULTS_FILE         # medians per client and the ratio Swift/C
"""
import json
import statistics
import sys

# The headline figures per subcommand: (key, kind). kind: "rate" (higher is better), "latency"
# (lower is better), "count" (must match; shown for checking, no better/worse).
FIGURES = {
    "pubsub": [
        ("pub_msgs_per_sec", "rate"),
        ("sub_msgs_per_sec", "rate"),
        ("received", "count"),
    ],
    "request": [
        ("p50_us", "latency"),
        ("p90_us", "latency"),
        ("p99_us", "latency"),
        ("p999_us", "latency"),
        ("max_us", "latency"),
        ("requests_per_sec", "rate"),
    ],
    "publish": [
        ("msgs_per_sec", "rate"),
        ("p50_us", "latency"),
        ("p99_us", "latency"),
        ("stored", "count"),
    ],
    "consume": [("msgs_per_sec", "rate"), ("received", "count")],
}

CLIENTS = [("swift", "Swift"), ("c", "C")]


def load(path):
    rows = []
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line:
                rows.append(json.loads(line))
    return rows


def fmt(value):
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.1f}"
    return f"{int(value):,}"


def figures_of(command):
    if command not in FIGURES:
        sys.exit(f"benchstats.py: unknown command {command!r}")
    return FIGURES[command]


def cmd_round(command, path, round_no):
    figs = figures_of(command)
    for row in load(path):
        if row.get("round") != round_no:
            continue
        label = dict(CLIENTS).get(row.get("client"), row.get("client"))
        result = row.get("result")
        if row.get("rc") != 0 or result is None or "error" in (result or {}):
            why = (result or {}).get("error", "no JSON output") if result is not None else "no JSON output"
            print(f"  round {round_no} {label:<5}  FAILED (exit {row.get('rc')}): {why}")
            continue
        parts = [f"{key}={fmt(result.get(key))}" for key, _ in figs]
        print(f"  round {round_no} {label:<5}  " + "  ".join(parts))


def cmd_summary(command, path):
    figs = figures_of(command)
    rows = load(path)
    ok = {}
    for client, _ in CLIENTS:
        ok[client] = [
            r["result"] for r in rows
            if r.get("client") == client and r.get("rc") == 0
            and isinstance(r.get("result"), dict) and "error" not in r["result"]
        ]
    counts = {c: len(ok[c]) for c, _ in CLIENTS}
    print(f"Medians over successful rounds (Swift: {counts['swift']}, C: {counts['c']}):")
    header = f"  {'figure':<18} {'Swift':>14} {'C':>14} {'Swift/C':>9}  reading"
    print(header)
    print("  " + "-" * (len(header) - 2))
    for key, kind in figs:
        med = {}
        for client, _ in CLIENTS:
            values = [r[key] for r in ok[client] if isinstance(r.get(key), (int, float))]
            med[client] = statistics.median(values) if values else None
        s, c = med["swift"], med["c"]
        ratio = f"{s / c:.2f}" if (s is not None and c not in (None, 0)) else "-"
        if kind == "rate":
            reading = "higher is better: ratio > 1 means Swift is faster"
        elif kind == "latency":
            reading = "lower is better: ratio < 1 means Swift is faster"
        else:
            reading = "a count: must equal the number sent"
        print(f"  {key:<18} {fmt(s):>14} {fmt(c):>14} {ratio:>9}  {reading}")
    if counts["swift"] == 0:
        print("  (no successful Swift run: the Swift column is empty)")
    if counts["c"] == 0:
        print("  (no successful C run: the C column is empty)")


def cmd_record(path, round_no, client, rc, stdout_path):
    result = None
    try:
        with open(stdout_path, errors="replace") as f:
            lines = f.read().splitlines()
    except OSError:
        lines = []
    for line in reversed(lines):
        line = line.strip()
        if line.startswith("{"):
            try:
                value = json.loads(line)
            except ValueError:
                continue
            if isinstance(value, dict):
                result = value
                break
    row = {"round": round_no, "client": client, "rc": rc, "result": result}
    with open(path, "a") as f:
        f.write(json.dumps(row) + "\n")


def main(argv):
    if len(argv) == 7 and argv[1] == "record":
        cmd_record(argv[2], int(argv[3]), argv[4], int(argv[5]), argv[6])
    elif len(argv) == 5 and argv[1] == "round":
        cmd_round(argv[2], argv[3], int(argv[4]))
    elif len(argv) == 4 and argv[1] == "summary":
        cmd_summary(argv[2], argv[3])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
