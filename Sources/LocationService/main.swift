import ArgumentParser
import Pipeline
import ServiceAllocator

/// The Location domain service: `location.commands.<verb>` in, `events.location.<id>.<event>`
/// stored in `LOCATION_EVENTS`, snapshots in `LOCATION_EVENTS_SNAPSHOTS`.
@main
struct LocationServiceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "location-service",
        abstract: "The CIM Location domain service on NATS JetStream.",
        discussion: "Every option also reads an environment variable (named in its help); a flag wins over its variable.")

    @OptionGroup var options: ServiceOptions

    func run() async throws {
        try await options.runService(name: "location-service", domain: "location", defaultStream: "LOCATION_EVENTS", allocator: ServiceAllocator.describe(), ServiceHost.runLocationService)
    }
}
