#!/usr/bin/env bash
# Checks every server configuration of deployment/nats with `nats-server -t`, the way a node
# would read it: with the environment it needs (throwaway passwords, a throwaway CA made with
# openssl, the public test NKey of nats-io/nkeys), nothing from the real deployment.
#   deployment/nats/validate.sh          # NATS_SERVER_BIN=… to choose the binary
# Exit 0 when every file is valid; otherwise the failing file and the server's message.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
NATS_SERVER_BIN="${NATS_SERVER_BIN:-$(command -v nats-server || true)}"
[[ -x "$NATS_SERVER_BIN" ]] || { echo "validate.sh: no nats-server (set NATS_SERVER_BIN)" >&2; exit 2; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

ec=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes)
openssl req -x509 "${ec[@]}" -keyout "$tmp/ca-key.pem" -out "$tmp/ca.pem" -days 1 -subj /CN=validate-ca \
  -addext basicConstraints=critical,CA:TRUE 2>/dev/null
openssl req "${ec[@]}" -keyout "$tmp/server-key.pem" -out "$tmp/server.csr" -subj /CN=localhost 2>/dev/null
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth\n' >"$tmp/server.ext"
openssl x509 -req -in "$tmp/server.csr" -CA "$tmp/ca.pem" -CAkey "$tmp/ca-key.pem" -CAcreateserial \
  -out "$tmp/server.pem" -days 1 -extfile "$tmp/server.ext" 2>/dev/null

export PERSON_SERVICE_PASSWORD=p1 LOCATION_SERVICE_PASSWORD=p2 AGENT_SERVICE_PASSWORD=p3 \
  POLICY_SERVICE_PASSWORD=p4 BENCH_PASSWORD=p5 SYSTEM_PASSWORD=p6
export NATS_SERVER_TLS_CERT="$tmp/server.pem" NATS_SERVER_TLS_KEY="$tmp/server-key.pem" NATS_SERVER_TLS_CA="$tmp/ca.pem"
# The public test key pair of nats-io/nkeys (nkeys_test.go), not a deployment's.
export CIM_LEAF_NKEY=UDE6WTGLTTPCRJRJCKBJRGVNZTLIVR7LEEELR4CYWWWBKJS7XYIKXDUU
export CIM_LEAF_SEED=SUAOTBNEUHZDFJT3EUMELT7MQTP24JF3XVCXQNDSCU74G5IU6VAJBKH5LI

status=0
echo "$("$NATS_SERVER_BIN" --version)"
for file in dev.conf durable.conf leaf.conf cluster/node-1.conf cluster/node-2.conf cluster/node-3.conf; do
  if output="$("$NATS_SERVER_BIN" -t -c "$here/$file" 2>&1)"; then
    echo "ok   $file"
  else
    echo "FAIL $file: $output"
    status=1
  fi
done
# A missing secret must stop the server, not start it without a password.
if output="$(env -u BENCH_PASSWORD "$NATS_SERVER_BIN" -t -c "$here/dev.conf" 2>&1)"; then
  echo "FAIL dev.conf without BENCH_PASSWORD was accepted"
  status=1
else
  echo "ok   dev.conf refuses to start without BENCH_PASSWORD (${output##*: })"
fi
exit $status
