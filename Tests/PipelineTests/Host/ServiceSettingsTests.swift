import ArgumentParser
import NATS
import Testing

@testable import Pipeline

/// Flags over environment over defaults, and a sentence for each bad value.
@Suite struct ServiceSettingsTests {
    func resolve(_ arguments: [String] = [], _ environment: [String: String] = [:]) throws -> ServiceSettings {
        let options = try ServiceOptions.parse(arguments)
        return try options.resolve(domain: "person", defaultStream: "PERSON_EVENTS", environment: environment, cores: 2)
    }

    func failure(_ arguments: [String] = [], _ environment: [String: String] = [:]) throws -> String {
        do {
            _ = try resolve(arguments, environment)
        } catch let error as SettingsError {
            return error.description
        }
        Issue.record("expected a settings error for \(arguments) \(environment)")
        return ""
    }

    @Test func theSeedsDefaults() throws {
        let settings = try resolve()
        #expect(settings.runtime.streamName == "PERSON_EVENTS")
        #expect(settings.runtime.commandSubjects == ["person.commands.>"])
        #expect(settings.runtime.queueGroup == "person-service")
        #expect(settings.runtime.snapshotFrequency == 100)
        #expect(settings.runtime.shards == 2)
        #expect(settings.runtime.durableIntake == nil)
        #expect(settings.httpHost == "127.0.0.1")
        #expect(settings.httpPort == 8080)
        #expect(settings.runtime.maxAgeSeconds == 365 * 86_400)
        #expect(settings.runtime.commandDeadlineNanoseconds == 5_000_000_000)
        // A cut-off server is left within 15 s, not the client library's 6 minutes.
        #expect(settings.nats.pingInterval == .seconds(5))
        #expect(settings.nats.maxPingsOutstanding == 2)
    }

    @Test func theDeadlineAndThePingIntervalCanBeSet() throws {
        let settings = try resolve(["--nats-ping-interval", "30"], ["COMMAND_DEADLINE_MS": "0", "NATS_PING_INTERVAL": "9"])
        #expect(settings.nats.pingInterval == .seconds(30))
        #expect(settings.runtime.commandDeadlineNanoseconds == 0)
        #expect(try resolve([], ["COMMAND_DEADLINE_MS": "1500"]).runtime.commandDeadlineNanoseconds == 1_500_000_000)
        #expect(try failure([], ["NATS_PING_INTERVAL": "0"]).contains("NATS_PING_INTERVAL"))
        #expect(try failure(["--command-deadline-ms", "soon"]).contains("--command-deadline-ms"))
    }

    @Test func repliesArriveOnAPrivateInboxUnlessOneIsGiven() throws {
        #expect(try resolve().nats.inboxPrefix == "_INBOX_person-service")
        #expect(try resolve([], ["NATS_INBOX_PREFIX": "_INBOX_team.person"]).nats.inboxPrefix == "_INBOX_team.person")
        #expect(try failure([], ["NATS_INBOX_PREFIX": "_INBOX.>"]).contains("NATS_INBOX_PREFIX"))
    }

    @Test func theStreamCanKeepEventsForEver() throws {
        #expect(try resolve([], ["STREAM_MAX_AGE_DAYS": "0"]).runtime.maxAgeSeconds == 0)
        #expect(try resolve(["--stream-max-age-days", "30"]).runtime.maxAgeSeconds == 30 * 86_400)
        #expect(try failure([], ["STREAM_MAX_AGE_DAYS": "-1"]).contains("STREAM_MAX_AGE_DAYS"))
    }

    @Test func aFlagWinsOverItsVariable() throws {
        let settings = try resolve(["--snapshot-freq", "7", "--stream-name", "P2"], ["SNAPSHOT_FREQ": "9", "STREAM_NAME": "P3"])
        #expect(settings.runtime.snapshotFrequency == 7)
        #expect(settings.runtime.streamName == "P2")
        #expect(try resolve([], ["SNAPSHOT_FREQUENCY": "0"]).runtime.snapshotFrequency == 0)
    }

    @Test func badValuesAreNamed() throws {
        #expect(try failure([], ["SNAPSHOT_FREQ": "often"]).contains("SNAPSHOT_FREQ"))
        #expect(try failure([], ["SNAPSHOT_FREQ": "5", "SNAPSHOT_FREQUENCY": "6"]).contains("disagree"))
        #expect(try failure(["--stream-name", "a.b"]).contains("--stream-name"))
        #expect(try failure([], ["STREAM_NAME": "a b"]).contains("STREAM_NAME"))
        #expect(try failure([], ["COMMIT_MODE": "fast"]).contains("COMMIT_MODE"))
    }

    @Test func durableIntakeIsOffUnlessAsked() throws {
        #expect(try resolve([], ["DURABLE_INTAKE": "false"]).runtime.durableIntake == nil)
        let on = try resolve([], ["DURABLE_INTAKE": "true"]).runtime.durableIntake
        #expect(on?.streamName == "PERSON_COMMANDS")
        #expect(on?.consumerName == "person-service")
        #expect(on?.subjects(for: ["person.commands.>"]) == ["durable.person.commands.>"])
        #expect(try resolve(["--durable-intake"]).runtime.durableIntake != nil)
        // The flag wins over the variable, both ways.
        #expect(try resolve(["--no-durable-intake"], ["DURABLE_INTAKE": "1"]).runtime.durableIntake == nil)
        #expect(try resolve(["--durable-intake"], ["DURABLE_INTAKE": "0"]).runtime.durableIntake != nil)
        // Its consumer is the queue group's name, so replicas share it.
        #expect(try resolve(["--durable-intake", "--queue-group", "p"]).runtime.durableIntake?.consumerName == "p")
        #expect(try resolve(["--durable-intake", "--intake-stream", "CMDS"]).runtime.durableIntake?.streamName == "CMDS")
        #expect(on?.ackWaitSeconds == 30)
        #expect(try resolve(["--durable-intake"], ["DURABLE_ACK_WAIT": "2"]).runtime.durableIntake?.ackWaitSeconds == 2)
    }

    @Test func badDurableIntakeValuesAreNamed() throws {
        #expect(try failure([], ["DURABLE_INTAKE": "maybe"]).contains("DURABLE_INTAKE must be true or false"))
        #expect(try failure(["--durable-intake", "--intake-stream", "a.b"]).contains("--intake-stream"))
        #expect(try failure(["--durable-intake"], ["INTAKE_STREAM": "PERSON_EVENTS"]).contains("must differ"))
        #expect(try failure(["--durable-intake", "--durable-ack-wait", "0"]).contains("--durable-ack-wait must be a whole number from 1 to 3600"))
    }
}
