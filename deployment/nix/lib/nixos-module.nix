# The NixOS module of one service, made from its entry in services.nix: options (lib/options.nix)
# under services.<option> and a systemd unit with the hardening of deployment/systemd/*.service
# (services.nix "hardening", the same list). Secrets reach the service through systemd
# credentials (LoadCredential): the files stay root-only, the service reads its private copy.
all: svc:
{ config, lib, pkgs, ... }:
let
  cfg = config.services.${svc.option};
  secrets = lib.filterAttrs (_: path: path != null) {
    "nats.creds" = cfg.credentialsFile;
    "nats.nk" = cfg.nkeySeedFile;
    "tls.key" = cfg.tls.key;
  };
  environment = import ./environment.nix {
    inherit lib pkgs cfg;
    credential = name: _: "%d/${name}";
  };
  notInStore = path: path == null || !lib.hasPrefix builtins.storeDir path;
in
{
  options.services.${svc.option} = import ./options.nix { inherit lib pkgs svc all; } // {
    openFirewall = lib.mkOption {
      type = lib.types.bool;
      default = false;
      description = "Open httpPort (metrics and health) in the firewall.";
    };
  };

  config = lib.mkIf cfg.enable {
    assertions = [
      {
        assertion = lib.length (lib.filter (x: x != null) [ cfg.credentialsFile cfg.nkeySeedFile ]) <= 1;
        message = "services.${svc.option}: set at most one of credentialsFile and nkeySeedFile.";
      }
      {
        assertion = lib.all notInStore [ cfg.credentialsFile cfg.nkeySeedFile cfg.tls.key cfg.environmentFile ];
        message = "services.${svc.option}: secret files must not be in the Nix store (it is world-readable).";
      }
    ];

    users.users = lib.mkIf (cfg.user == svc.user) {
      ${svc.user} = {
        isSystemUser = true;
        group = cfg.group;
        description = svc.description;
      };
    };
    users.groups = lib.mkIf (cfg.group == svc.user) { ${svc.user} = { }; };

    networking.firewall.allowedTCPPorts = lib.optional (cfg.openFirewall && cfg.httpPort != 0) cfg.httpPort;

    systemd.services.${svc.unit} = {
      description = "${svc.description} (${svc.name})";
      wantedBy = [ "multi-user.target" ];
      # A local nats-server first when there is one; not required (the service reconnects).
      wants = [ "network-online.target" ] ++ lib.optional config.services.nats.enable "nats.service";
      after = [ "network-online.target" ] ++ lib.optional config.services.nats.enable "nats.service";
      # [Unit]: at most 5 starts in 5 minutes.
      startLimitIntervalSec = 300;
      startLimitBurst = 5;
      inherit environment;
      serviceConfig = all.hardening // {
        # READY=1 once it serves commands, STOPPING=1 when it drains (through $NOTIFY_SOCKET).
        Type = "notify";
        NotifyAccess = "main";
        User = cfg.user;
        Group = cfg.group;
        ExecStart = "${cfg.package}/bin/${svc.name}";
        KillSignal = "SIGTERM";
        KillMode = "mixed";
        TimeoutStopSec = cfg.drainTimeout + (all.stopTimeout - all.drainTimeout);
        TimeoutStartSec = 60;
        Restart = "on-failure";
        RestartSec = "5s";
        RestartPreventExitStatus = 2;
        LoadCredential = lib.mapAttrsToList (name: path: "${name}:${path}") secrets;
      } // lib.optionalAttrs (cfg.environmentFile != null) {
        EnvironmentFile = cfg.environmentFile;
      };
    };
  };
}
