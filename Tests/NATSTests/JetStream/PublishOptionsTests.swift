import NIOCore
import Testing
import Wire

@testable import NATS

private func pairs(_ fields: NATSHeaderFields?) -> [String] {
    (fields?.fields ?? []).map { "\($0.name): \($0.value)" }
}

private func features(apiLevel: Int, version: ServerVersion = ServerVersion(2, 11, 0)) -> JetStreamFeatures {
    JetStreamFeatures(apiLevel: apiLevel, serverVersion: version)
}

@Suite struct PublishOptionsTests {
    @Test func everyHeaderInOrderAfterTheCallersHeaders() {
        let options = PublishOptions(
            messageID: "m-1",
            expectedStream: "ORDERS",
            expectedLastSequence: 41,
            expectedLastSubjectSequence: 7,
            expectedLastSubjectSequenceSubject: "orders.42.*",
            expectedLastMessageID: "m-0",
            ttl: "1h",
            headers: ["X-Trace": "t1", "X-Other": "o"]
        )
        #expect(pairs(options.headerFields) == [
            "X-Trace: t1",
            "X-Other: o",
            "Nats-Msg-Id: m-1",
            "Nats-Expected-Stream: ORDERS",
            "Nats-Expected-Last-Sequence: 41",
            "Nats-Expected-Last-Subject-Sequence: 7",
            "Nats-Expected-Last-Subject-Sequence-Subject: orders.42.*",
            "Nats-Expected-Last-Msg-Id: m-0",
            "Nats-TTL: 1h",
        ])
    }

    @Test func headerNameConstants() {
        #expect(PublishOptions.HeaderName.messageID == "Nats-Msg-Id")
        #expect(PublishOptions.HeaderName.expectedStream == "Nats-Expected-Stream")
        #expect(PublishOptions.HeaderName.expectedLastSequence == "Nats-Expected-Last-Sequence")
        #expect(PublishOptions.HeaderName.expectedLastSubjectSequence == "Nats-Expected-Last-Subject-Sequence")
        #expect(PublishOptions.HeaderName.expectedLastSubjectSequenceSubject == "Nats-Expected-Last-Subject-Sequence-Subject")
        #expect(PublishOptions.HeaderName.expectedLastMessageID == "Nats-Expected-Last-Msg-Id")
        #expect(PublishOptions.HeaderName.ttl == "Nats-TTL")
        #expect(PublishOptions.HeaderName.rollup == "Nats-Rollup")
        #expect(PublishOptions.HeaderName.batchID == "Nats-Batch-Id")
        #expect(PublishOptions.HeaderName.batchSequence == "Nats-Batch-Sequence")
        #expect(PublishOptions.HeaderName.batchCommit == "Nats-Batch-Commit")
    }

    @Test func singleHeaders() {
        #expect(pairs(PublishOptions(messageID: "abc").headerFields) == ["Nats-Msg-Id: abc"])
        #expect(pairs(PublishOptions(expectedLastSequence: 0).headerFields) == ["Nats-Expected-Last-Sequence: 0"])
        #expect(pairs(PublishOptions(expectedLastSubjectSequence: 0).headerFields) == ["Nats-Expected-Last-Subject-Sequence: 0"])
        #expect(pairs(PublishOptions(expectedLastSequence: UInt64.max).headerFields) == ["Nats-Expected-Last-Sequence: 18446744073709551615"])
        #expect(pairs(PublishOptions(ttl: "never").headerFields) == ["Nats-TTL: never"])
        #expect(pairs(PublishOptions(headers: ["A": "b"]).headerFields) == ["A: b"])
    }

    @Test func noHeadersIsNil() {
        #expect(PublishOptions().isEmpty)
        #expect(PublishOptions().headerFields == nil)
        #expect(PublishOptions(headers: NATSHeaderFields()).isEmpty)
        #expect(PublishOptions(headers: NATSHeaderFields()).headerFields == nil)
        #expect(!PublishOptions(ttl: "1s").isEmpty)
        #expect(!PublishOptions(expectedLastSubjectSequenceSubject: "a.*").isEmpty)
        #expect(!PublishOptions(headers: ["A": "b"]).isEmpty)
    }

    @Test func appendAddsAfterExistingFields() {
        var fields: NATSHeaderFields = ["Nats-Msg-Id": "caller"]
        PublishOptions(messageID: "mine", expectedStream: "S").append(to: &fields)
        #expect(pairs(fields) == ["Nats-Msg-Id: caller", "Nats-Msg-Id: mine", "Nats-Expected-Stream: S"])
        var untouched = NATSHeaderFields()
        PublishOptions().append(to: &untouched)
        #expect(untouched.isEmpty)
    }

    @Test func subjectVariantNeedsTheSequence() {
        let options = PublishOptions(expectedLastSubjectSequenceSubject: "orders.*")
        for features in [nil, features(apiLevel: 0), features(apiLevel: 1)] {
            let error = #expect(throws: JetStreamError.self) { try options.validate(features) }
            #expect(error?.code == .invalidArgument)
            #expect(error?.detail.contains("Nats-Expected-Last-Subject-Sequence-Subject") == true)
        }
    }

    @Test func subjectVariantNeedsAPILevelOne() throws {
        let options = PublishOptions(expectedLastSubjectSequence: 3, expectedLastSubjectSequenceSubject: "orders.*")
        #expect(options.needsFeatureCheck)
        let error = #expect(throws: JetStreamError.self) { try options.validate(features(apiLevel: 0, version: ServerVersion(2, 10, 22))) }
        #expect(error?.code == .featureUnavailable)
        #expect(error?.detail.contains("2.10.22") == true)
        try options.validate(features(apiLevel: 1))
        try options.validate(features(apiLevel: 2))
        try options.validate(nil)
    }

    @Test func ttlNeedsAPILevelOne() throws {
        let options = PublishOptions(ttl: "30s")
        #expect(options.needsFeatureCheck)
        let error = #expect(throws: JetStreamError.self) { try options.validate(features(apiLevel: 0)) }
        #expect(error?.code == .featureUnavailable)
        try options.validate(features(apiLevel: 1))
        try options.validate(nil)
    }

    @Test func plainOptionsValidateEverywhere() throws {
        let options = PublishOptions(messageID: "m", expectedStream: "S", expectedLastSequence: 1, expectedLastSubjectSequence: 2, expectedLastMessageID: "x")
        #expect(!options.needsFeatureCheck)
        try options.validate(features(apiLevel: 0))
        try options.validate(nil)
    }

    @Test func batchHeadersOfTheCommit() {
        let options = PublishOptions(expectedLastSubjectSequence: 5, headers: ["X-Trace": "t"])
        let fields = JetStream.batchHeaders(options, "b7", 3, commit: true)
        #expect(pairs(fields) == [
            "X-Trace: t",
            "Nats-Batch-Id: b7",
            "Nats-Batch-Sequence: 3",
            "Nats-Batch-Commit: 1",
            "Nats-Expected-Last-Subject-Sequence: 5",
        ])
    }

    @Test func batchHeadersBeforeTheCommit() {
        let fields = JetStream.batchHeaders(PublishOptions(expectedLastSequence: 10), "b7", 1, commit: false)
        #expect(pairs(fields) == ["Nats-Batch-Id: b7", "Nats-Batch-Sequence: 1", "Nats-Expected-Last-Sequence: 10"])
        #expect(!fields.fields.contains { $0.name == "Nats-Batch-Commit" })
        #expect(pairs(JetStream.batchHeaders(PublishOptions(), "z", 1000, commit: false)) == ["Nats-Batch-Id: z", "Nats-Batch-Sequence: 1000"])
    }
}
