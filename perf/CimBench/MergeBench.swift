import ArgumentParser
import BenchKit
import Foundation

/// `cim-bench merge`: the reports of several load generators (processes or machines that drove
/// one deployment at the same time, each with `cim-bench service --json`) as one report.
struct MergeBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Combine `cim-bench service --json` reports of generators that ran together: latencies merged from their histograms, rates summed, every oracle verdict kept.",
        discussion: "Each file holds one report (the JSON line; a file with several lines is read line by line). Exit 1 if any part or the merged oracle failed.")

    @Argument(help: "Report files (JSON lines of cim-bench service --json).")
    var files: [String]

    @Flag(help: "Print the merged report as one JSON object.")
    var json = false

    @Option(help: "Also write the merged report as Markdown to this file.")
    var markdown: String?

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("give the report files to merge") }
    }

    func run() throws {
        var reports: [LoadReport] = []
        for file in files {
            let text: String
            do {
                text = try String(contentsOfFile: file, encoding: .utf8)
            } catch {
                throw ValidationError("cannot read \(file): \(error.localizedDescription)")
            }
            let lines = text.split(separator: "\n").filter { !$0.allSatisfy(\.isWhitespace) }
            guard !lines.isEmpty else { throw ValidationError("\(file) is empty") }
            for (number, line) in lines.enumerated() {
                do {
                    reports.append(try LoadReport.decode(Data(line.utf8), source: lines.count > 1 ? "\(file) line \(number + 1)" : file))
                } catch {
                    throw ValidationError(error.description)
                }
            }
        }
        let merged: LoadReport
        do {
            merged = try LoadReport.merge(reports)
        } catch {
            throw ValidationError(error.description)
        }
        print(json ? try merged.jsonLine() : merged.table)
        if let markdown {
            do {
                try merged.markdown().write(toFile: markdown, atomically: true, encoding: .utf8)
            } catch {
                throw BenchFailure("cannot write the Markdown report to \(markdown): \(error)")
            }
        }
        guard merged.ok else {
            for failure in merged.failures { printError("cim-bench merge: FAILED: \(failure)") }
            throw ExitCode(1)
        }
    }
}
