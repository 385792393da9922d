# One service built with SwiftPM from the repository: `swift build -c release --product <product>`,
# the command of deployment/systemd/install.sh and the Dockerfile (services.nix buildCommand).
#
# Needs:
#   - a nixpkgs whose Swift is at least the manifest's tools version (6.1); older ones stop here
#     with a sentence;
#   - the SwiftPM dependencies pinned for the sandbox (no network there). Package.resolved is not
#     committed, so they are generated on a machine with network, in the repository root:
#       swift package resolve
#       nix run nixpkgs#swiftpm2nix          # writes nix/default.nix and nix/workspace-state.json
#       mv nix deployment/nix/swiftpm2nix
#     and committed. Without deployment/nix/swiftpm2nix the build stops with that sentence.
{ lib, swiftPackages, swift, swiftpm, swiftpm2nix, jemalloc, pkg-config, product }:
let
  src = lib.cleanSourceWith {
    src = ../..;
    filter = path: type:
      let rel = lib.removePrefix (toString ../.. + "/") (toString path);
      in !(lib.hasPrefix ".build" rel || lib.hasPrefix "deployment" rel || lib.hasPrefix ".git" rel);
  };
  pinned = ./swiftpm2nix;
  generated = swiftpm2nix.helpers pinned;
  all = import ./services.nix;
in
assert lib.assertMsg (lib.versionAtLeast swift.version "6.1")
  "cim-runtime needs Swift 6.1 or newer; this nixpkgs has ${swift.version}: use a newer nixpkgs or the container image";
assert lib.assertMsg (builtins.pathExists pinned)
  "deployment/nix/swiftpm2nix is missing: run swiftpm2nix as deployment/nix/package.nix says";
swiftPackages.stdenv.mkDerivation {
  pname = product;
  version = "0.1.0";
  inherit src;
  nativeBuildInputs = [ swift swiftpm pkg-config ];
  # Linked into the services on Linux (Package.swift, Sources/ServiceAllocator).
  buildInputs = lib.optionals swiftPackages.stdenv.hostPlatform.isLinux [ jemalloc ];
  configurePhase = generated.configure;
  buildPhase = ''
    runHook preBuild
    ${builtins.replaceStrings [ "{product}" ] [ product ] all.buildCommand}
    runHook postBuild
  '';
  installPhase = ''
    runHook preInstall
    install -D -m 0755 "$(swiftpmBinPath)/${product}" "$out/bin/${product}"
    runHook postInstall
  '';
  meta = {
    description = "CIM ${product} (NATS microservice, Swift)";
    mainProgram = product;
    platforms = lib.platforms.linux ++ lib.platforms.darwin;
  };
}
