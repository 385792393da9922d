import Aggregates
import ServiceLifecycle

extension ServiceHost {
    /// Runs the Policy service (specialized here, next to the runtime: see `runPersonService`):
    /// commands on `policy.commands.<verb>`, and the queries `evaluate` and `check_compliance`
    /// answered from a read model (`PolicyCatalog`) fed by the stream.
    package static func runPolicyService(settings: ServiceSettings) async throws {
        let stream = settings.runtime.streamName
        try await run(
            codec: PolicyCodec(), settings: settings,
            identity: Identity(
                name: "policy-service", version: "0.1.0",
                description: "CIM Policy domain: commands on policy.commands.<verb>, events in JetStream on events.policy.<id>.<event>, evaluate and check_compliance from a read model"),
            commandTypes: PolicyCommand.typeNames,
            extras: Extras(queries: { client, logger in try QueryHost<PolicyCatalog>(codec: PolicyCodec(), stream: stream, client: client, logger: logger) }),
            concrete: { PolicyRuntimeService(runtime: $0) })
    }
}

/// The Policy runtime as a service, called with its concrete type (see `ServiceHost.run`).
struct PolicyRuntimeService: Service {
    let runtime: DomainRuntime<PolicyCodec>

    func run() async throws {
        try await runtime.run()
    }
}
