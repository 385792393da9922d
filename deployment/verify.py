#!/usr/bin/env python3
"""Checks a running deployment of the CIM services: the seeds' production checklist as checks.

Against the NATS URL of a deployment (and, where given, the services' HTTP addresses) it checks:
  - each service's JetStream stream exists, captures the service's event subjects, is file-backed,
    has the expected replicas (--replicas) and age limit (--max-age-days), and its KV buckets
    (snapshots; open work for the agent) exist;
  - each service answers `$SRV.PING.<service>`, with at least --min-instances instances;
  - for each --http SERVICE=URL (or every service with --http-host HOST at its default port):
    /healthz and /readyz answer 200, and /metrics serves Prometheus text.
Prints one line per check ("ok: …" or "FAIL: …"); exits 0 when all pass, 1 when any fails, 2 when
the arguments are bad or NATS cannot be reached.

Usage:
  deployment/verify.sh nats://nats-1:4222,nats://nats-2:4222 --replicas 3 --http-host 10.0.0.5
  deployment/verify.sh tls://nats.example:4222 --creds ops.creds --tls-ca ca.pem \\
      --http person-service=http://10.0.0.5:8080 --services person,policy
Credentials: --creds FILE, --nkey FILE, or NATS_USER/NATS_PASSWORD or NATS_TOKEN in the
environment (never on the command line). Requires nats-py (scripts/install-deps.sh installs it).
"""
import argparse
import asyncio
import json
import os
import ssl
import sys
import urllib.error
import urllib.request
from pathlib import Path

try:
    import nats
    from nats.js.errors import NotFoundError
except ImportError:  # pragma: no cover
    print("verify.py: nats-py is not installed (pip install nats-py)", file=sys.stderr)
    sys.exit(2)

DATA = json.loads((Path(__file__).resolve().parent / "services.json").read_text())
failures = 0


def ok(text):
    print(f"ok: {text}")


def fail(text):
    global failures
    failures += 1
    print(f"FAIL: {text}")


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("url", help="NATS URL(s), comma-separated")
    p.add_argument("--services", default=",".join(s["domain"] for s in DATA["services"]),
                   help="domains or service names to check, comma-separated (default: all four)")
    p.add_argument("--replicas", type=int, default=None, help="expected stream replicas (default: not checked)")
    p.add_argument("--max-age-days", type=int, default=None, help="expected stream age limit in days, 0 for none (default: not checked)")
    p.add_argument("--min-instances", type=int, default=1, help="instances that must answer $SRV.PING (default 1)")
    p.add_argument("--http", action="append", default=[], metavar="SERVICE=URL", help="a service's HTTP base URL")
    p.add_argument("--http-host", help="check every service's HTTP endpoints on this host at its default port")
    p.add_argument("--creds", help="NATS credentials file")
    p.add_argument("--nkey", help="NKey seed file")
    p.add_argument("--tls-ca", help="CA certificate for tls:// URLs")
    p.add_argument("--timeout", type=float, default=3.0, help="seconds to wait for each answer (default 3)")
    args = p.parse_args()
    by_key = {s["domain"]: s for s in DATA["services"]} | {s["name"]: s for s in DATA["services"]}
    chosen = []
    for key in filter(None, args.services.split(",")):
        if key not in by_key:
            p.error(f"unknown service {key!r} (one of {', '.join(by_key)})")
        chosen.append(by_key[key])
    args.chosen = chosen
    http = {}
    if args.http_host:
        http = {s["name"]: f"http://{args.http_host}:{s['http_port']}" for s in chosen}
    for item in args.http:
        name, _, url = item.partition("=")
        if name not in by_key or not url:
            p.error(f"--http wants SERVICE=URL, not {item!r}")
        http[by_key[name]["name"]] = url.rstrip("/")
    args.http_urls = http
    return args


