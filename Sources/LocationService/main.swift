import Aggregates
import ArgumentParser
import Foundation
import Pipeline

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
        let settings: ServiceSettings
        do {
            settings = try options.resolve(
                domain: "location", defaultStream: "LOCATION_EVENTS", environment: ProcessInfo.processInfo.environment,
                cores: ProcessInfo.processInfo.activeProcessorCount)
        } catch {
            FileHandle.standardError.write(Data("location-service: \(error)\n".utf8))
            throw ExitCode(2)
        }
        do {
            try await ServiceHost.runLocationService(settings: settings)
        } catch {
            FileHandle.standardError.write(Data("location-service: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
