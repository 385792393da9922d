#!/usr/bin/env bash
{{header}}
#
# Installs the CIM services as systemd units on a Linux host (bare metal or VM):
#   1. builds each service with SwiftPM (`{{build_command_display}}`), unless --bin-dir is given
#      (the services link jemalloc: building needs Debian's libjemalloc-dev, running libjemalloc2);
#   2. creates its system user (no home, no shell);
#   3. installs the binary to {{bin_dir}}/, the example settings to {{env_dir}}/<service>.env.example
#      and, only when it does not exist yet, {{env_dir}}/<service>.env (mode 0640, group = the
#      service's user: it may hold secrets); an existing .env is never overwritten;
#   4. installs the unit to /etc/systemd/system/ and reloads systemd (it does not start anything).
#
# Usage: deployment/systemd/install.sh [--dry-run] [--root DIR] [--bin-dir DIR] [SERVICE...]
#   SERVICE      person-service, location-service, agent-service, policy-service, or the domain
#                (person, …); default: all four
#   --dry-run    print what would be done, change nothing (no build either)
#   --root DIR   install under DIR instead of / (a staging tree or an image); users are not
#                created there, ownership is not changed and systemd is not reloaded
#   --bin-dir D  take the binaries from D instead of building them
#
# Then: edit {{env_dir}}/<service>.env (NATS_URL, credentials), and
#   systemctl enable --now <unit>     # units: {{unit_list}}
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$repo/deployment/systemd"

# name|unit|user, one line per service (from deployment/services.json).
readonly SERVICES="
{{service_table}}"

dry_run=false
root=""
bin_dir=""
selected=()
usage() { sed -n '/^# Usage:/,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }
while (($# > 0)); do
  case "$1" in
    --dry-run) dry_run=true ;;
    --root) root="${2:?--root needs a directory}"; shift ;;
    --root=*) root="${1#--root=}" ;;
    --bin-dir) bin_dir="${2:?--bin-dir needs a directory}"; shift ;;
    --bin-dir=*) bin_dir="${1#--bin-dir=}" ;;
    -h | --help) usage ;;
    -*) echo "install.sh: unknown option $1" >&2; usage ;;
    *) selected+=("$1") ;;
  esac
  shift
done
root="${root%/}"
if [[ -n "$root" ]]; then root="$(realpath -m "$root")"; fi

say() { echo "install.sh: $*"; }
# run CMD...: runs it, or prints it under --dry-run.
run() {
  if $dry_run; then
    printf 'install.sh: would run:'
    printf ' %q' "$@"
    printf '\n'
  else
    "$@"
  fi
}

lines=()
while IFS= read -r line; do [[ -n "$line" ]] && lines+=("$line"); done <<<"$SERVICES"
chosen=()
if ((${#selected[@]} == 0)); then
  chosen=("${lines[@]}")
else
  for want in "${selected[@]}"; do
    found=""
    for line in "${lines[@]}"; do
      name="${line%%|*}"
      if [[ "$want" == "$name" || "$want-service" == "$name" ]]; then found="$line"; fi
    done
    [[ -n "$found" ]] || { echo "install.sh: no service named $want" >&2; exit 2; }
    chosen+=("$found")
  done
fi

if [[ -z "$root" && "$(id -u)" -ne 0 ]] && ! $dry_run; then
  echo "install.sh: installing into / needs root (or use --dry-run, or --root DIR)" >&2
  exit 1
fi

# 1. Build (as the invoking user, in the repository).
if [[ -z "$bin_dir" ]]; then
  for line in "${chosen[@]}"; do
    name="${line%%|*}"
    build_command="{{build_command}}"
    say "building $name: $build_command"
    if $dry_run; then
      say "would run (in $repo): $build_command"
    else
      (cd "$repo" && $build_command)
    fi
  done
  if $dry_run; then
    bin_dir="$repo/.build/release"
  else
    bin_dir="$(cd "$repo" && swift build -c release --show-bin-path)"
  fi
fi

for line in "${chosen[@]}"; do
  IFS='|' read -r name unit user <<<"$line"
  say "== $name (unit $unit.service, user $user)"

  # 2. The system user.
  if [[ -n "$root" ]]; then
    say "under --root: the system user $user is not created (create it on the target host)"
  elif getent passwd "$user" >/dev/null 2>&1; then
    say "user $user exists"
  else
    run useradd --system --user-group --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin --comment "$name" "$user"
  fi

  # 3. The binary and the settings.
  if ! $dry_run && [[ ! -x "$bin_dir/$name" ]]; then
    echo "install.sh: $bin_dir/$name is missing or not executable" >&2
    exit 1
  fi
  run install -D -m 0755 "$bin_dir/$name" "$root{{bin_dir}}/$name"
  run install -D -m 0644 "$here/$name.env.example" "$root{{env_dir}}/$name.env.example"
  env_file="$root{{env_dir}}/$name.env"
  if [[ -e "$env_file" ]]; then
    say "$env_file exists: kept as it is"
  else
    run install -D -m 0640 "$here/$name.env.example" "$env_file"
    if [[ -z "$root" ]]; then run chgrp "$user" "$env_file"; fi
  fi

  # 4. The unit.
  run install -D -m 0644 "$here/$unit.service" "$root/etc/systemd/system/$unit.service"
done

if [[ -n "$root" ]]; then
  say "under --root: systemd is not reloaded"
elif command -v systemctl >/dev/null 2>&1 && [[ -d /run/systemd/system ]]; then
  run systemctl daemon-reload
else
  say "systemd is not running here: run 'systemctl daemon-reload' on the target"
fi
say "done. Edit {{env_dir}}/<service>.env, then: systemctl enable --now <unit>"
