# The environment of one service from its options (NixOS and nix-darwin). `credential` maps a
# secret file to the path the service reads it from: on NixOS, systemd's credentials directory.
{ lib, pkgs, cfg, credential ? (name: path: path) }:
let
  optional = name: value: lib.optionalAttrs (value != null) { ${name} = value; };
in
{
  NATS_URL = cfg.natsUrl;
  STREAM_NAME = cfg.streamName;
  STREAM_REPLICAS = toString cfg.streamReplicas;
  LOG_LEVEL = cfg.logLevel;
  SNAPSHOT_FREQ = toString cfg.snapshotFrequency;
  HTTP_HOST = cfg.httpHost;
  HTTP_PORT = toString cfg.httpPort;
  DRAIN_TIMEOUT = toString cfg.drainTimeout;
}
// optional "NATS_CREDS_FILE" (if cfg.credentialsFile == null then null else credential "nats.creds" cfg.credentialsFile)
// optional "NATS_NKEY_SEED_FILE" (if cfg.nkeySeedFile == null then null else credential "nats.nk" cfg.nkeySeedFile)
// optional "NATS_TLS_CA" cfg.tls.ca
// optional "NATS_TLS_CERT" cfg.tls.cert
// optional "NATS_TLS_KEY" (if cfg.tls.key == null then null else credential "tls.key" cfg.tls.key)
// optional "NATS_TLS_SERVER_NAME" cfg.tls.serverName
// cfg.extraEnvironment
