#!/usr/bin/env python3
"""Prints a running service's commits to its event stream and the messages they held so far,
read from its /metrics (`cim_commit_batch_size_count` and `_sum`): `COMMITS MESSAGES`.

    perf/scripts/lib/commit-counts.py HTTP_PORT

Exits non-zero with a sentence when /metrics does not answer or lacks the two lines."""
import sys
import urllib.request

port = sys.argv[1]
try:
    text = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10).read().decode()
except OSError as error:
    sys.exit(f"commit-counts: /metrics on port {port} did not answer: {error}")
values = {}
for line in text.splitlines():
    name = line.split("{")[0].split(" ")[0]
    if name in ("cim_commit_batch_size_count", "cim_commit_batch_size_sum"):
        values[name] = float(line.rsplit(" ", 1)[1])
if len(values) != 2:
    sys.exit(f"commit-counts: /metrics on port {port} has no cim_commit_batch_size count and sum")
print(int(values["cim_commit_batch_size_count"]), int(values["cim_commit_batch_size_sum"]))
