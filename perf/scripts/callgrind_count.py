#!/usr/bin/env python3
"""Helper of perf/scripts/callgrind.sh: reads callgrind output files and prints the table.

  callgrind_count.py count FILE...      one JSON object: {"Ir": total Ir, "allocs": allocation calls}
                                        summed over the files (the parts of one run)
  callgrind_count.py table RESULTS      the per-message table (Markdown) from the JSON lines
  callgrind_count.py record             one run's JSON line, from the environment callgrind.sh sets
  callgrind_count.py brief LINE         a one-line summary of a JSON line

Ir is the `summary:` line of each file (`totals:` when there is no summary). `allocs` counts the
calls to malloc, calloc, realloc, memalign, aligned_alloc, posix_memalign, valloc, pvalloc and
glibc's __libc_* entry points, except calls made from one of these functions (cim-bench's malloc
counter defines malloc and forwards to __libc_malloc: that is one allocation, not two).

The table takes, per workload, client and repetition, (Ir(2N) - Ir(N)) / N, where N is the
"msgs" of the smaller run (for the wire decoder, the frames decoded inside the counted region).
"""

import json
import os
import re
import sys
from collections import defaultdict

ALLOC = {
    "malloc", "calloc", "realloc", "memalign", "aligned_alloc", "posix_memalign", "valloc", "pvalloc",
    "__libc_malloc", "__libc_calloc", "__libc_realloc", "__libc_memalign", "__libc_valloc", "__libc_pvalloc",
}

_NAME = re.compile(r"^\((\d+)\)(?: (.*))?$")


def _base(name):
    # callgrind marks recursion levels and cycles as name'2; drop them, and any @version.
    return name.split("'")[0].split("@")[0]


def count(paths):
    total_ir = 0
    allocs = 0
    for path in paths:
        names = {}  # fn and cfn share one compression table

        def resolve(value):
            m = _NAME.match(value)
            if not m:
                return value
            if m.group(2) is not None:
                names[m.group(1)] = m.group(2)
                return m.group(2)
            return names.get(m.group(1), "?")

        summary = totals = None
        fn = cfn = ""
        with open(path, "r", errors="replace") as f:
            for line in f:
                if line.startswith("fn="):
                    fn = _base(resolve(line[3:].rstrip("\n")))
                elif line.startswith("cfn="):
                    cfn = _base(resolve(line[4:].rstrip("\n")))
                elif line.startswith("calls="):
                    if cfn in ALLOC and fn not in ALLOC:
                        allocs += int(line[6:].split()[0])
                elif line.startswith("summary:"):
                    summary = int(line.split()[1])
                elif line.startswith("totals:"):
                    totals = int(line.split()[1])
        ir = summary if summary is not None else totals
        if ir is None:
            raise SystemExit(f"callgrind_count: no summary or totals line in {path}")
        total_ir += ir
    return {"Ir": total_ir, "allocs": allocs}


def fmt_int(x):
    return f"{x:,.0f}"


def table(path):
    runs = [json.loads(line) for line in open(path) if line.strip()]
    by = defaultdict(dict)  # (workload, client, rep) -> {msgs: run}
    order = []
    for r in runs:
        if not r.get("ok"):
            continue
        key = (r["workload"], r["client"])
        if key[0] not in order:
            order.append(key[0])
        by[(r["workload"], r["client"], r["rep"])][r["msgs"]] = r

    per = defaultdict(list)  # (workload, client) -> [(ir_per_msg, allocs_per_msg)]
    for (workload, client, rep), sizes in sorted(by.items()):
        if len(sizes) != 2:
            continue
        n, n2 = sorted(sizes)
        if n2 != 2 * n:
            continue
        a, b = sizes[n], sizes[n2]
        per[(workload, client)].append(((b["Ir"] - a["Ir"]) / n, (b["allocs"] - a["allocs"]) / n))

    labels = {r["workload"]: r.get("label", r["workload"]) for r in runs}
    lines = [
        "| workload | Swift instr/msg (each repetition) | nats.c instr/msg (each repetition) | Swift/C | allocs/msg Swift / C |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for workload in order:
        sw = per.get((workload, "swift"), [])
        c = per.get((workload, "c"), [])

        def reps(values):
            return " / ".join(fmt_int(v[0]) for v in values) if values else "—"

        def allocs(values):
            return f"{sum(v[1] for v in values) / len(values):.2f}" if values else "—"

        ratio = "—"
        if sw and c:
            ratio = f"{(sum(v[0] for v in sw) / len(sw)) / (sum(v[0] for v in c) / len(c)):.2f}"
        lines.append(f"| {labels.get(workload, workload)} | {reps(sw)} | {reps(c)} | {ratio} | {allocs(sw)} / {allocs(c)} |")
    print("\n".join(lines))

    # Spread between the repetitions of each figure (should be within ~1 %).
    spreads = []
    for (workload, client), values in per.items():
        if len(values) >= 2:
            lo, hi = min(v[0] for v in values), max(v[0] for v in values)
            spreads.append(f"{workload}/{client} {100 * (hi - lo) / lo:.2f} %")
    if spreads:
        print("\nspread between runs: " + ", ".join(spreads))


def record():
    e = os.environ
    rec = {"date": e["DATE"], "workload": e["WORKLOAD"], "label": e["LABEL"], "client": e["CLIENT"],
           "msgs": int(e["N"]), "flag_msgs": int(e["FLAG_N"]), "rep": int(e["REP"])}
    rec.update(json.loads(e["COUNTS"]))
    bench = None
    for text in open(e["STDOUT"], errors="replace"):
        text = text.strip()
        if text.startswith("{"):
            try:
                bench = json.loads(text)
            except ValueError:
                pass
    why = e["WHY"]
    if not why and bench is None:
        why = "no JSON result on stdout"
    if not why and rec.get("Ir", 0) == 0:
        why = "callgrind counted nothing (do the --toggle-collect/--dump-before function names still exist?)"
    if not why and (bench.get("ok") is False or bench.get("errors", 0) or "error" in bench):
        why = "the benchmark reported a failure"
    if bench is not None:
        if "mallocs_per_msg" in bench:
            rec["bench_mallocs_per_msg"] = bench["mallocs_per_msg"]
        stream = {"wire-msg": "msg", "wire-hmsg": "hmsg"}.get(e["WORKLOAD"])
        if stream and isinstance(bench.get(stream), dict):
            rec["bench_mallocs_per_frame"] = bench[stream].get("mallocs_per_frame")
    rec["ok"] = not why
    if why:
        rec["error"] = why
    rec.update({"exit": int(e["RC"]), "seconds": int(e["SECS"]), "valgrind": e["VG"],
                "nats_server": e["SERVER"], "commit": e["COMMIT"], "dirty_tree": e["DIRTY"] == "true",
                "command": e["ARGV"]})
    print(json.dumps(rec))


def brief(line):
    r = json.loads(line)
    if not r.get("ok"):
        print(r.get("error", "failed"))
    else:
        print(f"Ir {r['Ir']:,}, allocs {r['allocs']:,}")


def main(argv):
    if len(argv) >= 3 and argv[1] == "count":
        print(json.dumps(count(argv[2:])))
    elif len(argv) == 3 and argv[1] == "table":
        table(argv[2])
    elif len(argv) == 2 and argv[1] == "record":
        record()
    elif len(argv) == 3 and argv[1] == "brief":
        brief(argv[2])
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
