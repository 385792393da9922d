# nix-darwin (macOS): the four services as launchd daemons, with the same options as on NixOS:
#   services.location-service = { enable = true; natsUrl = "nats://localhost:4222"; };
#   launchctl print system/org.nixos.location-service
#   tail -f /var/log/location-service.log
let
  all = import ./services.nix;
in
{
  imports = map (svc: import ./lib/darwin-module.nix all svc) (builtins.attrValues all.services);
}
