# NixOS containers (systemd-nspawn) on a NixOS host, one service per container, any number of
# replicas (they share the commands in the service's queue group):
#   imports = [ deployment/nix/container.nix ];
#   cim.containers = {
#     person-1 = { service = "person"; hostAddress = "192.168.100.1"; localAddress = "192.168.100.11";
#                  natsUrl = "nats://192.168.100.1:4222"; };
#     person-2 = { service = "person"; hostAddress = "192.168.100.1"; localAddress = "192.168.100.12";
#                  natsUrl = "nats://192.168.100.1:4222"; settings.logLevel = "debug"; };
#   };
#   nixos-container root-login person-1; systemctl status cim-domain-person
{ config, lib, pkgs, ... }:
let
  inherit (lib) mkOption types;
  all = import ./services.nix;
in
{
  options.cim.containers = mkOption {
    default = { };
    description = "NixOS containers, each running one CIM service.";
    type = types.attrsOf (types.submodule {
      options = {
        service = mkOption {
          type = types.enum (builtins.attrNames all.services);
          description = "The service's domain: ${toString (builtins.attrNames all.services)}.";
        };
        hostAddress = mkOption { type = types.str; description = "The host's address on the container's private link."; };
        localAddress = mkOption { type = types.str; description = "The container's address."; };
        natsUrl = mkOption { type = types.str; description = "NATS URL as seen from the container."; };
        settings = mkOption {
          type = types.attrsOf types.anything;
          default = { };
          example = { logLevel = "debug"; credentialsFile = "/run/secrets/person.creds"; };
          description = "More options of the service's module (services.<option>.*).";
        };
        bindMounts = mkOption {
          type = types.attrsOf types.anything;
          default = { };
          description = "Bind mounts, e.g. a secrets directory (see containers.<name>.bindMounts).";
        };
      };
    });
  };

  config.containers = lib.mapAttrs (name: c: {
    autoStart = true;
    privateNetwork = true;
    inherit (c) hostAddress localAddress bindMounts;
    config = { ... }: {
      imports = [ ./nixos.nix ];
      services.${all.services.${c.service}.option} = { enable = true; natsUrl = c.natsUrl; } // c.settings;
      system.stateVersion = config.system.stateVersion;
    };
  }) config.cim.containers;
}
