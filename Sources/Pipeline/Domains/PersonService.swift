import Aggregates
import ServiceLifecycle

extension ServiceHost {
    /// Runs the Person service. It lives here, next to the generic runtime, so the compiler
    /// specializes the runtime for `PersonCodec` (a call from another module would run the generic
    /// code unspecialized: measured at about 1.5x the CPU per command).
    package static func runPersonService(settings: ServiceSettings) async throws {
        try await run(
            codec: PersonCodec(), settings: settings,
            identity: Identity(name: "person-service", version: "0.1.0", description: "CIM Person domain: commands on person.commands.>, events in JetStream"),
            commandTypes: PersonCommand.typeNames,
            concrete: { PersonRuntimeService(runtime: $0) })
    }
}

/// The Person runtime as a service, called with its concrete type (see `ServiceHost.run`).
struct PersonRuntimeService: Service {
    let runtime: DomainRuntime<PersonCodec>

    func run() async throws {
        try await runtime.run()
    }
}

extension PersonCommand {
    /// Every command's name, as metrics label them.
    package static let typeNames = [
        "CreatePerson", "UpdateName", "SetBirthDate", "RecordDeath", "DeactivatePerson", "ReactivatePerson",
        "MergePersons", "ArchivePerson", "RecordAttribute", "UpdateAttribute", "InvalidateAttribute",
    ]
}
