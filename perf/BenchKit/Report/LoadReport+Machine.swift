import Foundation

extension LoadReport.Machine {
    /// This machine: online cores, physical memory, and the system's name and release.
    package static func current() -> LoadReport.Machine {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let memory = ProcessInfo.processInfo.physicalMemory
        var system = ProcessInfo.processInfo.operatingSystemVersionString
        #if os(Linux)
        if let release = try? String(contentsOfFile: "/etc/os-release", encoding: .utf8),
            let line = release.split(separator: "\n").first(where: { $0.hasPrefix("PRETTY_NAME=") })
        {
            system = line.dropFirst("PRETTY_NAME=".count).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) + ", Linux " + system
        }
        #endif
        return LoadReport.Machine(cores: cores, memoryBytes: memory, system: system)
    }
}
