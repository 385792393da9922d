#!/usr/bin/env python3
"""Acknowledged-write throughput of `cim-bench publish` across modes, storage and server sync
settings, so that the runtime's choices (async publishing versus atomic batches as group commit)
rest on measured figures.

For each server setting (the default sync interval, then `sync_interval: always`), a fresh
nats-server is started on a free loopback port with a temporary store; every configuration runs
once per round, rounds interleave the configurations, and the median of the rounds is printed as
a Markdown table.

Usage: perf/scripts/publish-matrix.py [--rounds R] [--cim-bench PATH] [--server PATH] [--quick]
  --cim-bench   default: .build-release/release/cim-bench (build it with
                swift build -c release --scratch-path .build-release --product cim-bench)
  --server      default: scripts/install-deps.sh --print-nats-server-bin (2.15.1)
  --quick       fewer messages (a smoke run)
"""
import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))

# (label, flags, messages at the default sync interval, messages with sync_interval always)
CONFIGS = [
    ("async, window 1024", ["--mode", "async", "--window", "1024"], 100_000, 20_000),
    ("atomic batch 10", ["--mode", "batch", "--batch", "10"], 10_000, 5_000),
    ("atomic batch 100", ["--mode", "batch", "--batch", "100"], 50_000, 20_000),
    ("atomic batch 100, 4 in flight", ["--mode", "batch", "--batch", "100", "--window", "4"], 50_000, 40_000),
    ("atomic batch 1000", ["--mode", "batch", "--batch", "1000"], 100_000, 100_000),
]
STORAGES = ["file", "memory"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(binary, sync_always, work):
    port = free_port()
    store = tempfile.mkdtemp(prefix="cim-matrix-store.", dir=work)
    conf = os.path.join(work, f"server-{port}.conf")
    with open(conf, "w") as f:
        f.write(f'listen: "127.0.0.1:{port}"\njetstream {{\n  store_dir: "{store}"\n')
        if sync_always:
            f.write('  sync_interval: "always"\n')
        f.write("}\n")
    log = open(os.path.join(work, f"server-{port}.log"), "w")
    proc = subprocess.Popen([binary, "-c", conf], stdout=log, stderr=subprocess.STDOUT)
    url = f"nats://127.0.0.1:{port}"
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return proc, url
        except OSError:
            time.sleep(0.1)
    proc.kill()
    sys.exit(f"nats-server did not start; see {log.name}")


def run(bench, url, flags, storage, msgs):
    argv = [bench, "publish", "--url", url, *flags, "--storage", storage, "--msgs", str(msgs), "--json"]
    out = subprocess.run(argv, capture_output=True, text=True, timeout=600)
    if out.returncode != 0:
        return {"error": (out.stderr or out.stdout).strip().splitlines()[-1:]}
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--cim-bench", default=os.path.join(REPO, ".build-release", "release", "cim-bench"))
    parser.add_argument("--server")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    if not os.access(args.cim_bench, os.X_OK):
        sys.exit(f"no cim-bench at {args.cim_bench}: build it first (see --help)")
    server = args.server or subprocess.run(
        ["bash", os.path.join(REPO, "scripts", "install-deps.sh"), "--print-nats-server-bin"],
        capture_output=True, text=True, check=True).stdout.strip()
    version = subprocess.run([server, "--version"], capture_output=True, text=True).stdout.strip()
    work = tempfile.mkdtemp(prefix="cim-matrix.")
    rows = []
    try:
        for sync_always in (False, True):
            proc, url = start_server(server, sync_always, work)
            setting = "sync_interval always" if sync_always else "default sync interval"
            print(f"# {version}, {setting}, {url}", file=sys.stderr)
            try:
                results = {}
                for r in range(args.rounds):
                    for label, flags, msgs_default, msgs_always in CONFIGS:
                        for storage in STORAGES:
                            msgs = msgs_always if sync_always else msgs_default
                            if args.quick:
                                msgs = max(1000, msgs // 10)
                            res = run(args.cim_bench, url, flags, storage, msgs)
                            results.setdefault((label, storage), []).append(res)
                            shown = res.get("msgs_per_sec", res.get("error"))
                            print(f"  round {r + 1} {label} {storage}: {shown}", file=sys.stderr)
                for (label, storage), runs in results.items():
                    ok = [x for x in runs if "msgs_per_sec" in x]
                    if not ok:
                        rows.append((setting, label, storage, None, None, None, runs[0].get("error")))
                        continue
                    rows.append((
                        setting, label, storage,
                        statistics.median(x["msgs_per_sec"] for x in ok),
                        statistics.median(x["p50_us"] for x in ok),
                        statistics.median(x["p99_us"] for x in ok),
                        f"{len(ok)}/{len(runs)} runs",
                    ))
            finally:
                proc.terminate()
                proc.wait(timeout=30)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"\n{version}, 128-byte messages, median of {args.rounds} rounds (latency: per message for async, per batch commit for batches)\n")
    print("| server | publisher | storage | msg/s | p50 µs | p99 µs | runs |")
    print("|---|---|---|---:|---:|---:|---|")
    for setting, label, storage, rate, p50, p99, note in rows:
        fmt = lambda v: "-" if v is None else f"{v:,.0f}"
        print(f"| {setting} | {label} | {storage} | {fmt(rate)} | {fmt(p50)} | {fmt(p99)} | {note} |")


if __name__ == "__main__":
    main()
