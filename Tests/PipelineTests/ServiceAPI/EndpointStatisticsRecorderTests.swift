import Testing

@testable import Pipeline

@Suite struct EndpointStatisticsRecorderTests {
    @Test func requestsErrorsAndTimesAreCountedPerEndpoint() {
        let recorder = EndpointStatisticsRecorder(endpoints: ["commands", "queries"])
        #expect(recorder.record(endpoint: "commands", processingNanoseconds: 1_000, error: nil))
        #expect(recorder.record(endpoint: "commands", processingNanoseconds: 3_000, error: "409:conflict"))
        #expect(recorder.record(endpoint: "commands", processingNanoseconds: 2_000))
        #expect(!recorder.record(endpoint: "unknown", processingNanoseconds: 1))

        let commands = recorder.statistics(for: "commands")
        #expect(commands?.requests == 3)
        #expect(commands?.errors == 1)
        #expect(commands?.lastError == "409:conflict")
        #expect(commands?.processingNanoseconds == 6_000)
        #expect(commands?.averageProcessingNanoseconds == 2_000)
        #expect(recorder.statistics(for: "queries") == EndpointStatistics(name: "queries"))
        #expect(recorder.statistics(for: "queries")?.averageProcessingNanoseconds == 0)
        #expect(recorder.snapshot().map(\.name) == ["commands", "queries"])
    }

    @Test func handlesRecordWithoutALookup() {
        let recorder = EndpointStatisticsRecorder(endpoints: ["commands", "commands"])
        #expect(recorder.endpointNames == ["commands"])
        let handle = recorder.handle(for: "commands")
        handle?.record(processingNanoseconds: 10)
        handle?.record(processingNanoseconds: 20, error: "500:boom")
        #expect(recorder.statistics(for: "commands")?.requests == 2)
        #expect(recorder.statistics(for: "commands")?.lastError == "500:boom")
        #expect(recorder.handle(for: "nope") == nil)
    }

    @Test func concurrentRecordsAreAllCounted() async {
        let recorder = EndpointStatisticsRecorder(endpoints: ["commands"])
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<8 {
                group.addTask {
                    for index in 0..<1_000 {
                        recorder.record(endpoint: "commands", processingNanoseconds: 1, error: index % 10 == 0 ? "e\(task)" : nil)
                    }
                }
            }
        }
        #expect(recorder.statistics(for: "commands")?.requests == 8_000)
        #expect(recorder.statistics(for: "commands")?.errors == 800)
        #expect(recorder.statistics(for: "commands")?.processingNanoseconds == 8_000)
    }
}
