#!/usr/bin/env python3
"""Interop responder written against nats-py (the Python NATS client).

Subscribes to --subject (in queue group --queue when given) and answers every request:
  - payload: the request's payload REVERSED byte by byte (b"abc" -> b"cba"), so a requester can tell
    the reply was produced by this responder and not looped back; pass --echo to send the payload
    back unchanged instead;
  - headers: every request header echoed back unchanged, plus `X-Responder: nats-py`.
A request without a reply subject is counted as `no_reply` and not answered.

Prints `READY` on its own line on stdout once the subscription has reached the server, then, when it
stops, one JSON summary line on stdout. Stops after --count requests (exit 0) or after --timeout
seconds (exit 0 if --count is 0, meaning "no limit", else exit 1 because fewer requests came).
Exit 2 on bad arguments or a connection failure. Diagnostics go to stderr.

Usage:
  responder.py --subject SUBJ [--queue Q] [--count N] [--timeout S] [--url URL] [--echo]

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
except ImportError:  # pragma: no cover - a clear message beats a traceback
    print("responder.py: nats-py is not installed (pip install nats-py)", file=sys.stderr)
    sys.exit(2)


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--url", default=os.environ.get("NATS_URL", "nats://127.0.0.1:4222"))
    p.add_argument("--subject", required=True)
    p.add_argument("--queue", default="", help="queue group (default: none)")
    p.add_argument("--count", type=int, default=1, help="stop after this many requests; 0 = no limit")
    p.add_argument("--timeout", type=float, default=30.0, help="stop after this many seconds")
    p.add_argument("--echo", action="store_true", help="reply with the payload unchanged, not reversed")
    args = p.parse_args()
    if args.count < 0 or args.timeout <= 0:
        p.error("--count must be >= 0 and --timeout > 0")
    return args


async def run(args):
    connected = False

    async def on_error(e):
        # nats-py reports every failed connect attempt here too; the final error is printed below.
        if connected:
            print(f"responder.py: connection error: {e!r}", file=sys.stderr)

    try:
        nc = await nats.connect(args.url, name="interop-responder-nats-py", connect_timeout=5,
                                allow_reconnect=False, max_reconnect_attempts=1,
                                reconnect_time_wait=0.1, error_cb=on_error)
    except Exception as e:  # noqa: BLE001 - any failure to connect ends the run
        print(f"responder.py: cannot connect to {args.url}: {e!r}", file=sys.stderr)
        return 2
    connected = True

    handled = 0
    no_reply = 0
    done = asyncio.Event()

    async def on_request(msg):
        nonlocal handled, no_reply
        if not msg.reply:
            no_reply += 1
            return
        headers = dict(msg.headers or {})
        headers["X-Responder"] = "nats-py"
        payload = msg.data if args.echo else msg.data[::-1]
        await nc.publish(msg.reply, payload, headers=headers)
        handled += 1
        if args.count and handled >= args.count:
            done.set()

    await nc.subscribe(args.subject, queue=args.queue, cb=on_request,
                       pending_msgs_limit=0, pending_bytes_limit=0)  # 0: no limit
    await nc.flush(timeout=5)
    print("READY", flush=True)

    started = time.monotonic()
    timed_out = False
    try:
        await asyncio.wait_for(done.wait(), timeout=args.timeout)
    except asyncio.TimeoutError:
        timed_out = True
    # Drain: pending replies are sent before the connection closes.
    try:
        await nc.drain()
    except Exception as e:  # noqa: BLE001
        print(f"responder.py: drain failed: {e!r}", file=sys.stderr)

    summary = {
        "role": "responder",
        "client": "nats-py",
        "subject": args.subject,
        "queue": args.queue or None,
        "mode": "echo" if args.echo else "reverse",
        "handled": handled,
        "no_reply": no_reply,
        "count": args.count,
        "timed_out": timed_out,
        "elapsed_s": round(time.monotonic() - started, 3),
    }
    print(json.dumps(summary), flush=True)
    if timed_out and args.count:
        print(f"responder.py: timed out after {args.timeout} s with {handled} of {args.count} requests",
              file=sys.stderr)
        return 1
    return 0


def main():
    args = parse_args()
    sys.exit(asyncio.run(run(args)))


if __name__ == "__main__":
    main()
