#!/usr/bin/env bash
# Checks a running deployment: deployment/verify.sh NATS_URL [options]; see deployment/verify.py --help.
exec "${PYTHON:-python3}" "$(dirname "${BASH_SOURCE[0]}")/verify.py" "$@"
