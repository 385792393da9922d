#!/usr/bin/env python3
"""Structural checks of the generated deployment files, run by deployment/check.sh.

Each subcommand checks one kind of file against deployment/services.json and prints one line per
thing it checked; a failure prints `FAIL: <sentence>` and the subcommand exits 1.

  checks.py units DIR         systemd units (an INI parser): required keys, [Unit]/[Service] placement
  checks.py layout ROOT       the tree install.sh --root ROOT wrote
  checks.py dockerfile        stages, COPY sources, build commands, user, health check
  checks.py compose           services, health checks, depends_on, stop grace
  checks.py k8s               Deployments, probes, security, PDBs, NATS StatefulSet
  checks.py nix-data JSON     services.nix evaluated by nix-instantiate equals services.json
  checks.py k8s-nats-conf OUT writes the nats.conf of the k8s ConfigMap to OUT

Python 3 standard library, plus PyYAML for compose and k8s (installed with kubernetes-validate).
"""
import configparser
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DATA = json.loads((HERE / "services.json").read_text())
SERVICES = DATA["services"]
DRAIN = DATA["drain_timeout_seconds"]
failures = []


def ok(text):
    print(f"  ok: {text}")


def check(condition, text):
    if condition:
        ok(text)
    else:
        failures.append(text)
        print(f"  FAIL: {text}")


def finish():
    sys.exit(1 if failures else 0)


def seconds(text):
    match = re.fullmatch(r"(\d+)\s*(s|sec)?", str(text).strip())
    return int(match.group(1)) if match else -1


# --- systemd ------------------------------------------------------------------------------------

def read_unit(path):
    parser = configparser.ConfigParser(strict=True, interpolation=None, delimiters=("=",),
                                       comment_prefixes=("#", ";"), empty_lines_in_values=False)
    parser.optionxform = str
    parser.read_string(path.read_text(), source=str(path))
    return parser


def units(directory):
    directory = Path(directory)
    for s in SERVICES:
        path = directory / f"{s['unit']}.service"
        name = path.name
        try:
            unit = read_unit(path)
        except (OSError, configparser.Error) as error:
            check(False, f"{name} parses as INI ({error})")
            continue
        u, svc = unit["Unit"], unit["Service"]
        check(set(unit.sections()) == {"Unit", "Service", "Install"}, f"{name}: sections [Unit] [Service] [Install]")
        check("StartLimitIntervalSec" in u and "StartLimitBurst" in u
              and not any(k.startswith("StartLimit") for k in svc), f"{name}: StartLimit* in [Unit], not in [Service]")
        check("Requires" not in u and "nats.service" in u.get("Wants", "") and "nats.service" in u.get("After", ""),
              f"{name}: Wants=/After= nats.service, no Requires=")
        check(svc.get("Type") == "notify" and svc.get("NotifyAccess") == "main", f"{name}: Type=notify, NotifyAccess=main")
        check(svc.get("EnvironmentFile") == f"-{DATA['env_dir']}/{s['name']}.env", f"{name}: EnvironmentFile=-{DATA['env_dir']}/{s['name']}.env")
        check(svc.get("ExecStart") == f"{DATA['bin_dir']}/{s['name']}", f"{name}: ExecStart={DATA['bin_dir']}/{s['name']}")
        check(svc.get("User") == s["user"] and svc.get("Group") == s["user"], f"{name}: User=Group={s['user']}")
        check(svc.get("KillSignal") == "SIGTERM" and svc.get("Restart") == "on-failure", f"{name}: KillSignal=SIGTERM, Restart=on-failure")
        check(seconds(svc.get("TimeoutStopSec", "")) > DRAIN, f"{name}: TimeoutStopSec {svc.get('TimeoutStopSec')} > DRAIN_TIMEOUT {DRAIN}")
        missing = [f"{k}={v}" for k, v in DATA["hardening"] if svc.get(k) != v]
        check(not missing, f"{name}: the {len(DATA['hardening'])} hardening settings" + (f" (missing {missing})" if missing else ""))
        check(unit["Install"].get("WantedBy") == "multi-user.target", f"{name}: WantedBy=multi-user.target")


