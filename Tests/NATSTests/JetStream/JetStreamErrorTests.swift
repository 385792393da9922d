import Foundation
import Testing

@testable import NATS

@Suite struct JetStreamErrorTests {
    private func map(_ errCode: Int?, _ description: String? = "some text", status: Int? = 400) -> JetStreamError {
        JetStreamError(server: APIErrorBody(code: status, errCode: errCode, description: description))
    }

    /// Every err_code the mapping names, with the code it must map to.
    static let table: [(Int, JetStreamError.Code)] = [
        (10071, .wrongLastSequence), (10164, .wrongLastSequence),
        (10070, .wrongLastMessageID),
        (10060, .streamMismatch),
        (10158, .duplicateInProcess),
        (10059, .streamNotFound),
        (10014, .consumerNotFound),
        (10058, .streamNameInUse),
        (10013, .consumerNameInUse), (10148, .consumerNameInUse),
        (10037, .messageNotFound),
        (10054, .messageTooLarge), (10097, .messageTooLarge),
        (10047, .insufficientResources), (10023, .insufficientResources),
        (10025, .invalidRequest),
        (10039, .notEnabled), (10076, .notEnabled),
        (10185, .requiredAPILevel),
        (10174, .batchRejected), (10175, .batchRejected), (10176, .batchRejected), (10177, .batchRejected),
        (10179, .batchRejected), (10199, .batchRejected), (10200, .batchRejected), (10201, .batchRejected),
        (10210, .batchRejected),
        (10111, .rollupFailed),
        (10165, .invalidTTL), (10166, .invalidTTL),
    ]

    @Test func everyTabledErrCodeMapsToItsCode() {
        for (errCode, expected) in Self.table {
            let error = map(errCode)
            #expect(error.code == expected, "err_code \(errCode)")
            #expect(error.errorCode == errCode, "err_code \(errCode)")
            #expect(error.status == 400, "err_code \(errCode)")
            #expect(error.detail == "some text", "err_code \(errCode)")
        }
    }

    @Test func codesNextToTheBatchRangesAreNotBatchRejections() {
        // 10178 is JSConsumerPushWithPriorityGroupErr, 10198 JSMirrorWithAtomicPublishErr.
        for errCode in [10173, 10178, 10180, 10198, 10202, 10209, 10211] {
            #expect(map(errCode).code == .serverError, "err_code \(errCode)")
        }
    }

    @Test func storeFailedIsSplitByItsDescription() {
        #expect(map(10077, "maximum messages exceeded").code == .maximumMessagesExceeded)
        #expect(map(10077, "Maximum Messages Exceeded").code == .maximumMessagesExceeded)
        #expect(map(10077, "maximum messages per subject exceeded").code == .maximumMessagesExceeded)
        #expect(map(10077, "maximum bytes exceeded").code == .maximumBytesExceeded)
        #expect(map(10077, "message size exceeds maximum allowed").code == .storeFailed)
        #expect(map(10077, nil).code == .storeFailed)
        #expect(map(10077, "maximum bytes exceeded").errorCode == 10077)
    }

    @Test func unknownErrCodeIsServerErrorKeepingTheCode() {
        let error = map(19999, "a brand new failure", status: 500)
        #expect(error.code == .serverError)
        #expect(error.errorCode == 19999)
        #expect(error.status == 500)
        #expect(error.detail == "a brand new failure")
        #expect(error.currentSequence == nil)
    }

    @Test func missingErrCode() {
        let error = map(nil, nil, status: 503)
        #expect(error.code == .serverError)
        #expect(error.errorCode == nil)
        #expect(error.status == 503)
        #expect(error.detail == "JetStream error")
        #expect(error.description == "JetStreamError.serverError: JetStream error")
    }

    @Test func unknown404NotFoundIsMessageNotFound() {
        #expect(map(nil, "message not found", status: 404).code == .messageNotFound)
        #expect(map(nil, "no message found", status: 404).code == .serverError)
        #expect(map(19999, "Message Not Found", status: 404).code == .messageNotFound)
        #expect(map(19999, "gone", status: 404).code == .serverError)
        #expect(map(19999, "not found", status: 400).code == .serverError)
    }

    @Test func wrongLastSequenceReadsTheNumberAfterTheLastColon() {
        #expect(map(10071, "wrong last sequence: 41").currentSequence == 41)
        #expect(map(10071, "wrong last sequence:0").currentSequence == 0)
        #expect(map(10071, "wrong last sequence: 18446744073709551615").currentSequence == UInt64.max)
        #expect(map(10164, "wrong last sequence").currentSequence == nil)
        #expect(map(10071, "wrong last sequence: unknown").currentSequence == nil)
        #expect(map(10071, nil).currentSequence == nil)
        // Only wrongLastSequence reads a sequence.
        #expect(map(10070, "wrong last msg ID: 41").currentSequence == nil)
    }

    @Test func descriptionNamesCodeDetailAndErrCode() {
        let error = map(10071, "wrong last sequence: 41")
        #expect(error.description == "JetStreamError.wrongLastSequence: wrong last sequence: 41 (err_code 10071)")
        #expect("\(error)".contains("err_code 10071"))
        #expect(JetStreamError(.timeout, "no reply").description == "JetStreamError.timeout: no reply")
    }

    @Test func apiErrorBodyDecodesTheServerKeys() throws {
        let json = #"{"type":"io.nats.jetstream.api.v1.stream_create_response","error":{"code":400,"err_code":10058,"description":"stream name already in use with a different configuration"}}"#
        let envelope = try JSONDecoder().decode(ErrorEnvelope.self, from: Data(json.utf8))
        let body = try #require(envelope.error)
        #expect(body == APIErrorBody(code: 400, errCode: 10058, description: "stream name already in use with a different configuration"))
        #expect(JetStreamError(server: body).code == .streamNameInUse)
        #expect(try JSONDecoder().decode(ErrorEnvelope.self, from: Data(#"{"total":0}"#.utf8)).error == nil)
    }

    @Test func codesCompareAndDescribeThemselves() {
        #expect(JetStreamError.Code.wrongLastSequence == .wrongLastSequence)
        #expect(JetStreamError.Code.wrongLastSequence != .wrongLastMessageID)
        #expect(JetStreamError.Code.batchRejected.description == "batchRejected")
    }
}
