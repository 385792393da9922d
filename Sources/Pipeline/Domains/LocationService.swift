import Aggregates
import ServiceLifecycle

extension ServiceHost {
    /// Runs the Location service (specialized here, next to the runtime: see `runPersonService`).
    package static func runLocationService(settings: ServiceSettings) async throws {
        try await run(
            codec: LocationCodec(), settings: settings,
            identity: Identity(
                name: "location-service", version: "0.1.0",
                description: "CIM Location domain: commands on location.commands.<verb>, events in JetStream on events.location.<id>.<event>"),
            commandTypes: LocationCommand.typeNames,
            concrete: { LocationRuntimeService(runtime: $0) })
    }
}

/// The Location runtime as a service, called with its concrete type (see `ServiceHost.run`).
struct LocationRuntimeService: Service {
    let runtime: DomainRuntime<LocationCodec>

    func run() async throws {
        try await runtime.run()
    }
}
