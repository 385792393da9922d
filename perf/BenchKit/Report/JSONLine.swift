import Foundation

/// A report as one line of JSON, keys sorted (for scripts, `cim-bench merge`, and diffs).
package protocol JSONLineReport: Encodable {
    /// What the report is, for the error sentence ("the service report").
    static var reportName: String { get }
}

extension JSONLineReport {
    package func jsonLine() throws(ReportError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return String(decoding: try encoder.encode(self), as: UTF8.self)
        } catch {
            throw ReportError("\(Self.reportName) could not be written as JSON: \(error)")
        }
    }
}
