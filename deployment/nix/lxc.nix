# A NixOS system for a Proxmox LXC container running CIM services, built as a template tarball
# with nixos-generators (format proxmox-lxc) by the flake:
#   nix build ./deployment/nix#person-lxc        # also location-lxc, agent-lxc, policy-lxc
#   scp result/tarball/*.tar.xz root@proxmox:/var/lib/vz/template/cache/
#   pct create 140 /var/lib/vz/template/cache/nixos-*.tar.xz --hostname person-service-1 \
#     --cores 2 --memory 2048 --net0 name=eth0,bridge=vmbr0,ip=dhcp --unprivileged 1 --features nesting=1
# Settings that differ per container (NATS URL, credentials) go into /etc/cim/<service>.env inside
# it (environmentFile), so one tarball serves every replica. Key-only SSH, a small journal.
{ config, lib, pkgs, ... }:
let
  inherit (lib) mkOption mkIf mkDefault types;
  all = import ./services.nix;
  cfg = config.cim.lxc;
in
{
  imports = [ ./nixos.nix ];

  options.cim.lxc = {
    services = mkOption {
      type = types.listOf (types.enum (builtins.attrNames all.services));
      default = [ ];
      example = [ "person" ];
      description = "The services this container runs.";
    };
    natsUrl = mkOption {
      type = types.str;
      default = "nats://nats:4222";
      description = "Default NATS URL of the services (each container's /etc/cim/<service>.env may override it).";
    };
    sshKeys = mkOption {
      type = types.listOf types.str;
      default = [ ];
      description = "SSH public keys allowed to log in as root.";
    };
    address = mkOption {
      type = types.nullOr types.str;
      default = null;
      example = "10.0.64.140";
      description = "Static IPv4 address of eth0; null: DHCP (or the address Proxmox sets).";
    };
    prefixLength = mkOption { type = types.ints.between 0 32; default = 24; description = "Prefix length of address."; };
    gateway = mkOption { type = types.nullOr types.str; default = null; description = "Default gateway (with address)."; };
    nameservers = mkOption { type = types.listOf types.str; default = [ ]; description = "DNS servers (with address)."; };
  };

  config = {
    services = {
      openssh = {
        enable = true;
        settings = {
          PasswordAuthentication = false;
          KbdInteractiveAuthentication = false;
          PermitRootLogin = "prohibit-password";
        };
      };
      journald.extraConfig = ''
        SystemMaxUse=100M
        MaxRetentionSec=7day
      '';
    } // lib.mapAttrs' (domain: svc: lib.nameValuePair svc.option (mkIf (lib.elem domain cfg.services) {
      enable = true;
      natsUrl = mkDefault cfg.natsUrl;
      environmentFile = mkDefault "/etc/cim/${svc.name}.env";
    })) all.services;

    # The env files are optional: a missing one is skipped ("-" prefix in the unit).
    systemd.services = lib.mapAttrs' (domain: svc: lib.nameValuePair svc.unit (mkIf (lib.elem domain cfg.services) {
      serviceConfig.EnvironmentFile = lib.mkForce "-/etc/cim/${svc.name}.env";
    })) all.services;

    users.users.root.openssh.authorizedKeys.keys = cfg.sshKeys;
    environment.systemPackages = with pkgs; [ curl jq htop ];

    networking = mkIf (cfg.address != null) {
      useDHCP = false;
      interfaces.eth0.ipv4.addresses = [ { address = cfg.address; prefixLength = cfg.prefixLength; } ];
      defaultGateway = mkIf (cfg.gateway != null) cfg.gateway;
      nameservers = cfg.nameservers;
    };

    system.stateVersion = mkDefault "24.11";
  };
}
