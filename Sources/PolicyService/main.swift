import ArgumentParser
import Pipeline
import ServiceAllocator

/// The Policy domain service: `policy.commands.<verb>` in, `events.policy.<id>.<event>` stored
/// in `POLICY_EVENTS`; `evaluate` and `check_compliance` answered from a read model.
@main
struct PolicyServiceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy-service",
        abstract: "The CIM Policy domain service on NATS JetStream.",
        discussion: "Every option also reads an environment variable (named in its help); a flag wins over its variable.")

    @OptionGroup var options: ServiceOptions

    func run() async throws {
        try await options.runService(name: "policy-service", domain: "policy", defaultStream: "POLICY_EVENTS", allocator: ServiceAllocator.describe(), ServiceHost.runPolicyService)
    }
}
