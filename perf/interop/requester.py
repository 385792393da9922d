#!/usr/bin/env python3
"""Interop requester written against nats-py (the Python NATS client).

Sends --count requests to --subject, one after another. Request n (1-based) carries the payload
`request-<n>` (padded with '.' to --size bytes when --size is larger) and the headers
`X-Seq: <n>` and `X-Client: nats-py`. Each reply is checked:
  - its payload must be the request's payload reversed (--expect reverse, the default, matching
    responder.py), unchanged (--expect echo), or either (--expect any);
  - it must carry an `X-Responder` header (any value);
  - with --require-echoed-headers, it must also carry `X-Seq: <n>` and `X-Client: nats-py` back.

Prints `READY` on its own line on stdout once connected, then one JSON summary line on stdout.
Exit 0 when every reply passed; 1 on any mismatch or timeout; 2 on bad arguments or a connection
failure. Diagnostics go to stderr.

"No responders" (nobody subscribed yet) is retried every 50 ms until --wait-responder seconds have
passed since the start (default 10), so the requester may be started before the responder is ready.
--timeout is the wait for each reply, in seconds (default 5).

Usage:
  requester.py --subject SUBJ [--count N] [--timeout S] [--size BYTES] [--expect reverse|echo|any]
               [--require-echoed-headers] [--wait-responder S] [--url URL]

Requires nats-py (`pip install nats-py`; scripts/install-deps.sh installs it).
"""
import argparse
import asyncio
import json
import os
import sys
import time

try:
    import nats
    from nats.errors import NoRespondersError
    from nats.errors import TimeoutError as NatsTimeoutError
except ImportError:  # pragma: no cover
    print("requester.py: nats-py is not installed (pip install nats-py)", file=sys.stderr)
    sys.exit(2)

MAX_REPORTED_FAILURES = 10


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--url", default=os.environ.get("NATS_URL", "nats://127.0.0.1:4222"))
    p.add_argument("--subject", required=True)
    p.add_argument("--count", type=int, default=10)
    p.add_argument("--timeout", type=float, default=5.0, help="seconds to wait for each reply")
    p.add_argument("--size", type=int, default=0, help="pad payloads with '.' to this many bytes")
    p.add_argument("--expect", choices=["reverse", "echo", "any"], default="reverse")
    p.add_argument("--require-echoed-headers", action="store_true")
    p.add_argument("--wait-responder", type=float, default=10.0,
                   help="retry 'no responders' for up to this many seconds from the start")
    args = p.parse_args()
    if args.count < 1 or args.timeout <= 0 or args.size < 0 or args.wait_responder < 0:
        p.error("--count must be >= 1, --timeout > 0, --size >= 0, --wait-responder >= 0")
    return args


def payload_for(n, size):
    data = f"request-{n}".encode()
    if len(data) < size:
        data += b"." * (size - len(data))
    return data


def check_reply(args, n, sent, reply):
    """Returns a list of problems with the reply (empty when it is right)."""
    problems = []
    reversed_ok = reply.data == sent[::-1]
    echo_ok = reply.data == sent
    if args.expect == "reverse" and not reversed_ok:
        problems.append("payload is not the request reversed")
    elif args.expect == "echo" and not echo_ok:
        problems.append("payload is not the request echoed")
    elif args.expect == "any" and not (reversed_ok or echo_ok):
        problems.append("payload is neither the request reversed nor echoed")
    headers = reply.headers or {}
    if not headers.get("X-Responder"):
        problems.append("no X-Responder header")
    if args.require_echoed_headers:
        if headers.get("X-Seq") != str(n):
            problems.append(f"X-Seq echoed as {headers.get('X-Seq')!r}, expected {str(n)!r}")
        if headers.get("X-Client") != "nats-py":
            problems.append(f"X-Client echoed as {headers.get('X-Client')!r}")
    return problems


async def run(args):
    connected = False

    async def on_error(e):
        # nats-py reports every failed connect attempt here too; the final error is printed below.
        if connected:
            print(f"requester.py: connection error: {e!r}", file=sys.stderr)

    try:
        nc = await nats.connect(args.url, name="interop-requester-nats-py", connect_timeout=5,
                                allow_reconnect=False, max_reconnect_attempts=1,
                                reconnect_time_wait=0.1, error_cb=on_error)
    except Exception as e:  # noqa: BLE001
        print(f"requester.py: cannot connect to {args.url}: {e!r}", file=sys.stderr)
        return 2
    connected = True
    print("READY", flush=True)

    started = time.monotonic()
    responder_deadline = started + args.wait_responder
    ok = 0
    failures = []
    failed = 0
    timed_out = False
    responders = set()

    for n in range(1, args.count + 1):
        sent = payload_for(n, args.size)
        headers = {"X-Seq": str(n), "X-Client": "nats-py"}
        reply = None
        while True:
            try:
                reply = await nc.request(args.subject, sent, timeout=args.timeout, headers=headers)
                break
            except NoRespondersError:
                if time.monotonic() >= responder_deadline:
                    problem = "no responders"
                    break
                await asyncio.sleep(0.05)
            except (NatsTimeoutError, asyncio.TimeoutError):
                problem = f"no reply within {args.timeout} s"
                timed_out = True
                break
        if reply is None:
            problems = [problem]
        else:
            problems = check_reply(args, n, sent, reply)
            responders.add((reply.headers or {}).get("X-Responder"))
        if problems:
            failed += 1
            if len(failures) < MAX_REPORTED_FAILURES:
                failures.append({"seq": n, "problems": problems})
            print(f"requester.py: request {n}: {'; '.join(problems)}", file=sys.stderr)
            if reply is None:
                break  # the responder is gone or absent: do not wait --timeout for each remaining one
        else:
            ok += 1

    try:
        await nc.drain()
    except Exception as e:  # noqa: BLE001
        print(f"requester.py: drain failed: {e!r}", file=sys.stderr)

    summary = {
        "role": "requester",
        "client": "nats-py",
        "subject": args.subject,
        "count": args.count,
        "sent": ok + failed,
        "ok": ok,
        "failed": failed,
        "timed_out": timed_out,
        "expect": args.expect,
        "responders": sorted(r for r in responders if r),
        "failures": failures,
        "elapsed_s": round(time.monotonic() - started, 3),
    }
    print(json.dumps(summary), flush=True)
    return 0 if ok == args.count else 1


def main():
    args = parse_args()
    sys.exit(asyncio.run(run(args)))


if __name__ == "__main__":
    main()
