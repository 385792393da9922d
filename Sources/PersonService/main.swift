import ArgumentParser
import Pipeline
import ServiceAllocator

/// The Person domain service: `person.commands.>` in, `person.events.<id>.<event>` stored in
/// `PERSON_EVENTS`, snapshots in `PERSON_EVENTS_SNAPSHOTS`.
@main
struct PersonServiceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "person-service",
        abstract: "The CIM Person domain service on NATS JetStream.",
        discussion: "Every option also reads an environment variable (named in its help); a flag wins over its variable.")

    @OptionGroup var options: ServiceOptions

    func run() async throws {
        try await options.runService(name: "person-service", domain: "person", defaultStream: "PERSON_EVENTS", allocator: ServiceAllocator.describe(), ServiceHost.runPersonService)
    }
}
