import ArgumentParser
import Pipeline
import ServiceAllocator

/// The Agent domain service: `agent.commands.>` in, `agent.events.<id>.<event>` stored in
/// `AGENT_EVENTS`, replies to messages streamed as events by the Mock provider.
@main
struct AgentServiceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent-service",
        abstract: "The CIM Agent domain service on NATS JetStream.",
        discussion: "Every option also reads an environment variable (named in its help); a flag wins over its variable.")

    @OptionGroup var options: ServiceOptions

    func run() async throws {
        try await options.runService(name: "agent-service", domain: "agent", defaultStream: "AGENT_EVENTS", allocator: ServiceAllocator.describe(), ServiceHost.runAgentService)
    }
}
