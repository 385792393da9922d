#!/usr/bin/env python3
"""Tests of benchstats.py (the statistics behind perf/scripts/compare.sh), on hand-made results.

    python3 perf/scripts/test_benchstats.py
"""
import contextlib
import io
import json
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # no __pycache__ beside the scripts
sys.path.insert(0, HERE)
import benchstats  # noqa: E402


def swift(rate, received=1000):
    return {"bench": "pubsub", "client": "swift", "pub_msgs_per_sec": float(rate),
            "sub_msgs_per_sec": float(rate), "received": received}


def c(rate, received=1000):
    return {"client": "nats.c", "command": "pubsub", "pub_msgs_per_sec": float(rate),
            "sub_msgs_per_sec": float(rate), "received": received}


def row(round_no, client, result, rc=0):
    return {"round": round_no, "client": client, "rc": rc, "result": result}


class BenchstatsTests(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)

    def write(self, rows, name="results.jsonl"):
        path = os.path.join(self.tmp.name, name)
        with open(path, "w") as f:
            for r in rows:
                f.write(json.dumps(r) + "\n")
        return path

    def summary(self, path, *options):
        """Runs the summary as compare.sh does; returns (exit status, output)."""
        out = subprocess.run([sys.executable, os.path.join(HERE, "benchstats.py"), "summary", "pubsub", path,
                              *options], capture_output=True, text=True)
        self.assertEqual(out.stderr, "")
        return out.returncode, out.stdout

    def median_line(self, output, key):
        line = next(l for l in output.splitlines() if l.strip().startswith(key + " "))
        return line.split()[1:4]  # Swift, C, Swift/C

    def test_all_rounds_good(self):
        rows = []
        for r, (s, cc) in enumerate([(100, 50), (300, 150), (200, 100)], start=1):
            rows += [row(r, "swift", swift(s)), row(r, "c", c(cc))]
        path = self.write(rows)
        status, output = self.summary(path, "--rounds", "3", "--clients", "swift,c")
        self.assertEqual(status, 0, output)
        self.assertIn("Medians over 3 of 3 rounds", output)
        self.assertEqual(self.median_line(output, "pub_msgs_per_sec"), ["200.0", "100.0", "2.00"])
        self.assertNotIn("FAILED", output)

    def test_one_failed_swift_round_fails_and_is_left_out_of_both_medians(self):
        rows = [
            row(1, "swift", swift(100)), row(1, "c", c(100)),
            # Round 2: Swift failed (exit 1 with an error line); C was fine but very fast: if it
            # counted, C's median would be 1000 instead of 100.
            row(2, "c", c(1000)), row(2, "swift", {"error": "connection refused"}, rc=1),
            row(3, "swift", swift(300)), row(3, "c", c(100)),
        ]
        path = self.write(rows)
        status, output = self.summary(path, "--rounds", "3", "--clients", "swift,c")
        self.assertEqual(status, 1, output)
        self.assertIn("Medians over 2 of 3 rounds", output)
        self.assertIn("rounds 1, 3", output)
        self.assertEqual(self.median_line(output, "pub_msgs_per_sec"), ["200.0", "100.0", "2.00"])
        self.assertIn("FAILED: 1 run(s) in 1 of 3 rounds (rounds 2)", output)
        self.assertIn("round 2 Swift: exit 1: connection refused", output)

    def test_round_without_json_fails(self):
        # Built the way compare.sh builds it: `record` from the runs' standard output.
        results = os.path.join(self.tmp.name, "results.jsonl")
        outputs = {
            (1, "swift"): json.dumps(swift(100)) + "\n",
            (1, "c"): "connecting...\n" + json.dumps(c(50)) + "\n",
            (2, "c"): json.dumps(c(60)) + "\n",
            (2, "swift"): "connecting...\nsegmentation fault, no JSON\n{not json\n",
        }
        for (r, client), text in outputs.items():
            stdout = os.path.join(self.tmp.name, f"out.{r}.{client}")
            with open(stdout, "w") as f:
                f.write(text)
            benchstats.cmd_record(results, r, client, 0, stdout)
        status, output = self.summary(results, "--rounds", "2", "--clients", "swift,c")
        self.assertEqual(status, 1, output)
        self.assertIn("Medians over 1 of 2 rounds", output)
        self.assertEqual(self.median_line(output, "pub_msgs_per_sec"), ["100.0", "50.0", "2.00"])
        self.assertIn("round 2 Swift: no JSON output", output)
        # The per-round line says so too.
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            benchstats.cmd_round("pubsub", results, 2)
        self.assertIn("round 2 Swift  FAILED: no JSON output", printed.getvalue())
        self.assertIn("round 2 C      pub_msgs_per_sec=60.0", printed.getvalue())

    def test_ok_false_errors_timeout_and_missing_runs_fail(self):
        rows = [
            row(1, "swift", swift(100)), row(1, "c", c(100)),
            row(2, "swift", dict(swift(100), ok=False)), row(2, "c", c(100)),
            row(3, "swift", swift(100)), row(3, "c", dict(c(100), errors=3)),
            row(4, "swift", None, rc=124), row(4, "c", c(100)),
            row(5, "c", c(100)),  # the Swift run of round 5 is missing
            row(6, "swift", dict(swift(100), ok=True)), row(6, "c", dict(c(100), errors=0)),
        ]
        path = self.write(rows)
        status, output = self.summary(path, "--rounds", "6", "--clients", "swift,c")
        self.assertEqual(status, 1, output)
        self.assertIn("Medians over 2 of 6 rounds", output)
        self.assertIn("rounds 1, 6", output)
        self.assertIn('round 2 Swift: "ok": false', output)
        self.assertIn('round 3 C: "errors": 3', output)
        self.assertIn("round 4 Swift: killed by the timeout (exit 124), no JSON output", output)
        self.assertIn("round 5 Swift: no run recorded", output)

    def test_rounds_that_never_ran_count_as_failed(self):
        path = self.write([row(1, "swift", swift(100)), row(1, "c", c(100))])
        status, output = self.summary(path, "--rounds", "2", "--clients", "swift,c")
        self.assertEqual(status, 1, output)
        self.assertIn("round 2 Swift: no run recorded", output)
        self.assertIn("round 2 C: no run recorded", output)

    def test_c_only_comparison_uses_the_c_rounds(self):
        path = self.write([row(1, "c", c(100)), row(2, "c", c(300))])
        status, output = self.summary(path, "--rounds", "2", "--clients", "c")
        self.assertEqual(status, 0, output)
        self.assertIn("Medians over 2 of 2 rounds", output)
        self.assertEqual(self.median_line(output, "pub_msgs_per_sec"), ["-", "200.0", "-"])
        self.assertIn("the Swift side was not run", output)

    def test_no_complete_round_fails(self):
        path = self.write([row(1, "swift", None, rc=137), row(1, "c", None, rc=1)])
        status, output = self.summary(path)
        self.assertEqual(status, 1, output)
        self.assertIn("Medians over 0 of 1 rounds", output)
        self.assertIn("no complete round", output)
        self.assertIn("round 1 Swift: killed by the timeout's SIGKILL (exit 137), no JSON output", output)

    def test_without_options_the_file_says_which_rounds_and_clients(self):
        rows = [row(1, "swift", swift(100)), row(1, "c", c(100)),
                row(2, "c", c(100)), row(2, "swift", None, rc=2)]
        path = self.write(rows)
        status, output = self.summary(path)
        self.assertEqual(status, 1, output)
        self.assertIn("Medians over 1 of 2 rounds", output)
        self.assertIn("round 2 Swift: exit 2, no JSON output", output)


if __name__ == "__main__":
    unittest.main(verbosity=2)
