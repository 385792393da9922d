/// A reliability scenario of `cim-bench chaos`: a load runs throughout while faults are injected
/// into the processes cim-bench started, and the consistency oracle judges the streams at the end.
package enum ChaosScenario: String, CaseIterable, Sendable, Codable {
    /// SIGKILL of one service replica every interval (round robin), restarted after the downtime,
    /// while the others keep serving.
    case replicaKill = "replica-kill"
    /// SIGTERM of each replica in turn: it must drain and exit 0; then it is started again.
    case rollingRestart = "rolling-restart"
    /// SIGSTOP of one replica for the downtime (a stalled process: its connection backs up until
    /// the server calls it a slow consumer), then SIGCONT.
    case replicaPause = "replica-pause"
    /// SIGKILL of the single nats-server, restarted on the same port and store after the downtime.
    case serverKill = "server-kill"
    /// Three nodes, streams with three replicas: SIGKILL of the stream's leader, restarted after
    /// the downtime.
    case leaderKill = "leader-kill"
    /// Three nodes, streams with three replicas: the stream's leader isolated by SIGSTOP for the
    /// downtime, then SIGCONT.
    case nodePause = "node-pause"
    /// Three nodes in network namespaces, streams with three replicas: the stream's leader cut
    /// off (its link down: packets dropped, connections stalled) for the downtime, then joined
    /// again. The load stays on node 0, which is never cut (a leader there steps down first).
    case partition
    /// Replicas racing on the same hot aggregates (Zipf keys), no fault: conflicts are answered,
    /// never stored twice.
    case race
    /// The server's store on a small tmpfs that is filled until writes fail, then freed and the
    /// server restarted (nats-server keeps a stream whose write failed stalled until it restarts).
    case diskFull = "disk-full"
    /// Far more commands in flight than one replica's mailbox holds: `busy` answers, no loss,
    /// no timeouts.
    case overload

    /// nats-server nodes the scenario runs (three make a JetStream cluster).
    package var nodes: Int {
        switch self {
        case .leaderKill, .nodePause, .partition: 3
        default: 1
        }
    }

    /// Service replicas unless `--replicas` says otherwise.
    package var defaultReplicas: Int {
        switch self {
        case .replicaKill, .rollingRestart, .replicaPause, .race: 3
        case .serverKill, .leaderKill, .nodePause, .partition: 2
        case .diskFull, .overload: 1
        }
    }

    /// The fault it injects each time (nil: the scenario's load is its stress).
    package var action: PlannedFault.Action? {
        switch self {
        case .replicaKill: .killReplica
        case .rollingRestart: .terminateReplica
        case .replicaPause: .pauseReplica
        case .serverKill: .killNode
        case .leaderKill: .killNode
        case .nodePause: .pauseNode
        case .partition: .isolateNode
        case .diskFull: .fillStore
        case .race, .overload: nil
        }
    }

    /// One line for `--help` and the report.
    package var summary: String {
        switch self {
        case .replicaKill: "SIGKILL a service replica every interval, restart it after the downtime"
        case .rollingRestart: "SIGTERM each replica in turn (it must exit 0), start it again"
        case .replicaPause: "SIGSTOP a replica for the downtime (a slow consumer), then SIGCONT"
        case .serverKill: "SIGKILL the nats-server, restart it on the same store after the downtime"
        case .leaderKill: "3 nodes, R3 streams: SIGKILL the stream's leader, restart it after the downtime"
        case .nodePause: "3 nodes, R3 streams: SIGSTOP the stream's leader for the downtime, then SIGCONT"
        case .partition: "3 nodes in network namespaces (root), R3 streams: cut the stream's leader off for the downtime, then join it again"
        case .race: "replicas racing on hot aggregates (Zipf), no fault"
        case .diskFull: "the server's store on a small tmpfs, filled until writes fail, then freed and the server restarted"
        case .overload: "far more commands in flight than the mailbox holds: busy answers, nothing lost"
        }
    }
}
