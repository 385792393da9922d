import Foundation

extension NATSServer {
    /// The last lines of the server log (all runs of this fixture, each preceded by a `===` line).
    ///
    /// - Parameter lines: How many lines to return.
    /// - Returns: The lines, joined by newlines; empty if the log cannot be read.
    public func logTail(lines: Int = 40) -> String {
        Self.tail(of: logPath, lines: lines)
    }

    /// Prints the log path and its tail to standard error.
    ///
    /// - Parameters:
    ///   - reason: Why the log is printed (shown in the heading).
    ///   - lines: How many lines of the tail to print.
    public func printLog(_ reason: String, lines: Int = 40) {
        Self.printLog(reason, logPath: logPath, lines: lines)
    }

    static func printLog(_ reason: String, logPath: String, lines: Int) {
        printToStandardError(
            """
            --- TestSupport.NATSServer: \(reason)
            --- log: \(logPath) (last \(lines) lines)
            \(tail(of: logPath, lines: lines))
            --- end of log
            """
        )
    }

    /// Reads the last `lines` lines of a text file.
    ///
    /// - Parameters:
    ///   - path: The file.
    ///   - lines: How many lines to keep.
    /// - Returns: The lines, joined by newlines; empty if the file cannot be read.
    static func tail(of path: String, lines: Int) -> String {
        guard let data = FileManager.default.contents(atPath: path) else { return "" }
        let text = String(decoding: data, as: UTF8.self)
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .suffix(lines + 1)  // the text usually ends with a newline
            .joined(separator: "\n")
            .trimmingCharacters(in: .newlines)
    }

    /// The log text written since the last launch header (`=== TestSupport.NATSServer: …`).
    ///
    /// - Parameter path: The log file.
    /// - Returns: The current run's output.
    static func currentRunLog(at path: String) -> String {
        guard let data = FileManager.default.contents(atPath: path) else { return "" }
        let text = String(decoding: data, as: UTF8.self)
        guard let header = text.range(of: "=== TestSupport.NATSServer:", options: .backwards) else { return text }
        return String(text[header.lowerBound...])
    }
}
