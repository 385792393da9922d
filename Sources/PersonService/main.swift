import Aggregates
import ArgumentParser
import Foundation
import Pipeline

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
        let settings: ServiceSettings
        do {
            settings = try options.resolve(
                domain: "person", defaultStream: "PERSON_EVENTS", environment: ProcessInfo.processInfo.environment,
                cores: ProcessInfo.processInfo.activeProcessorCount)
        } catch {
            FileHandle.standardError.write(Data("person-service: \(error)\n".utf8))
            throw ExitCode(2)
        }
        do {
            try await ServiceHost.runPersonService(settings: settings)
        } catch {
            FileHandle.standardError.write(Data("person-service: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
