extension RuntimeConfiguration {
    /// What `$SRV.INFO` tells about this replica's settings (`nats micro info`, and `cim-bench
    /// service --url`, which records them in its report): the stream and what shapes its load.
    package var serviceMetadata: [String: String] {
        [
            "stream": streamName,
            "snapshot_frequency": "\(snapshotFrequency)",
            "commit_mode": commitMode.rawValue,
            "shards": "\(shards)",
            "mailbox_capacity": "\(mailboxCapacity)",
            "command_deadline_ms": "\(commandDeadlineNanoseconds / 1_000_000)",
            "max_resident_aggregates": "\(maxResidentPerShard * shards)",
            "task_placement": taskPlacement.rawValue,
            "durable_intake": durableIntake == nil ? "off" : "on",
            "stream_replicas": "\(streamReplicas)",
        ]
    }
}
