#!/usr/bin/env bash
# Checks every deployment file (scripts/test.sh runs it; CIM_SKIP_DEPLOYMENT_CHECK=1 skips it there):
#   1. drift: regenerating from deployment/services.json and the templates changes nothing;
#   2. systemd: the units parse and carry the required keys (deployment/checks.py), install.sh
#      --dry-run changes nothing, install.sh --root DIR lays out the expected tree and keeps an
#      existing .env, and `systemd-analyze verify` accepts the installed units;
#   3. Nix: `nix-instantiate --parse` on every .nix file, and services.nix evaluates to services.json;
#   4. Docker: the Dockerfile's stages, COPY sources and build commands; compose.yaml against the
#      compose specification (check-jsonschema); nats-server.conf with `nats-server -t`;
#   5. Kubernetes: every document with kubernetes-validate against Kubernetes K8S_VERSION
#      (services.json), the manifests' required settings, the NATS ConfigMap with `nats-server -t`;
#   6. the nats-server configurations of deployment/nats with `nats-server -t` (nats/validate.sh);
#   7. verify.py compiles, and fails with a sentence against a server without the services.
# A validator that cannot run here is skipped with a line saying so ("SKIP: …"); anything else
# that fails makes the script exit 1 after all checks, naming each failure.
#
# Usage: deployment/check.sh     (tools: scripts/install-deps.sh installs them when missing)
# Environment: NATS_SERVER_BIN (default: nats-server on PATH), PYTHON (default python3).
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
cd "$repo"
PYTHON="${PYTHON:-python3}"
NATS_SERVER_BIN="${NATS_SERVER_BIN:-$(command -v nats-server || true)}"
k8s_version="$("$PYTHON" -c 'import json,sys; print(json.load(open(sys.argv[1]))["kubernetes"]["version"])' "$here/services.json")"

failed=()
skipped=()
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

section() { echo; echo "check.sh: == $*"; }
pass() { echo "  ok: $*"; }
fail() { echo "  FAIL: $*"; failed+=("$*"); }
skip() { echo "  SKIP: $*"; skipped+=("$*"); }
# step NAME CMD...: runs CMD, its output indented; fails with NAME when it exits non-zero.
step() {
  local name="$1"; shift
  if "$@" >"$tmp/out" 2>&1; then
    sed 's/^/    /' "$tmp/out" | grep -v '^    *$' | grep -v "build-users-group" || true
    pass "$name"
  else
    sed 's/^/    /' "$tmp/out"
    fail "$name"
  fi
}
# checks SUBCOMMAND ARGS...: deployment/checks.py, whose lines say what it checked.
checks() {
  if ! "$PYTHON" "$here/checks.py" "$@"; then failed+=("checks.py $1 (see the FAIL lines above)"); fi
}

section "drift: generated files against deployment/services.json and deployment/templates/"
step "regenerating changes nothing" "$PYTHON" "$here/generate.py" --check

