import Foundation
import NATS
import NIOCore
import TestSupport
import Testing
import Wire

#if canImport(Glibc)
import Glibc
#endif

/// Every service executable (`person-service`, `agent-service`, `location-service`,
/// `policy-service`) against servers that require each kind of authentication, given the way a
/// user gives it (README's variables and files): it serves a command within its own subjects and
/// stops cleanly; with wrong credentials it ends at once with a sentence naming the refusal; a
/// permissions violation answers the command with a typed error and is logged once; and at the
/// most verbose log level no secret appears in its output.
@Suite struct ServiceAuthMatrixTests {
    /// Each service with each kind of credentials: a command that creates an aggregate is answered
    /// and its event is in the service's stream under the service's subject; nothing the service
    /// does is refused by the server (as a user, by password or NKey, it may use only its own
    /// subjects and its own inbox `_INBOX_<service>`); SIGTERM ends it with status 0; no secret is
    /// in its trace-level log.
    @Test(arguments: ServiceUnderTest.all, ServiceAuthFixture.Mode.allCases)
    func servesWithItsCredentialsStopsCleanlyAndLogsNoSecret(_ under: ServiceUnderTest, _ mode: ServiceAuthFixture.Mode) async throws {
        let fixture = try await ServiceAuthFixture.make(mode, under)
        defer { fixture.cleanUp() }
        try await NATSServer.withServer(fixture.server) { server in
            let service = try await ServiceProcess.serving(
                server, fixture.environment.merging(["LOG_LEVEL": "trace", "SNAPSHOT_FREQ": "1"]) { $1 }, name: under.name)
            defer { service.cleanUp() }
            var requester = try NATSClientConfiguration(url: server.url)
            fixture.requester(&requester)
            try await withRequester(configuration: requester) { client, js in
                let id = UUIDs.make()
                let create = under.create(id)
                let reply = try await client.command(create.json, subject: create.subject)
                #expect(reply.errorCode == nil, "\(under), \(mode): \(reply)")
                #expect(reply.version == 1, "\(under), \(mode): \(reply)")
                #expect(try await under.storedSubjects(js, id) == ["\(under.events).\(id).\(under.created)"], "\(under), \(mode)")
            }
            service.signal(SIGTERM)
            let status = try await service.waitForExit()
            #expect(status == 0, "\(under), \(mode): exit status \(status):\n\(service.log)")
            let log = service.log
            // The most verbose level was on: the client's own debug lines are there.
            #expect(log.contains(" trace ") || log.contains(" debug "), "\(under), \(mode): no debug output at LOG_LEVEL=trace:\n\(log)")
            // Any refusal (a publish, a subscription, a snapshot write) is in the log, at debug level at least.
            let refusals = log.split(separator: "\n").filter { $0.lowercased().contains("permissions violation") }
            #expect(refusals.isEmpty, "\(under), \(mode): refused by the server:\n\(refusals.joined(separator: "\n"))")
            for secret in fixture.secrets {
                #expect(
                    !log.contains(secret),
                    "\(under), \(mode): the log holds a secret (\(secret.prefix(12))…):\n\(service.lines(containing: secret).joined(separator: "\n"))")
            }
        }
    }

    /// Each service with credentials the server refuses: it gives up after the same refusal
    /// twice (no retry loop), exits non-zero, and its last line above debug level is its own
    /// sentence naming the refusal; the wrong secrets are not logged either.
    @Test(arguments: ServiceUnderTest.all, ServiceAuthFixture.Mode.allCases)
    func wrongCredentialsEndTheServiceWithASentenceNamingTheRefusal(_ under: ServiceUnderTest, _ mode: ServiceAuthFixture.Mode) async throws {
        let fixture = try await ServiceAuthFixture.make(mode, under)
        defer { fixture.cleanUp() }
        try await NATSServer.withServer(fixture.server) { server in
            let service = try ServiceProcess(url: server.url, environment: fixture.wrongEnvironment.merging(["LOG_LEVEL": "trace"]) { $1 }, name: under.name)
            defer { service.cleanUp() }
            // A refused server is dropped after the same refusal twice; a retry loop (60 attempts,
            // 2 s apart) would not end before this hang guard throws.
            let status = try await service.waitForExit(within: .seconds(90))
            let log = service.log
            #expect(status != 0, "\(under), \(mode): exit status 0:\n\(log)")
            // The last line is the executable's sentence, and it names the refusal. At trace
            // level the client's own debug lines about closing may still follow it (another thread).
            let last = log.split(separator: "\n").last { !$0.contains(" debug ") && !$0.contains(" trace ") }.map(String.init) ?? ""
            #expect(last.hasPrefix("\(under.name): "), "\(under), \(mode): last line \(last)")
            #expect(last.contains(fixture.refusal), "\(under), \(mode): the last line does not name \"\(fixture.refusal)\": \(last)\n\(log)")
            for secret in fixture.wrongSecrets {
                #expect(!log.contains(secret), "\(under), \(mode): the log holds a secret (\(secret.prefix(12))…)")
            }
        }
    }

    /// Each service whose user may not publish its events: each command is answered with a typed
    /// error naming the refusal (not a timeout), the log names the violation once however many
    /// commands hit it, and once the server grants the subjects the service stores again.
    @Test(arguments: ServiceUnderTest.all)
    func aPermissionsViolationIsAnsweredTypedLoggedOnceAndServingGoesOn(_ under: ServiceUnderTest) async throws {
        let password = ServiceAuthFixture.secret("password")
        func config(denying: Bool) -> String {
            let permissions = denying ? ", permissions: { publish: { deny: [\(NATSServer.quoted(under.events + ".>"))] } }" : ""
            return """
                authorization { users: [
                  { user: \(NATSServer.quoted(under.name)), password: \(NATSServer.quoted(password))\(permissions) }
                  { user: "client", password: "client" }
                ] }
                """
        }
        try await NATSServer.withServer(.init(extraConfig: config(denying: true))) { server in
            let service = try await ServiceProcess.serving(server, ["NATS_USER": under.name, "NATS_PASSWORD": password], name: under.name)
            defer { service.cleanUp() }
            var requester = try NATSClientConfiguration(url: server.url)
            requester.authentication = .userPassword(user: "client", password: "client")
            try await withRequester(configuration: requester) { client, js in
                for _ in 0..<3 {
                    let id = UUIDs.make()
                    let create = under.create(id)
                    let reply = try await client.command(create.json, subject: create.subject)
                    // store_forbidden comes only from the server's refusal; waiting out the PubAck
                    // deadline would answer store_outcome_unknown.
                    #expect(reply.errorCode == "store_forbidden", "\(under): \(reply)")
                    #expect(reply.text.contains("Permissions Violation"), "\(under): \(reply)")
                    #expect(try await under.storedSubjects(js, id).isEmpty, "\(under)")
                }
                // Once per cause: three refusals, one line naming the violation.
                let violations = service.lines(containing: "Permissions Violation")
                #expect(violations.count == 1, "\(under): \(violations.joined(separator: "\n"))")
                #expect(violations.first?.contains("\(under.events).") == true, "\(under): \(violations.joined(separator: "\n"))")

                // Granted again (the server reloads its configuration): the same service stores.
                var text = try String(contentsOfFile: server.configPath, encoding: .utf8)
                text = text.replacingOccurrences(of: config(denying: true), with: config(denying: false))
                try text.write(toFile: server.configPath, atomically: true, encoding: .utf8)
                kill(try #require(server.processIdentifier), SIGHUP)
                let id = UUIDs.make()
                let create = under.create(id)
                try await eventually("\(under) to store once permitted", within: .seconds(20)) {
                    let reply = try await client.command(create.json, subject: create.subject)
                    return reply.version == 1
                }
                #expect(try await under.storedSubjects(js, id).count == 1, "\(under)")
            }
            service.signal(SIGTERM)
            #expect(try await service.waitForExit() == 0, "\(under): \(service.log)")
            #expect(!service.log.contains(password), "\(under)")
        }
    }
}
