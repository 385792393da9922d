import ArgumentParser
import Logging

/// The project's benchmark and load-test tool.
@main
struct CimBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cim-bench",
        abstract: "Benchmarks and load tests for the CIM event-sourcing runtime.",
        subcommands: [
            WireBench.self, PubSubBench.self, RequestBench.self, PublishBench.self, ConsumeBench.self, ServiceBench.self, MergeBench.self,
            RecoveryBench.self, SnapshotTuneBench.self, ChaosBench.self,
        ]
    )

    static func main() async {
        // Logs go to standard error so that standard output carries only the JSON result.
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .warning
            return handler
        }
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
