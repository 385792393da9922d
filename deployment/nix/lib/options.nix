# The options of one service, shared by the NixOS module (lib/nixos-module.nix) and the nix-darwin
# module (lib/darwin-module.nix). `svc` is one entry of services.nix, `all` the whole of it.
{ lib, pkgs, svc, all }:
let
  inherit (lib) mkOption mkEnableOption types literalExpression;
  # A path to a secret: a string, so that it is never copied into the world-readable Nix store.
  secretPath = description: mkOption {
    type = types.nullOr (types.strMatching "/.*");
    default = null;
    example = "/run/secrets/${svc.name}.creds";
    description = "${description} An absolute path outside the Nix store (a string, not a Nix path literal, so the secret is not copied into the store), e.g. from sops-nix or agenix.";
  };
in
{
  enable = mkEnableOption "the ${svc.description} (${svc.name}: ${svc.commandSubjects} in, ${svc.stream} events out)";

  package = mkOption {
    type = types.package;
    default = pkgs.callPackage ../package.nix { product = svc.name; };
    defaultText = literalExpression "pkgs.callPackage deployment/nix/package.nix { product = \"${svc.name}\"; }";
    description = "The package whose bin/${svc.name} is run.";
  };

  natsUrl = mkOption {
    type = types.str;
    default = "nats://localhost:4222";
    example = "tls://nats-1.example.internal:4222,tls://nats-2.example.internal:4222";
    description = "NATS server URLs, comma-separated (NATS_URL).";
  };

  streamName = mkOption {
    type = types.strMatching "[^ .*>]+";
    default = svc.stream;
    description = "JetStream stream of the events (STREAM_NAME); the same on every replica.";
  };

  streamReplicas = mkOption {
    type = types.ints.between 1 5;
    default = 1;
    description = "Replicas of the stream and its snapshot bucket when the service creates them (STREAM_REPLICAS): 3 on a 3-node cluster.";
  };

  logLevel = mkOption {
    type = types.enum [ "trace" "debug" "info" "notice" "warn" "warning" "error" "critical" ];
    default = "info";
    description = "Log level (LOG_LEVEL).";
  };

  snapshotFrequency = mkOption {
    type = types.ints.unsigned;
    default = 100;
    description = "Snapshot every N events, 0 for none (SNAPSHOT_FREQ).";
  };

  httpHost = mkOption {
    type = types.str;
    default = "127.0.0.1";
    description = "Address of /healthz, /readyz and /metrics (HTTP_HOST).";
  };

  httpPort = mkOption {
    type = types.port;
    default = svc.httpPort;
    description = "Port of /healthz, /readyz and /metrics (HTTP_PORT), 0 for none. Each service has its own default so the four can share a host.";
  };

  drainTimeout = mkOption {
    type = types.ints.between 1 3600;
    default = all.drainTimeout;
    description = "Seconds a graceful shutdown may take (DRAIN_TIMEOUT); the stop timeout is longer.";
  };

  user = mkOption {
    type = types.str;
    default = svc.user;
    description = "User the service runs as.";
  };

  group = mkOption {
    type = types.str;
    default = svc.user;
    description = "Group the service runs as.";
  };

  environmentFile = mkOption {
    type = types.nullOr (types.strMatching "/.*");
    default = null;
    example = "/run/secrets/${svc.name}.env";
    description = "A file of KEY=value lines read at start (the place for NATS_USER/NATS_PASSWORD or NATS_TOKEN: secrets stay out of the Nix store). Its values win over the options.";
  };

  credentialsFile = secretPath "NATS credentials file (.creds: JWT and nkey seed) for decentralised auth (NATS_CREDS_FILE).";
  nkeySeedFile = secretPath "NKey seed file (NATS_NKEY_SEED_FILE).";

  tls = {
    ca = mkOption {
      type = types.nullOr types.str;
      default = null;
      description = "CA certificate that verifies the server (NATS_TLS_CA).";
    };
    cert = mkOption {
      type = types.nullOr types.str;
      default = null;
      description = "Client certificate for mutual TLS (NATS_TLS_CERT).";
    };
    key = secretPath "Client key for mutual TLS (NATS_TLS_KEY).";
    serverName = mkOption {
      type = types.nullOr types.str;
      default = null;
      description = "Name the server certificate is verified against, and sent as SNI (NATS_TLS_SERVER_NAME).";
    };
  };

  jemalloc = mkOption {
    type = types.bool;
    default = false;
    description = "No effect, kept so that configurations setting it still evaluate: the services link jemalloc on Linux (1.04-1.11x the commands/s of glibc malloc, perf/README.md).";
  };

  extraEnvironment = mkOption {
    type = types.attrsOf types.str;
    default = { };
    example = { COMMIT_MODE = "batch"; SHARDS = "4"; QUEUE_GROUP = "${svc.name}"; };
    description = "More settings as environment variables (see the README: SHARDS, COMMIT_MODE, DURABLE_INTAKE, …${lib.concatMapStrings (n: ", " + n) (builtins.attrNames svc.extraSettings)}).";
  };
}
