import NIOCore
import Wire

extension JetStream {
    /// Creates a pull consumer; fails with `.consumerNameInUse` when one of that name exists with
    /// another configuration (2.10+; older servers cannot tell create from update). Without a
    /// name it is ephemeral: the server removes it after `inactiveThreshold` without pulls.
    public func createConsumer(stream: String, _ config: ConsumerConfig) async throws -> PullConsumer {
        try await putConsumer(stream: stream, config, action: "create")
    }

    /// Updates an existing consumer's configuration.
    public func updateConsumer(stream: String, _ config: ConsumerConfig) async throws -> PullConsumer {
        try await putConsumer(stream: stream, config, action: "update")
    }

    /// Creates the consumer, or updates it when it exists.
    public func createOrUpdateConsumer(stream: String, _ config: ConsumerConfig) async throws -> PullConsumer {
        try await putConsumer(stream: stream, config, action: nil)
    }

    /// A handle on an existing consumer.
    public func consumer(stream: String, name: String) async throws -> PullConsumer {
        let info = try await consumerInfo(stream: stream, name: name)
        return PullConsumer(js: self, info: info, features: try await features())
    }

    public func consumerInfo(stream: String, name: String) async throws -> ConsumerInfo {
        try Self.validateName(stream, "stream")
        try Self.validateName(name, "consumer")
        return try await apiRequest("CONSUMER.INFO.\(stream).\(name)")
    }

    public func deleteConsumer(stream: String, name: String) async throws {
        try Self.validateName(stream, "stream")
        try Self.validateName(name, "consumer")
        let _: SuccessResponse = try await apiRequest("CONSUMER.DELETE.\(stream).\(name)")
    }

    private func putConsumer(stream: String, _ config: ConsumerConfig, action: String?) async throws -> PullConsumer {
        try Self.validateName(stream, "stream")
        var config = config
        if config.name == nil {
            if let durable = config.durableName {
                config.name = durable
            } else {
                var random = SystemRandomNumberGenerator()
                config.name = Inbox.token(using: &random)
            }
        }
        guard let name = config.name else { throw JetStreamError(.invalidArgument, "a consumer needs a name") }
        try Self.validateName(name, "consumer")
        if let durable = config.durableName, durable != name {
            throw JetStreamError(.invalidArgument, "durable name \(durable) differs from name \(name)")
        }
        if config.filterSubject != nil, config.filterSubjects != nil {
            throw JetStreamError(.invalidArgument, "set filterSubject or filterSubjects, not both")
        }
        if let backoff = config.backoff, let maxDeliver = config.maxDeliver, maxDeliver > 0, backoff.count >= maxDeliver {
            throw JetStreamError(.invalidArgument, "backoff needs fewer entries (\(backoff.count)) than maxDeliver (\(maxDeliver))")
        }
        let features = try await features()
        if config.filterSubjects != nil, features.serverVersion < ServerVersion(2, 10, 0) {
            throw JetStreamError(.featureUnavailable, "filterSubjects needs nats-server 2.10+ (this one is \(features.serverVersion))")
        }
        if config.metadata != nil, features.serverVersion < ServerVersion(2, 10, 0) {
            throw JetStreamError(.featureUnavailable, "consumer metadata needs nats-server 2.10+ (this one is \(features.serverVersion))")
        }
        if !features.consumerAction, let action {
            try await emulateAction(action, stream: stream, name: name, config)
        }
        // Before 2.10 the action is unknown (and dropped): create and update are both upserts.
        let request = CreateConsumerRequest(streamName: stream, config: config, action: features.consumerAction ? action : nil)
        let info: ConsumerInfo = try await apiRequest("CONSUMER.CREATE.\(stream).\(name)", json: request)
        return PullConsumer(js: self, info: info, features: features)
    }

    /// Servers before 2.10 upsert whatever the action: check first what 2.10 would refuse (a
    /// create over a different consumer, an update of a missing one). Best effort: another
    /// client may act between the check and the request.
    private func emulateAction(_ action: String, stream: String, name: String, _ config: ConsumerConfig) async throws {
        let current: ConsumerInfo?
        do {
            current = try await consumerInfo(stream: stream, name: name)
        } catch let error as JetStreamError where error.code == .consumerNotFound {
            current = nil
        }
        switch (action, current) {
        case ("create", let current?):
            let drift = try ConfigDrift(wanted: config, current: current.config)
            if !drift.fields.isEmpty {
                throw JetStreamError(
                    .consumerNameInUse,
                    "consumer \(name) exists with another configuration (\(drift.fields.map(\.field).joined(separator: ", ")))"
                )
            }
        case ("update", nil):
            throw JetStreamError(.consumerNotFound, "consumer \(name) does not exist")
        default:
            break
        }
    }
}
