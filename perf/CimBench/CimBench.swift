import ArgumentParser

/// The project's benchmark and load-test tool.
@main
struct CimBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cim-bench",
        abstract: "Benchmarks and load tests for the CIM event-sourcing runtime.",
        subcommands: [WireBench.self]
    )
}