def layout(root):
    root = Path(root)
    expected = set()
    for s in SERVICES:
        expected |= {f"{DATA['bin_dir']}/{s['name']}", f"{DATA['env_dir']}/{s['name']}.env",
                     f"{DATA['env_dir']}/{s['name']}.env.example", f"/etc/systemd/system/{s['unit']}.service"}
    found = {"/" + p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
    check(found == expected, f"install.sh --root wrote exactly the {len(expected)} expected files"
          + ("" if found == expected else f" (missing {sorted(expected - found)}, extra {sorted(found - expected)})"))
    for s in SERVICES:
        binary = root / DATA["bin_dir"].lstrip("/") / s["name"]
        env = root / DATA["env_dir"].lstrip("/") / f"{s['name']}.env"
        unit = root / "etc/systemd/system" / f"{s['unit']}.service"
        check(binary.stat().st_mode & 0o777 == 0o755, f"{binary.name} installed with mode 0755")
        check(env.stat().st_mode & 0o777 == 0o640, f"{env.name} installed with mode 0640")
        check(unit.read_text() == (HERE / "systemd" / unit.name).read_text(), f"{unit.name} installed unchanged")


# --- Docker -------------------------------------------------------------------------------------

def dockerfile_instructions(text):
    """(instruction, arguments) pairs, continuation lines joined, comments dropped."""
    joined, pending = [], ""
    for line in text.split("\n"):
        if not pending and (line.strip().startswith("#") or not line.strip()):
            continue
        if line.rstrip().endswith("\\"):
            pending += line.rstrip()[:-1] + " "
            continue
        joined.append(pending + line)
        pending = ""
    result = []
    for line in joined:
        word, _, rest = line.strip().partition(" ")
        result.append((word.upper(), rest.strip()))
    return result


def manifest_paths():
    """Directories Package.swift needs outside its opt-in blocks (benchmarks, fuzzing): each
    target's `path:`, or Sources/<name> (Tests/<name> for a test target) without one."""
    text = (REPO / "Package.swift").read_text().split("\nif Context.environment")[0]
    paths = set()
    for match in re.finditer(r"\.(executableTarget|target|testTarget)\(", text):
        depth, i = 1, match.end()
        while depth and i < len(text):  # the call's arguments, parentheses balanced
            depth += {"(": 1, ")": -1}.get(text[i], 0)
            i += 1
        body = text[match.end():i]
        name = re.match(r"\s*name:\s*\"([^\"]+)\"", body).group(1)
        explicit = re.search(r"\bpath:\s*\"([^\"]+)\"", body)
        default = f"{'Tests' if match.group(1) == 'testTarget' else 'Sources'}/{name}"
        paths.add(explicit.group(1) if explicit else default)
    return paths


def dockerfile():
    path = HERE / "docker" / "Dockerfile"
    steps = dockerfile_instructions(path.read_text())
    froms = [args for word, args in steps if word == "FROM"]
    check([f.split()[-1] for f in froms] == ["build", "runtime"] and all(" AS " in f for f in froms),
          f"Dockerfile: two stages, build and runtime ({froms})")
    args = dict(a.split("=", 1) for w, a in steps if w == "ARG" and "=" in a)
    check(args.get("SWIFT_IMAGE", "").startswith("swift:6") and args.get("RUNTIME_IMAGE", "").startswith("swift:6")
          and args["RUNTIME_IMAGE"].endswith("-slim") and args["SWIFT_IMAGE"] + "-slim" == args["RUNTIME_IMAGE"],
          f"Dockerfile: build {args.get('SWIFT_IMAGE')}, runtime {args.get('RUNTIME_IMAGE')} (the same Swift and distribution, slim)")
    copies = [a for w, a in steps if w == "COPY" and not a.startswith("--from")]
    sources = [a.split()[0] for a in copies]
    missing = [s for s in sources if not (REPO / s).exists()]
    check(not missing, f"Dockerfile: every COPY source exists in the repository ({', '.join(sources)})"
          + (f"; missing {missing}" if missing else ""))
    needed = manifest_paths()
    uncovered = sorted(p for p in needed if not any(p == s or p.startswith(s.rstrip("/") + "/") for s in sources))
    check(len(needed) > 10 and not uncovered,
          f"Dockerfile: the COPYs cover all {len(needed)} target directories of Package.swift"
          + (f"; not copied: {uncovered}" if uncovered else ""))
    runs = [a for w, a in steps if w == "RUN"]
    builds = [r for r in runs if r.startswith("swift build") and "--show-bin-path" not in r]
    expected = [DATA["build_command"].format(product=s["name"]) for s in SERVICES]
    check(builds == expected, f"Dockerfile: builds with {DATA['build_command'].format(product='<service>')} for the four services, the install.sh command")
    install = (HERE / "systemd" / "install.sh").read_text()
    check(DATA["build_command"].format(product="$name") in install, "install.sh: builds with the same command")
    copied_out = [a for w, a in steps if w == "COPY" and a.startswith("--from=build")]
    check(copied_out and all(f'cp "$bin/{s["name"]}" /out/' in " ".join(runs) for s in SERVICES),
          "Dockerfile: the runtime stage gets the four binaries from the build stage")
    user = [a for w, a in steps if w == "USER"]
    check(user and not user[-1].startswith("0") and not user[-1].startswith("root"), f"Dockerfile: runs as a non-root user ({user})")
    health = [a for w, a in steps if w == "HEALTHCHECK"]
    check(health and "/readyz" in health[0] and "bash" in health[0], "Dockerfile: HEALTHCHECK asks /readyz (bash /dev/tcp: no curl needed)")
    check(any(w == "STOPSIGNAL" and a == "SIGTERM" for w, a in steps), "Dockerfile: STOPSIGNAL SIGTERM")
    ignore = (HERE / "docker" / "Dockerfile.dockerignore").read_text()
    check(all(f"!{s}" in ignore for s in ["Package.swift", *sources]), "Dockerfile.dockerignore: lets through what the COPYs need")


def compose():
    import yaml
    doc = yaml.safe_load((HERE / "docker" / "compose.yaml").read_text())
    services = doc["services"]
    nats = services["nats"]
    check("healthcheck" in nats and "/dev/null" in " ".join(nats["healthcheck"]["test"]), "compose: nats has a health check (/healthz, JetStream enabled)")
    check("nats-data:/data" in nats["volumes"] and "nats-data" in doc.get("volumes", {}), "compose: nats keeps JetStream on the volume nats-data")
    check(nats["environment"].get("NATS_SYNC_INTERVAL") == '"${NATS_SYNC_INTERVAL:-2m}"',
          "compose: the sync policy is chosen by NATS_SYNC_INTERVAL (quoted for nats-server)")
    ports = set()
    for s in SERVICES:
        svc = services.get(s["name"])
        if svc is None:
            check(False, f"compose: service {s['name']}")
            continue
        env = svc["environment"]
        check(svc["command"] == [s["name"]] and env["STREAM_NAME"] == s["stream"] and env["HTTP_PORT"] == str(s["http_port"]),
              f"compose: {s['name']} runs {s['name']}, stream {s['stream']}, HTTP port {s['http_port']}")
        check(svc["depends_on"]["nats"]["condition"] == "service_healthy", f"compose: {s['name']} waits for nats to be healthy")
        check("/readyz" in " ".join(svc["healthcheck"]["test"]) and str(s["http_port"]) in " ".join(svc["healthcheck"]["test"]),
              f"compose: {s['name']} health check asks /readyz on its port")
        check(seconds(svc["stop_grace_period"]) > DRAIN, f"compose: {s['name']} stop_grace_period {svc['stop_grace_period']} > DRAIN_TIMEOUT")
        ports.add(s["http_port"])
    check(len(ports) == len(SERVICES), "compose: each service has its own HTTP port")


# --- Kubernetes ---------------------------------------------------------------------------------

def k8s_documents():
    import yaml
    docs = {}
    for path in sorted((HERE / "k8s").glob("*.yaml")):
        if path.name == "kustomization.yaml":
            continue
        for doc in yaml.safe_load_all(path.read_text()):
            if doc:
                docs[(doc["kind"], doc["metadata"]["name"])] = doc
    return docs


def k8s():
    docs = k8s_documents()
    kube = DATA["kubernetes"]
    for s in SERVICES:
        name = s["name"]
        deployment = docs.get(("Deployment", name))
        if not deployment:
            check(False, f"k8s: Deployment {name}")
            continue
        spec = deployment["spec"]
        pod = spec["template"]["spec"]
        container = pod["containers"][0]
        env = {e["name"]: e for e in container["env"]}
        check(spec["replicas"] == kube["replicas"], f"k8s: {name} has {kube['replicas']} replicas")
        check(container["livenessProbe"]["httpGet"]["path"] == "/healthz" and container["readinessProbe"]["httpGet"]["path"] == "/readyz",
              f"k8s: {name} liveness /healthz, readiness /readyz")
        check(env["HTTP_HOST"]["value"] == "0.0.0.0" and env["HTTP_PORT"]["value"] == str(s["http_port"])
              and container["ports"][0]["containerPort"] == s["http_port"], f"k8s: {name} serves HTTP on 0.0.0.0:{s['http_port']}")
        check(env["STREAM_REPLICAS"]["value"] == str(kube["stream_replicas"]) and env["STREAM_NAME"]["value"] == s["stream"],
              f"k8s: {name} stream {s['stream']} with {kube['stream_replicas']} replicas")
        check("secretKeyRef" in env["NATS_URL"]["valueFrom"] and any(
            v.get("secret", {}).get("secretName") == f"{name}-nats" for v in pod["volumes"]),
            f"k8s: {name} takes NATS_URL and its credentials from the Secret {name}-nats")
        check(pod["securityContext"]["runAsNonRoot"] and container["securityContext"]["readOnlyRootFilesystem"]
              and not container["securityContext"]["allowPrivilegeEscalation"], f"k8s: {name} non-root, read-only root filesystem")
        check(pod["terminationGracePeriodSeconds"] > DRAIN, f"k8s: {name} terminationGracePeriodSeconds {pod['terminationGracePeriodSeconds']} > DRAIN_TIMEOUT")
        check("requests" in container["resources"] and "limits" in container["resources"], f"k8s: {name} has resource requests and limits")
        service = docs.get(("Service", name), {})
        annotations = service.get("metadata", {}).get("annotations", {})
        check(annotations.get("prometheus.io/scrape") == "true" and annotations.get("prometheus.io/port") == str(s["http_port"])
              and annotations.get("prometheus.io/path") == "/metrics", f"k8s: Service {name} carries the Prometheus scrape annotations")
        pdb = docs.get(("PodDisruptionBudget", name), {})
        check(pdb.get("spec", {}).get("minAvailable") == 1, f"k8s: PodDisruptionBudget {name} minAvailable 1")
    nats = docs.get(("StatefulSet", "nats"), {})
    check(nats.get("spec", {}).get("replicas") == kube["nats_replicas"] and nats["spec"].get("volumeClaimTemplates"),
          f"k8s: nats StatefulSet with {kube['nats_replicas']} replicas and a PersistentVolumeClaim each")
    conf = docs[("ConfigMap", "nats-config")]["data"]["nats.conf"]
    check("jetstream" in conf and conf.count("nats-headless") == kube["nats_replicas"], "k8s: nats.conf enables JetStream and routes to the 3 nodes")


def k8s_nats_conf(out):
    docs = k8s_documents()
    Path(out).write_text(docs[("ConfigMap", "nats-config")]["data"]["nats.conf"])


# --- Nix ----------------------------------------------------------------------------------------

def nix_data(evaluated_json):
    value = json.loads(Path(evaluated_json).read_text())
    check(value["drainTimeout"] == DRAIN and value["stopTimeout"] == DATA["stop_timeout_seconds"], "services.nix: timeouts")
    check(value["hardening"] == {k: v for k, v in DATA["hardening"]}, "services.nix: the hardening of the systemd units")
    for s in SERVICES:
        n = value["services"].get(s["domain"], {})
        check((n.get("name"), n.get("unit"), n.get("user"), n.get("option"), n.get("stream"), n.get("httpPort"))
              == (s["name"], s["unit"], s["user"], s["nix_option"], s["stream"], s["http_port"]),
              f"services.nix: {s['name']} (services.{s['nix_option']}, unit {s['unit']}, port {s['http_port']})")


def main():
    command, *rest = sys.argv[1:] or ["help"]
    commands = {"units": units, "layout": layout, "dockerfile": dockerfile, "compose": compose, "k8s": k8s,
                "nix-data": nix_data, "k8s-nats-conf": k8s_nats_conf}
    if command not in commands:
        print(__doc__)
        sys.exit(2)
    commands[command](*rest)
    finish()


if __name__ == "__main__":
    main()
