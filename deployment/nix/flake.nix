{
  # The four services for Nix: packages (SwiftPM builds), NixOS and nix-darwin modules, a leaf
  # node module, NixOS containers, and Proxmox LXC tarballs. See deployment/README.md.
  #   nix build ./deployment/nix#person-service
  #   nix build ./deployment/nix#person-lxc
  # The service list comes from services.nix (generated from deployment/services.json).
  description = "CIM event-sourcing runtime: person, location, agent and policy services";

  inputs = {
    nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
    nixos-generators = {
      url = "github:nix-community/nixos-generators";
      inputs.nixpkgs.follows = "nixpkgs";
    };
  };

  outputs = { self, nixpkgs, nixos-generators }:
    let
      all = import ./services.nix;
      lib = nixpkgs.lib;
      systems = [ "x86_64-linux" "aarch64-linux" "x86_64-darwin" "aarch64-darwin" ];
      forAllSystems = lib.genAttrs systems;
      servicePackages = pkgs: lib.mapAttrs' (_: svc:
        lib.nameValuePair svc.name (pkgs.callPackage ./package.nix { product = svc.name; })) all.services;
      lxcImages = system: lib.optionalAttrs (lib.hasSuffix "-linux" system)
        (lib.mapAttrs' (domain: _: lib.nameValuePair "${domain}-lxc" (nixos-generators.nixosGenerate {
          inherit system;
          format = "proxmox-lxc";
          modules = [ ./lxc.nix { cim.lxc.services = [ domain ]; } ];
        })) all.services);
    in
    {
      packages = forAllSystems (system:
        let
          pkgs = nixpkgs.legacyPackages.${system};
          services = servicePackages pkgs;
        in
        services // lxcImages system // {
          default = pkgs.symlinkJoin { name = "cim-runtime"; paths = builtins.attrValues services; };
        });

      overlays.default = final: _prev: servicePackages final;

      nixosModules = {
        default = ./nixos.nix;
        leaf = ./leaf.nix;
        container = ./container.nix;
        lxc = ./lxc.nix;
      } // lib.mapAttrs' (_: svc: lib.nameValuePair svc.name (import ./lib/nixos-module.nix all svc)) all.services;

      darwinModules = {
        default = ./darwin.nix;
      } // lib.mapAttrs' (_: svc: lib.nameValuePair svc.name (import ./lib/darwin-module.nix all svc)) all.services;

      # The seeds' name for the policy leaf module.
      leafModule = ./leaf.nix;
    };
}
