import NIOCore
import Testing
import Wire

@testable import NATS

@Suite struct PubAckTests {
    private func parse(_ json: String) throws(JetStreamError) -> PubAck {
        try PubAck.parse(ByteBuffer(string: json))
    }

    private func parseError(_ json: String) -> JetStreamError? {
        do {
            _ = try parse(json)
            return nil
        } catch {
            return error
        }
    }

    @Test func plainAck() throws {
        let ack = try parse(#"{"stream":"ORDERS","seq":42}"#)
        #expect(ack == PubAck(stream: "ORDERS", sequence: 42))
        #expect(ack.duplicate == false)
        #expect(ack.domain == nil)
        #expect(ack.batch == nil)
        #expect(ack.count == nil)
    }

    @Test func ackWithDomain() throws {
        let ack = try parse(#"{"stream":"ORDERS","domain":"hub","seq":42}"#)
        #expect(ack == PubAck(stream: "ORDERS", sequence: 42, domain: "hub"))
    }

    @Test func duplicateAckWithSpaceBeforeTheValue() throws {
        let ack = try parse(#"{"stream":"ORDERS","seq":41,"duplicate": true}"#)
        #expect(ack.duplicate)
        #expect(ack.sequence == 41)
        #expect(ack.stream == "ORDERS")
    }

    @Test func explicitNonDuplicate() throws {
        #expect(try parse(#"{"stream":"ORDERS","seq":7,"duplicate":false}"#).duplicate == false)
    }

    @Test func whitespaceAroundMembers() throws {
        let ack = try parse(" {\n  \"stream\" : \"ORDERS\" ,\n  \"seq\" : 9\n}\n")
        #expect(ack == PubAck(stream: "ORDERS", sequence: 9))
    }

    @Test func batchCommitAck() throws {
        let ack = try parse(#"{"stream":"S","seq":100,"batch":"abc","count":100}"#)
        #expect(ack == PubAck(stream: "S", sequence: 100, batch: "abc", count: 100))
    }

    @Test func unknownMembersAreSkipped() throws {
        let ack = try parse(#"{"stream":"KV","seq":3,"val":"12","extra":{"nested":[1,2,{"x":null}]},"flag":true}"#)
        #expect(ack == PubAck(stream: "KV", sequence: 3))
    }

    @Test func ackWithoutSequenceIsInvalid() {
        #expect {
            try parse(#"{"stream":"S"}"#)
        } throws: { error in
            (error as? JetStreamError)?.code == .invalidResponse
        }
    }

    @Test func largestSequence() throws {
        #expect(try parse(#"{"stream":"S","seq":18446744073709551615}"#).sequence == UInt64.max)
    }

    @Test func wrongLastSequenceErrorCarriesTheCurrentSequence() {
        let error = parseError(#"{"error":{"code":400,"err_code":10071,"description":"wrong last sequence: 41"},"stream":"ORDERS","seq":0}"#)
        #expect(error?.code == .wrongLastSequence)
        #expect(error?.errorCode == 10071)
        #expect(error?.status == 400)
        #expect(error?.currentSequence == 41)
        #expect(error?.detail == "wrong last sequence: 41")
    }

    @Test func errorAfterTheOtherMembers() {
        let error = parseError(#"{"stream":"ORDERS","seq":0,"error":{"code":400,"err_code":10071,"description":"wrong last sequence: 7"}}"#)
        #expect(error?.code == .wrongLastSequence)
        #expect(error?.currentSequence == 7)
    }

    @Test func wrongLastSequenceConstantHasNoCurrentSequence() {
        let error = parseError(#"{"error":{"code":400,"err_code":10164,"description":"wrong last sequence"}}"#)
        #expect(error?.code == .wrongLastSequence)
        #expect(error?.errorCode == 10164)
        #expect(error?.status == 400)
        #expect(error?.currentSequence == nil)
    }

    @Test func otherServerErrors() {
        let notFound = parseError(#"{"error":{"code":503,"err_code":10077,"description":"maximum messages exceeded"}}"#)
        #expect(notFound?.code == .maximumMessagesExceeded)
        #expect(notFound?.status == 503)
        let unknown = parseError(#"{"error":{"code":500,"err_code":19999,"description":"something new"}}"#)
        #expect(unknown?.code == .serverError)
        #expect(unknown?.errorCode == 19999)
    }

    @Test func errorThatIsNotAnObjectIsInvalidResponse() {
        #expect(parseError(#"{"error":"oops","stream":"S","seq":1}"#)?.code == .invalidResponse)
        #expect(parseError(#"{"error":null}"#)?.code == .invalidResponse)
    }

    @Test func emptyOrMissingStreamIsInvalidResponse() {
        let empty = parseError(#"{"stream":"","seq":0}"#)
        #expect(empty?.code == .invalidResponse)
        #expect(empty?.detail.contains(#"{"stream":"","seq":0}"#) == true)
        #expect(parseError(#"{"seq":5}"#)?.code == .invalidResponse)
        #expect(parseError("{}")?.code == .invalidResponse)
    }

    @Test(arguments: [
        "",
        "not json",
        #"{"stream":"S","seq":1"#,
        #"{"stream":"S","seq":1}x"#,
        #"{"stream":"S","seq":-1}"#,
        #"{"stream":"S","seq":1.5}"#,
        #"{"stream":"S","seq":"1"}"#,
        #"{"stream":42,"seq":1}"#,
        #"{"stream":"S","seq":1,"duplicate":"yes"}"#,
        #"{"stream":"S","seq":1,"duplicate":tru}"#,
        #"{"stream":"S","seq":18446744073709551616}"#,
        #"["stream","S"]"#,
    ])
    func malformedJSONIsInvalidResponse(_ json: String) {
        let error = parseError(json)
        #expect(error?.code == .invalidResponse)
        #expect(error?.errorCode == nil)
    }

    @Test func parsesOnlyTheReadableBytes() throws {
        let json = #"{"stream":"ORDERS","seq":42,"duplicate":true}"#
        var buffer = ByteBuffer(string: "garbage" + json)
        buffer.moveReaderIndex(forwardBy: 7)
        #expect(buffer.readerIndex == 7)
        #expect(try PubAck.parse(buffer) == PubAck(stream: "ORDERS", sequence: 42, duplicate: true))
    }

    @Test func parsesASliceOfALargerBuffer() throws {
        let json = #"{"stream":"ORDERS","seq":43}"#
        let whole = ByteBuffer(string: "MSG-HEADER" + json + "TRAILER")
        let slice = try #require(whole.getSlice(at: 10, length: json.utf8.count))
        #expect(try PubAck.parse(slice) == PubAck(stream: "ORDERS", sequence: 43))
    }

    @Test func errorReplyReadsTheReadableBytesOfASlice() throws {
        var buffer = ByteBuffer(string: #"XX{"error":{"code":400,"err_code":10071,"description":"wrong last sequence: 5"}}"#)
        buffer.moveReaderIndex(forwardBy: 2)
        #expect(buffer.readerIndex == 2)
        do {
            _ = try PubAck.parse(buffer)
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .wrongLastSequence)
            #expect(error.currentSequence == 5)
        }
    }
}
