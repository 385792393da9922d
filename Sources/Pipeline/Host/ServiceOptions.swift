import ArgumentParser

/// The command-line flags every service takes. Each has an environment variable (the seeds'
/// names); a flag wins over its variable, the variable over the default. Secrets (NATS_PASSWORD,
/// NATS_TOKEN) are read from the environment only: argv is visible to every user of the machine.
package struct ServiceOptions: ParsableArguments, Sendable {
    @Option(name: .customLong("nats-url"), help: "NATS server URLs, comma-separated (NATS_URL; default nats://localhost:4222).")
    package var natsURL: String?

    @Option(name: .customLong("creds-file"), help: "NATS credentials file (NATS_CREDS_FILE).")
    package var credentialsFile: String?

    @Option(name: .customLong("nkey-seed-file"), help: "NKey seed file (NATS_NKEY_SEED_FILE).")
    package var nkeySeedFile: String?

    @Option(name: .customLong("tls-ca"), help: "CA certificate to verify the server (NATS_TLS_CA).")
    package var tlsCA: String?

    @Option(name: .customLong("tls-cert"), help: "Client certificate (NATS_TLS_CERT).")
    package var tlsCertificate: String?

    @Option(name: .customLong("tls-key"), help: "Client key (NATS_TLS_KEY).")
    package var tlsKey: String?

    @Option(name: .customLong("stream-name"), help: "JetStream stream of the events (STREAM_NAME).")
    package var streamName: String?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical (LOG_LEVEL; default info).")
    package var logLevel: String?

    @Option(name: .customLong("snapshot-freq"), help: "Snapshot every N events, 0 for none (SNAPSHOT_FREQ or SNAPSHOT_FREQUENCY; default 100).")
    package var snapshotFrequency: String?

    @Option(name: .customLong("http-host"), help: "Address of /healthz, /readyz and /metrics (HTTP_HOST; default 127.0.0.1).")
    package var httpHost: String?

    @Option(name: .customLong("http-port"), help: "Port of /healthz, /readyz and /metrics, 0 for none (HTTP_PORT; default 8080).")
    package var httpPort: String?

    @Option(name: .customLong("shards"), help: "Shards (SHARDS; default: the number of cores).")
    package var shards: String?

    @Option(name: .customLong("mailbox-capacity"), help: "Commands queued per shard before `busy` (MAILBOX_CAPACITY; default 4096).")
    package var mailboxCapacity: String?

    @Option(
        name: .customLong("nats-ping-interval"),
        help: "Seconds between the client's PINGs; two unanswered end the connection, and the service moves to another server (NATS_PING_INTERVAL; default 5).")
    package var pingInterval: String?

    @Option(
        name: .customLong("command-deadline-ms"),
        help: "A request still queued this long is answered deadline_exceeded instead of run; a Cim-Timeout-Ms header overrides it; 0 for none (COMMAND_DEADLINE_MS; default 5000).")
    package var commandDeadline: String?

    @Option(name: .customLong("max-resident"), help: "Aggregates kept in memory in all (MAX_RESIDENT_AGGREGATES; default 200000).")
    package var maxResident: String?

    @Option(name: .customLong("commit-mode"), help: "async (one publish per command) or batch (group commit; nats-server 2.12+) (COMMIT_MODE; default async).")
    package var commitMode: String?

    @Option(name: .customLong("task-placement"), help: "event-loop (one thread, no hops) or pool (every core) (TASK_PLACEMENT; default event-loop).")
    package var taskPlacement: String?

    @Option(name: .customLong("batch-linger-us"), help: "Group commit: microseconds the oldest append waits for company (BATCH_LINGER_US; default 0).")
    package var batchLinger: String?

    @Option(name: .customLong("batches-in-flight"), help: "Group commit: atomic batches committing at once (BATCHES_IN_FLIGHT; default 1: fewer, larger batches cost the server least).")
    package var batchesInFlight: String?

    @Option(name: .customLong("event-layout"), help: "auto, per-event-subject or per-aggregate-subject (EVENT_LAYOUT; default auto).")
    package var layout: String?

    @Option(name: .customLong("queue-group"), help: "Queue group replicas share (QUEUE_GROUP; default <domain>-service).")
    package var queueGroup: String?

    @Option(name: .customLong("stream-replicas"), help: "Replicas of the stream and snapshot bucket when created (STREAM_REPLICAS; default 1).")
    package var streamReplicas: String?

    @Option(name: .customLong("stream-max-age-days"), help: "Days the stream keeps events, 0 for ever (STREAM_MAX_AGE_DAYS; default 365, the seeds').")
    package var streamMaxAgeDays: String?

    @Option(name: .customLong("drain-timeout"), help: "Seconds a graceful shutdown may take (DRAIN_TIMEOUT; default 20).")
    package var drainTimeout: String?

    @Flag(
        name: .customLong("durable-intake"), inversion: .prefixedNo,
        help: "Also take commands from the work-queue stream <DOMAIN>_COMMANDS on durable.<domain>.commands.> (DURABLE_INTAKE; default off).")
    package var durableIntake: Bool?

    @Option(name: .customLong("intake-stream"), help: "The durable intake's work-queue stream (INTAKE_STREAM; default <DOMAIN>_COMMANDS).")
    package var intakeStream: String?

    @Option(name: .customLong("durable-ack-wait"), help: "Seconds before a durable command taken but not acknowledged is delivered again (DURABLE_ACK_WAIT; default 30).")
    package var durableAckWait: String?

    package init() {}
}
