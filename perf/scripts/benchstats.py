#!/usr/bin/env python3
"""Helper for perf/scripts/compare.sh: reads the JSON lines that `cim-bench ... --json` (Swift) and
`nats-c-bench ...` (C, nats.c) print, and formats them.

Results file: one JSON object per line, as written by compare.sh:
    {"round": 1, "client": "swift"|"c", "rc": 0, "result": {...the benchmark's JSON line...}}
("result" is null when the run printed no parsable JSON.)

A run failed when it exited non-zero (124 or 137: killed by compare.sh's timeout), printed no JSON
object, or its JSON says so: an "error" key, "ok": false, or a count "errors" > 0 (cim-bench service reports errors by kind, in an object, and says "ok": false itself). A round is complete
when every client of the comparison has exactly one run in it and that run succeeded; medians and
ratios are taken over the complete rounds only, so both columns come from the same rounds.

Usage:
    benchstats.py record  RESULTS_FILE ROUND CLIENT RC STDOUT_FILE  # appends one row: the last
                                                       # line of STDOUT_FILE that is a JSON object
    benchstats.py round   COMMAND RESULTS_FILE ROUND   # prints that round's figures, one line per client
    benchstats.py summary COMMAND RESULTS_FILE [--rounds R] [--clients swift,c]
        # medians per client and the ratio Swift/C over the complete rounds, then the failed runs;
        # exits 1 when any run failed or is missing, or no round is complete.
        # --rounds R: the rounds that were meant to run are 1..R (default: those in the file);
        # --clients:  the clients meant to run in each round (default: those in the file).
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
LABELS = dict(CLIENTS)


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


def label(client):
    return LABELS.get(client, client)


def is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def failure_of(row):
    """Why a recorded run failed, or None when it succeeded."""
    rc = row.get("rc")
    result = row.get("result")
    detail = result.get("error") if isinstance(result, dict) else None
    if rc != 0:
        if rc == 124:
            why = "killed by the timeout (exit 124)"
        elif rc == 137:
            why = "killed by the timeout's SIGKILL (exit 137)"
        elif is_number(rc) and rc > 128:
            why = f"killed by signal {rc - 128} (exit {rc})"
        else:
            why = f"exit {rc}"
        if detail is not None:
            why += f": {detail}"
        elif not isinstance(result, dict):
            why += ", no JSON output"
        return why
    if not isinstance(result, dict):
        return "no JSON output"
    if "error" in result:
        return f"error: {result['error']}"
    if result.get("ok") is False:
        return '"ok": false'
    errors = result.get("errors")
    if is_number(errors) and errors > 0:
        return f'"errors": {fmt(errors)}'
    return None


def analyse(rows, rounds=None, clients=None):
    """Splits the rows into complete rounds and failures.

    rounds: the number of rounds meant to run (1..rounds), or None for the rounds in the rows.
    clients: the clients meant to run in each round, or None for the clients in the rows.
    Returns (clients, expected_rounds, complete, failures): complete maps each complete round to
    {client: result}; failures lists (round, client, why) in round order.
    """
    if clients is None:
        present = {r.get("client") for r in rows}
        clients = [c for c, _ in CLIENTS if c in present]
        clients += sorted(c for c in present if c not in LABELS and c is not None)
    if rounds is None:
        expected = sorted({r.get("round") for r in rows if isinstance(r.get("round"), int)})
    else:
        expected = list(range(1, rounds + 1))
    runs = {}
    for row in rows:
        runs.setdefault((row.get("round"), row.get("client")), []).append(row)
    complete = {}
    failures = []
    for round_no in expected:
        results = {}
        for client in clients:
            found = runs.get((round_no, client), [])
            if not found:
                why = "no run recorded"
            elif len(found) > 1:
                why = f"recorded {len(found)} times"
            else:
                why = failure_of(found[0])
            if why is None:
                results[client] = found[0]["result"]
            else:
                failures.append((round_no, client, why))
        if clients and len(results) == len(clients):
            complete[round_no] = results
    return clients, expected, complete, failures


def cmd_round(command, path, round_no):
    figs = figures_of(command)
    for row in load(path):
        if row.get("round") != round_no:
            continue
        name = label(row.get("client"))
        why = failure_of(row)
        if why is not None:
            print(f"  round {round_no} {name:<5}  FAILED: {why}")
            continue
        result = row["result"]
        parts = [f"{key}={fmt(result.get(key))}" for key, _ in figs]
        print(f"  round {round_no} {name:<5}  " + "  ".join(parts))


def cmd_summary(command, path, rounds=None, clients=None):
    """Prints the summary; returns the exit status (0 only when every expected run succeeded)."""
    figs = figures_of(command)
    clients, expected, complete, failures = analyse(load(path), rounds, clients)
    names = " and ".join(label(c) for c in clients) or "no client"
    if len(clients) == 1:
        who = names
    else:
        who = f"{'both clients' if len(clients) == 2 else 'every client'} ({names})"
    print(f"Medians over {len(complete)} of {len(expected)} rounds, those in which {who} "
          f"succeeded: rounds {', '.join(map(str, sorted(complete))) or 'none'}")
    header = f"  {'figure':<18} {'Swift':>14} {'C':>14} {'Swift/C':>9}  reading"
    print(header)
    print("  " + "-" * (len(header) - 2))
    for key, kind in figs:
        med = {}
        for client, _ in CLIENTS:
            values = [
                results[client][key] for results in complete.values()
                if client in results and is_number(results[client].get(key))
            ]
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
    if "swift" not in clients:
        print("  (the Swift side was not run: the Swift column is empty)")
    if "c" not in clients:
        print("  (the C side was not run: the C column is empty)")
    if not complete:
        print("  (no complete round: no medians)")
    if failures:
        failed_rounds = sorted({r for r, _, _ in failures})
        print(f"FAILED: {len(failures)} run(s) in {len(failed_rounds)} of {len(expected)} rounds "
              f"(rounds {', '.join(map(str, failed_rounds))}); these rounds are left out of the medians:")
        for round_no, client, why in failures:
            print(f"  round {round_no} {label(client)}: {why}")
    return 1 if failures or not complete else 0


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


def parse_summary_options(args):
    rounds = clients = None
    i = 0
    while i < len(args):
        option, value = args[i], (args[i + 1] if i + 1 < len(args) else None)
        if option == "--rounds" and value is not None and value.isdigit() and int(value) > 0:
            rounds = int(value)
        elif option == "--clients" and value is not None:
            clients = [c for c in value.split(",") if c]
        else:
            sys.exit(__doc__)
        i += 2
    return rounds, clients


def main(argv):
    if len(argv) == 7 and argv[1] == "record":
        cmd_record(argv[2], int(argv[3]), argv[4], int(argv[5]), argv[6])
    elif len(argv) == 5 and argv[1] == "round":
        cmd_round(argv[2], argv[3], int(argv[4]))
    elif len(argv) >= 4 and argv[1] == "summary":
        rounds, clients = parse_summary_options(argv[4:])
        return cmd_summary(argv[2], argv[3], rounds, clients)
    else:
        sys.exit(__doc__)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
