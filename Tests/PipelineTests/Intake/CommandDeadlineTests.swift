import Testing

@testable import Pipeline

/// When a queued command stops being worth starting (`CommandDeadline`).
@Suite struct CommandDeadlineTests {
    static let received: UInt64 = 7_000_000_000
    static let fiveSeconds: UInt64 = 5_000_000_000

    @Test func aRequestWithoutAHeaderGetsTheDefault() throws {
        let deadline = try CommandDeadline.deadline(
            receivedAt: Self.received, header: nil, hasReplySubject: true, durable: false, defaultNanoseconds: Self.fiveSeconds)
        #expect(deadline == Self.received + Self.fiveSeconds)
    }

    @Test func theHeaderWinsOverTheDefault() throws {
        let deadline = try CommandDeadline.deadline(
            receivedAt: Self.received, header: "250", hasReplySubject: true, durable: false, defaultNanoseconds: Self.fiveSeconds)
        #expect(deadline == Self.received + 250_000_000)
        // Also for a command without a reply subject: its sender said how long it is worth.
        let published = try CommandDeadline.deadline(
            receivedAt: Self.received, header: "3600000", hasReplySubject: false, durable: false, defaultNanoseconds: 0)
        #expect(published == Self.received + 3_600_000_000_000)
    }

    @Test func noDeadlineWithoutARequesterOrWithTheDefaultOff() throws {
        #expect(try CommandDeadline.deadline(receivedAt: Self.received, header: nil, hasReplySubject: false, durable: false, defaultNanoseconds: Self.fiveSeconds) == nil)
        #expect(try CommandDeadline.deadline(receivedAt: Self.received, header: nil, hasReplySubject: true, durable: false, defaultNanoseconds: 0) == nil)
        #expect(try CommandDeadline.deadline(receivedAt: Self.received, header: "", hasReplySubject: true, durable: false, defaultNanoseconds: 0) == nil)
    }

    /// A durable command waits in its stream for as long as it takes: never a deadline, and a
    /// header on it is not even read.
    @Test func durableCommandsHaveNone() throws {
        #expect(try CommandDeadline.deadline(receivedAt: Self.received, header: "5", hasReplySubject: true, durable: true, defaultNanoseconds: Self.fiveSeconds) == nil)
        #expect(try CommandDeadline.deadline(receivedAt: Self.received, header: "soon", hasReplySubject: true, durable: true, defaultNanoseconds: Self.fiveSeconds) == nil)
    }

    @Test(arguments: ["0", "-5", "1.5", "2s", " 100", "3600001", "18446744073709551616", "soon"])
    func aBadHeaderIsATypedError(_ value: String) {
        let error = #expect(throws: ReplyError.self) {
            try CommandDeadline.deadline(receivedAt: Self.received, header: value, hasReplySubject: true, durable: false, defaultNanoseconds: Self.fiveSeconds)
        }
        #expect(error?.code == "invalid_header")
        #expect(error?.field == "Cim-Timeout-Ms")
        #expect(error?.retryable == false)
        #expect(error?.message.contains("\"\(value)\"") == true, "\(error?.message ?? "")")
    }
}
