import Foundation

extension NATSServer {
    /// The files of one fixture, all inside one temporary directory.
    struct Layout: Sendable {
        var directory: String
        var storeDirectory: String { directory + "/store" }
        var configPath: String { directory + "/nats-server.conf" }
        var logPath: String { directory + "/nats-server.log" }

        /// Creates a fresh temporary directory with an empty log file and the caller's files.
        ///
        /// - Parameter files: Relative path → contents, written into the directory.
        /// - Returns: The layout.
        /// - Throws: ``NATSServerError`` `.filesystem`.
        static func create(files: [String: String]) throws(NATSServerError) -> Layout {
            let base = FileManager.default.temporaryDirectory.path
            let name = "nats-server-" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
            let layout = Layout(directory: (base as NSString).appendingPathComponent(name))
            do {
                let fileManager = FileManager.default
                try fileManager.createDirectory(atPath: layout.storeDirectory, withIntermediateDirectories: true)
                guard fileManager.createFile(atPath: layout.logPath, contents: Data()) else {
                    throw NATSServerError(.filesystem, "cannot create \(layout.logPath)")
                }
                for (relativePath, contents) in files {
                    let url = URL(fileURLWithPath: layout.directory).appendingPathComponent(relativePath)
                    try fileManager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                    try Data(contents.utf8).write(to: url)
                }
            } catch let error as NATSServerError {
                throw error
            } catch {
                throw NATSServerError(.filesystem, "cannot prepare \(layout.directory): \(error)")
            }
            return layout
        }

        /// Writes the config file.
        ///
        /// - Parameter text: The configuration.
        /// - Throws: ``NATSServerError`` `.filesystem`.
        func writeConfig(_ text: String) throws(NATSServerError) {
            do {
                try Data(text.utf8).write(to: URL(fileURLWithPath: configPath))
            } catch {
                throw NATSServerError(.filesystem, "cannot write \(configPath): \(error)")
            }
        }

        /// Removes the directory and everything in it.
        func remove() {
            try? FileManager.default.removeItem(atPath: directory)
        }
    }
}
