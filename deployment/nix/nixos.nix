# NixOS: the four services' modules. Import this file (or the flake's nixosModules.default) and
# enable the ones a host runs:
#   services.cim-domain-person.enable = true;   # person-service
#   services.location-service.enable = true;
#   services.agent-service.enable = true;
#   services.policy-service.enable = true;
# Option names and defaults: lib/options.nix; the services themselves: services.nix.
let
  all = import ./services.nix;
in
{
  imports = map (svc: import ./lib/nixos-module.nix all svc) (builtins.attrValues all.services);
}