section "systemd units"
checks units "$here/systemd"
step "install.sh --dry-run" bash "$here/systemd/install.sh" --dry-run --root "$tmp/dry"
if [[ -e "$tmp/dry" ]]; then fail "install.sh --dry-run created $tmp/dry"; else pass "install.sh --dry-run created nothing"; fi
mkdir -p "$tmp/bin"
for unit in "$here"/systemd/*.env.example; do
  name="$(basename "$unit" .env.example)"
  printf '#!/bin/sh\nexit 0\n' >"$tmp/bin/$name"
  chmod 0755 "$tmp/bin/$name"
done
step "install.sh --root DIR --bin-dir DIR (stub binaries, no build)" bash "$here/systemd/install.sh" --root "$tmp/root" --bin-dir "$tmp/bin"
checks layout "$tmp/root"
env_file="$(ls "$tmp"/root/etc/cim/*.env | head -n 1)"
echo "# edited by the operator" >>"$env_file"
bash "$here/systemd/install.sh" --root "$tmp/root" --bin-dir "$tmp/bin" >/dev/null 2>&1
if tail -n 1 "$env_file" | grep -q "edited by the operator"; then
  pass "a second install.sh keeps an existing $(basename "$env_file")"
else
  fail "a second install.sh overwrote $(basename "$env_file")"
fi
if command -v systemd-analyze >/dev/null 2>&1 && [[ -d /usr/lib/systemd/system ]]; then
  # verify --root needs the standard units (sysinit.target, …) in that root.
  mkdir -p "$tmp/root/usr/lib/systemd"
  cp -a /usr/lib/systemd/system "$tmp/root/usr/lib/systemd/"
  for unit in "$tmp"/root/etc/systemd/system/*.service; do
    out="$(systemd-analyze verify --root="$tmp/root" --man=no "$unit" 2>&1)"
    if [[ $? -eq 0 && -z "$out" ]]; then
      pass "systemd-analyze verify $(basename "$unit"): no complaint ($(systemd-analyze --version | head -n 1))"
    else
      echo "$out" | sed 's/^/    /'
      fail "systemd-analyze verify $(basename "$unit")"
    fi
  done
else
  skip "systemd-analyze verify: systemd-analyze is not installed (the INI checks above still ran)"
fi

section "Nix"
if command -v nix-instantiate >/dev/null 2>&1; then
  count=0
  while IFS= read -r file; do
    if nix-instantiate --parse "$file" >/dev/null 2>"$tmp/nix.err"; then
      count=$((count + 1))
    else
      grep -v build-users-group "$tmp/nix.err" | sed 's/^/    /'
      fail "nix-instantiate --parse ${file#"$repo/"}"
    fi
  done < <(find "$here" -name '*.nix' | sort)
  pass "nix-instantiate --parse: $count .nix files ($(nix-instantiate --version))"
  if nix-instantiate --eval --strict --json "$here/nix/services.nix" >"$tmp/services.json" 2>"$tmp/nix.err"; then
    checks nix-data "$tmp/services.json"
  else
    grep -v build-users-group "$tmp/nix.err" | sed 's/^/    /'
    fail "nix-instantiate --eval deployment/nix/services.nix"
  fi
  skip "Nix modules and flake are parsed, not evaluated: that needs nixpkgs, nixos-generators and nix-darwin, which cannot be fetched here"
else
  skip "Nix: nix-instantiate is not installed (Debian package nix-bin; scripts/install-deps.sh installs it)"
fi

section "Docker"
checks dockerfile
if command -v check-jsonschema >/dev/null 2>&1; then
  step "check-jsonschema --builtin-schema vendor.compose-spec deployment/docker/compose.yaml ($(check-jsonschema --version))" \
    check-jsonschema --builtin-schema vendor.compose-spec "$here/docker/compose.yaml"
else
  skip "compose schema: check-jsonschema is not installed (PyPI; scripts/install-deps.sh installs it)"
fi
if "$PYTHON" -c 'import yaml' 2>/dev/null; then checks compose; else skip "compose structure: PyYAML is missing"; fi
if [[ -n "$NATS_SERVER_BIN" ]]; then
  for interval in '"2m"' '"always"'; do
    step "nats-server -t deployment/docker/nats-server.conf with NATS_SYNC_INTERVAL=$interval ($("$NATS_SERVER_BIN" --version))" \
      env NATS_SYNC_INTERVAL="$interval" "$NATS_SERVER_BIN" -t -c "$here/docker/nats-server.conf"
  done
else
  skip "nats-server.conf: no nats-server binary (NATS_SERVER_BIN)"
fi
skip "docker build: no Docker engine here; the Dockerfile's steps were checked above instead"

section "Kubernetes"
if command -v kubernetes-validate >/dev/null 2>&1; then
  for file in "$here"/k8s/*.yaml; do
    [[ "$(basename "$file")" == kustomization.yaml ]] && continue
    step "kubernetes-validate --strict -k $k8s_version k8s/$(basename "$file")" \
      kubernetes-validate --strict -k "$k8s_version" "$file"
  done
else
  skip "kubernetes-validate is not installed (PyPI; scripts/install-deps.sh installs it)"
fi
if "$PYTHON" -c 'import yaml' 2>/dev/null; then
  checks k8s
  if [[ -n "$NATS_SERVER_BIN" ]]; then
    "$PYTHON" "$here/checks.py" k8s-nats-conf "$tmp/k8s-nats.conf"
    step "nats-server -t on the nats.conf of the k8s ConfigMap (SERVER_NAME=nats-0)" \
      env SERVER_NAME=nats-0 "$NATS_SERVER_BIN" -t -c "$tmp/k8s-nats.conf"
  fi
else
  skip "Kubernetes structure: PyYAML is missing"
fi

section "nats-server configurations (deployment/nats)"
if [[ -n "$NATS_SERVER_BIN" ]] && command -v openssl >/dev/null; then
  step "deployment/nats/validate.sh: every configuration with nats-server -t" env NATS_SERVER_BIN="$NATS_SERVER_BIN" bash "$here/nats/validate.sh"
else
  skip "deployment/nats configurations: needs nats-server and openssl"
fi

section "verify.py"
step "verify.py compiles" "$PYTHON" -c 'import sys; compile(open(sys.argv[1]).read(), sys.argv[1], "exec")' "$here/verify.py"
if [[ -n "$NATS_SERVER_BIN" ]] && "$PYTHON" -c 'import nats' 2>/dev/null; then
  port=$(( 20000 + RANDOM % 20000 ))
  "$NATS_SERVER_BIN" -js -sd "$tmp/js" -a 127.0.0.1 -p "$port" >"$tmp/nats.log" 2>&1 &
  nats_pid=$!
  for _ in $(seq 50); do grep -q "Server is ready" "$tmp/nats.log" && break; sleep 0.1; done
  "$PYTHON" "$here/verify.py" --timeout 1 "nats://127.0.0.1:$port" >"$tmp/verify.out" 2>&1
  rc=$?
  kill "$nats_pid" 2>/dev/null; wait "$nats_pid" 2>/dev/null
  sed 's/^/    /' "$tmp/verify.out"
  if [[ $rc -eq 1 ]] && grep -q "FAIL: person-service: stream PERSON_EVENTS does not exist" "$tmp/verify.out" \
    && grep -q 'FAIL: policy-service: 0 instance(s) answer \$SRV.PING.policy-service' "$tmp/verify.out" \
    && ! grep -q Traceback "$tmp/verify.out"; then
    pass "verify.py fails (exit 1), naming what is missing, against a server without the services"
  else
    fail "verify.py against a server without the services: expected exit 1 naming the missing streams and services, got $rc"
  fi
else
  skip "verify.py run: needs nats-server and nats-py"
fi

echo
if ((${#skipped[@]} > 0)); then
  echo "check.sh: not checked here (${#skipped[@]}):"
  printf '  - %s\n' "${skipped[@]}"
fi
if ((${#failed[@]} > 0)); then
  echo "check.sh: FAILED: ${#failed[@]} deployment check(s) failed:"
  printf '  - %s\n' "${failed[@]}"
  exit 1
fi
echo "check.sh: every deployment check passed"
