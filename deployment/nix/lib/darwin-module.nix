# The nix-darwin module of one service: the same options (lib/options.nix) as on NixOS, run by
# launchd. Fixes the original: KeepAlive restarts only after a failure (SuccessfulExit = false
# belongs inside KeepAlive), and launchd waits longer than the drain before SIGKILL (ExitTimeOut).
# launchd has no credentials store: secrets are files the service user can read, or an
# environmentFile sourced by a small sh wrapper (never EnvironmentVariables: the plist is in the
# world-readable Nix store).
all: svc:
{ config, lib, pkgs, ... }:
let
  cfg = config.services.${svc.option};
  environment = import ./environment.nix { inherit lib pkgs cfg; };
  binary = "${cfg.package}/bin/${svc.name}";
in
{
  options.services.${svc.option} = import ./options.nix { inherit lib pkgs svc all; } // {
    user = lib.mkOption {
      type = lib.types.str;
      default = "nobody";
      description = "User launchd runs the service as (the service keeps no files).";
    };
    group = lib.mkOption {
      type = lib.types.str;
      default = "nobody";
      description = "Group launchd runs the service as.";
    };
    logDir = lib.mkOption {
      type = lib.types.str;
      default = "/var/log";
      description = "Directory of ${svc.name}.log and ${svc.name}.error.log.";
    };
  };

  config = lib.mkIf cfg.enable {
    launchd.daemons.${svc.name} = {
      serviceConfig = {
        Label = "org.nixos.${svc.name}";
        ProgramArguments =
          if cfg.environmentFile == null then [ binary ]
          else [ "/bin/sh" "-c" "set -a; . \"$0\"; set +a; exec \"$1\"" cfg.environmentFile binary ];
        EnvironmentVariables = environment;
        RunAtLoad = true;
        KeepAlive = { SuccessfulExit = false; };
        ThrottleInterval = 5;
        ExitTimeOut = cfg.drainTimeout + (all.stopTimeout - all.drainTimeout);
        UserName = cfg.user;
        GroupName = cfg.group;
        StandardOutPath = "${cfg.logDir}/${svc.name}.log";
        StandardErrorPath = "${cfg.logDir}/${svc.name}.error.log";
      };
    };
  };
}
