import Foundation

extension LoadReport.Machine {
    /// This machine: online cores, physical memory, and the system's name and release.
    package static func current() -> LoadReport.Machine {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let memory = ProcessInfo.processInfo.physicalMemory
        var system = ProcessInfo.processInfo.operatingSystemVersionString
        #if os(Linux)
        var names = utsname()
        uname(&names)
        let kernel = withUnsafeBytes(of: &names.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        system += ", Linux " + kernel
        #endif
        return LoadReport.Machine(cores: cores, memoryBytes: memory, system: system)
    }
}
