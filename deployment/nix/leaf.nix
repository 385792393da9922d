# A CIM leaf node (NixOS): a local nats-server with JetStream in its own JetStream domain,
# connected as a leaf node to a hub cluster, and the chosen services talking to it on localhost.
#   imports = [ deployment/nix/leaf.nix ];
#   cim.leaf = {
#     enable = true;
#     hubUrls = [ "nats-leaf://hub-1.example.internal:7422" "nats-leaf://hub-2.example.internal:7422" ];
#     hubCredentialsFile = "/run/secrets/leaf.creds";
#     services = [ "person" "policy" ];
#   };
# The services' streams live on this node (domain `jetstreamDomain`); the hub reaches them with
# that JetStream domain. Accounts, TLS and the hub's own configuration are not set here.
{ config, lib, pkgs, ... }:
let
  inherit (lib) mkOption mkEnableOption mkIf mkDefault types;
  all = import ./services.nix;
  cfg = config.cim.leaf;
  enabled = domain: cfg.enable && lib.elem domain cfg.services;
in
{
  imports = [ ./nixos.nix ];

  options.cim.leaf = {
    enable = mkEnableOption "a CIM leaf node: local nats-server with JetStream, leaf connection, services";
    hubUrls = mkOption {
      type = types.listOf types.str;
      default = [ ];
      example = [ "nats-leaf://hub-1.example.internal:7422" ];
      description = "Leaf-node URLs of the hub cluster; empty: a standalone node.";
    };
    hubCredentialsFile = mkOption {
      type = types.nullOr (types.strMatching "/.*");
      default = null;
      description = "Credentials of the leaf connection (a path outside the Nix store, readable by the nats user).";
    };
    jetstreamDomain = mkOption {
      type = types.strMatching "[A-Za-z0-9_-]+";
      default = "leaf";
      description = "JetStream domain of this node: it must differ from the hub's.";
    };
    maxFileStore = mkOption {
      type = types.str;
      default = "10G";
      description = "JetStream file storage limit of this node.";
    };
    syncInterval = mkOption {
      type = types.str;
      default = "2m";
      example = "always";
      description = "How often JetStream fsyncs: a duration, or \"always\".";
    };
    services = mkOption {
      type = types.listOf (types.enum (builtins.attrNames all.services));
      default = builtins.attrNames all.services;
      description = "The services this node runs (domains: ${toString (builtins.attrNames all.services)}).";
    };
  };

  config = {
    services = {
      nats = mkIf cfg.enable {
        enable = true;
        jetstream = true;
        serverName = mkDefault config.networking.hostName;
        settings = {
          host = mkDefault "127.0.0.1";
          http = mkDefault "127.0.0.1:8222";
          jetstream = {
            domain = cfg.jetstreamDomain;
            max_file_store = cfg.maxFileStore;
            sync_interval = cfg.syncInterval;
          };
          leafnodes = lib.optionalAttrs (cfg.hubUrls != [ ]) {
            remotes = [
              ({ urls = cfg.hubUrls; }
               // lib.optionalAttrs (cfg.hubCredentialsFile != null) { credentials = cfg.hubCredentialsFile; })
            ];
          };
        };
      };
    } // lib.mapAttrs' (domain: svc: lib.nameValuePair svc.option (mkIf (enabled domain) {
      enable = true;
      natsUrl = mkDefault "nats://127.0.0.1:4222";
    })) all.services;
  };
}