async def check_stream(js, service, args):
    name = service["stream"]
    try:
        info = await js.stream_info(name)
    except NotFoundError:
        fail(f"{service['name']}: stream {name} does not exist (the service creates it at start)")
        return
    config = info.config
    ok(f"{service['name']}: stream {name} exists ({info.state.messages} messages)")
    if service["event_subjects"] in (config.subjects or []):
        ok(f"{service['name']}: {name} captures {service['event_subjects']}")
    else:
        fail(f"{service['name']}: {name} captures {config.subjects}, not {service['event_subjects']}")
    storage = getattr(config.storage, "value", config.storage)
    if storage == "file":
        ok(f"{service['name']}: {name} is file-backed")
    else:
        fail(f"{service['name']}: {name} has {storage} storage, not file")
    if args.replicas is not None:
        if config.num_replicas == args.replicas:
            ok(f"{service['name']}: {name} has {args.replicas} replicas")
        else:
            fail(f"{service['name']}: {name} has {config.num_replicas} replicas, expected {args.replicas}")
    if args.max_age_days is not None:
        days = round((config.max_age or 0) / 86400)
        if days == args.max_age_days:
            ok(f"{service['name']}: {name} keeps events {days or 'for ever'} days" if days else f"{service['name']}: {name} keeps events for ever")
        else:
            fail(f"{service['name']}: {name} keeps events {days} days, expected {args.max_age_days}")
    for bucket in service["kv_buckets"]:
        try:
            kv_info = await js.stream_info(f"KV_{bucket}")
            replicas = kv_info.config.num_replicas
            if args.replicas is not None and replicas != args.replicas:
                fail(f"{service['name']}: KV bucket {bucket} has {replicas} replicas, expected {args.replicas}")
            else:
                ok(f"{service['name']}: KV bucket {bucket} exists ({replicas} replicas)")
        except NotFoundError:
            fail(f"{service['name']}: KV bucket {bucket} does not exist")


async def check_ping(nc, service, args):
    inbox = nc.new_inbox()
    answers = []

    async def collect(msg):
        answers.append(msg.data)

    sub = await nc.subscribe(inbox, cb=collect)
    await nc.publish(f"$SRV.PING.{service['name']}", b"", reply=inbox)
    await nc.flush()
    await asyncio.sleep(args.timeout)
    await sub.unsubscribe()
    ids = set()
    for data in answers:
        try:
            ids.add(json.loads(data).get("id"))
        except ValueError:
            pass
    if len(ids) >= args.min_instances:
        ok(f"{service['name']}: {len(ids)} instance(s) answer $SRV.PING.{service['name']}")
    else:
        fail(f"{service['name']}: {len(ids)} instance(s) answer $SRV.PING.{service['name']}, expected at least {args.min_instances}")


def http_get(url, timeout):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), ""
    except (urllib.error.URLError, OSError) as error:
        return None, "", str(error)


def check_http(name, base, args):
    for path in ("/healthz", "/readyz"):
        status, _, body = http_get(base + path, args.timeout)
        if status == 200:
            ok(f"{name}: {base}{path} answers 200")
        else:
            fail(f"{name}: {base}{path} answers {status if status else 'nothing (' + body + ')'}, not 200")
    status, content_type, body = http_get(base + "/metrics", args.timeout)
    if status == 200 and content_type.startswith("text/plain") and "# TYPE " in body:
        series = sum(1 for line in body.splitlines() if line and not line.startswith("#"))
        ok(f"{name}: {base}/metrics serves Prometheus text ({series} samples)")
    else:
        fail(f"{name}: {base}/metrics does not serve Prometheus text (status {status}, {content_type or 'no content type'})")


async def main():
    args = parse_args()
    options = {"servers": args.url.split(","), "connect_timeout": args.timeout, "max_reconnect_attempts": 0,
               "allow_reconnect": False, "name": "cim-deployment-verify"}
    if args.creds:
        options["user_credentials"] = args.creds
    if args.nkey:
        options["nkeys_seed"] = args.nkey
    if os.environ.get("NATS_USER"):
        options["user"], options["password"] = os.environ["NATS_USER"], os.environ.get("NATS_PASSWORD", "")
    if os.environ.get("NATS_TOKEN"):
        options["token"] = os.environ["NATS_TOKEN"]
    if args.tls_ca:
        context = ssl.create_default_context(cafile=args.tls_ca)
        options["tls"] = context
    try:
        nc = await nats.connect(**options)
    except Exception as error:  # nats-py raises several kinds
        print(f"verify.py: cannot connect to {args.url}: {error}", file=sys.stderr)
        return 2
    ok(f"connected to {nc.connected_url.netloc} (nats-server {nc._server_info.get('version', '?')})")
    js = nc.jetstream()
    try:
        for service in args.chosen:
            await check_stream(js, service, args)
        await asyncio.gather(*(check_ping(nc, service, args) for service in args.chosen))
    finally:
        await nc.close()
    for name, base in args.http_urls.items():
        check_http(name, base, args)
    if failures:
        print(f"verify.py: {failures} check(s) failed")
        return 1
    print("verify.py: every check passed")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
