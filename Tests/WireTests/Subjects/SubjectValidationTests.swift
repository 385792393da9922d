import NIOCore
import Testing
import Wire

/// The error `body` throws, or `nil`.
private func thrownError(_ body: () throws -> Void) -> NATSProtocolError? {
    do {
        try body()
        return nil
    } catch {
        return error as? NATSProtocolError
    }
}

@Suite struct SubjectValidationTests {
    static let validForBoth = [
        "a", "foo", "foo.bar", "foo.bar.baz", "$JS.API.INFO", "_INBOX.abc123.1", "a-b_c.D~E", "foo*", "*foo.bar",
        "foo>", ">foo", "a.b*c.d", "grüße.日本", "{}.[]", "a:b", "1.2.3",
    ]
    static let wildcardSubjects = ["*", ">", "foo.*", "foo.>", "*.bar", "*.*.>", "foo.*.baz", "a.*.b.>"]
    static let invalidForBoth = [
        "", ".", "..", ".foo", "foo.", "foo..bar", "foo bar", "foo\tbar", "foo\rbar", "foo\nbar", "foo\u{0}",
        "foo\u{1F}", "foo\u{7F}", " foo", "foo ", "foo.>.bar", ">.foo", "foo.>.", "a.b.", "\u{0C}",
    ]

    @Test(arguments: validForBoth)
    func validForPublishAndSubscribe(_ subject: String) throws {
        try Subject.validatePublish(subject)
        try Subject.validateSubscribe(subject)
        try Subject.validatePublish(Array(subject.utf8))
        try Subject.validateSubscribe(ByteBuffer(string: subject).readableBytesView)
    }

    @Test(arguments: wildcardSubjects)
    func wildcardsOnlyForSubscribe(_ subject: String) throws {
        try Subject.validateSubscribe(subject)
        let error = thrownError { try Subject.validatePublish(subject) }
        #expect(error?.code == .invalidSubject)
        #expect(error?.detail.contains("wildcard") == true)
        #expect(thrownError { try Subject.validatePublish(Array(subject.utf8)) }?.code == .invalidSubject)
    }

    @Test(arguments: invalidForBoth)
    func invalidEverywhere(_ subject: String) {
        #expect(thrownError { try Subject.validatePublish(subject) }?.code == .invalidSubject)
        #expect(thrownError { try Subject.validateSubscribe(subject) }?.code == .invalidSubject)
        #expect(thrownError { try Subject.validateSubscribe(Array(subject.utf8)) }?.code == .invalidSubject)
    }

    @Test func errorsQuoteTheSubjectAndGiveTheReason() {
        let empty = thrownError { try Subject.validatePublish("foo..bar") }
        #expect(empty?.detail == #"empty token at offset 4 in publish subject "foo..bar""#)
        let space = thrownError { try Subject.validateSubscribe("foo bar") }
        #expect(space?.detail == #"space at offset 3 in subscribe subject "foo bar""#)
        let newline = thrownError { try Subject.validatePublish("a\r\nPUB x 1") }
        #expect(newline?.detail == #"control byte 0x0D at offset 1 in publish subject "a\r\nPUB x 1""#)
        let full = thrownError { try Subject.validateSubscribe("a.>.b") }
        #expect(full?.detail == #"'>' not the last token at offset 2 in subscribe subject "a.>.b""#)
        #expect(thrownError { try Subject.validatePublish("") }?.detail == #"empty subject in publish subject """#)
    }

    @Test func longSubjectsAreTruncatedInErrors() throws {
        let subject = String(repeating: "x", count: 1000) + " "
        let error = try #require(thrownError { try Subject.validatePublish(subject) })
        #expect(error.detail.count < 400)
        #expect(error.detail.hasSuffix("…\""))
    }

    @Test func unsafeRawBufferPointersAreAccepted() throws {
        try "orders.new".utf8.withContiguousStorageIfAvailable { utf8 in
            try Subject.validatePublish(UnsafeRawBufferPointer(utf8))
        }
        let error = "orders.*".utf8.withContiguousStorageIfAvailable { utf8 in
            thrownError { try Subject.validatePublish(UnsafeRawBufferPointer(utf8)) }
        }
        #expect(error??.code == .invalidSubject)
    }

    @Test(arguments: ["workers", "q.1", "a*", ">", "grüße", "a-b_c"])
    func validQueueGroups(_ queue: String) throws {
        try Subject.validateQueueGroup(queue)
        try Subject.validateQueueGroup(Array(queue.utf8))
    }

    @Test(arguments: ["", " ", "a b", "a\tb", "a\r", "\nq", "a\u{0}", "a\u{7F}"])
    func invalidQueueGroups(_ queue: String) {
        let error = thrownError { try Subject.validateQueueGroup(queue) }
        #expect(error?.code == .invalidQueueGroup)
        #expect(thrownError { try Subject.validateQueueGroup(Array(queue.utf8)) }?.code == .invalidQueueGroup)
    }

    @Test func queueGroupErrorQuotesTheName() {
        #expect(thrownError { try Subject.validateQueueGroup("my queue") }?.detail == #"space at offset 2 in queue group "my queue""#)
        #expect(thrownError { try Subject.validateQueueGroup("") }?.detail == "queue group is empty")
    }
}
