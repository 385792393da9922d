import ArgumentParser
import Foundation

extension ServiceOptions {
    /// What every service executable does: resolves its settings from these flags and the
    /// process's environment, then runs. A bad setting exits 2 and a failure 1, each with a
    /// sentence on standard error naming the executable.
    /// `allocator` names what serves the process's allocations (`ServiceAllocator.describe()`),
    /// logged when the service starts, as a warning when `unexpected`.
    package func runService(
        name: String, domain: String, defaultStream: String, allocator: (text: String, unexpected: Bool),
        _ run: (ServiceSettings) async throws -> Void
    ) async throws {
        var settings: ServiceSettings
        do {
            settings = try resolve(
                domain: domain, defaultStream: defaultStream, environment: ProcessInfo.processInfo.environment,
                cores: ProcessInfo.processInfo.activeProcessorCount)
        } catch {
            FileHandle.standardError.write(Data("\(name): \(error)\n".utf8))
            throw ExitCode(2)
        }
        settings.allocator = allocator
        do {
            try await run(settings)
        } catch let error as SettingsError {
            // A service's own setting, read when it starts.
            FileHandle.standardError.write(Data("\(name): \(error)\n".utf8))
            throw ExitCode(2)
        } catch {
            FileHandle.standardError.write(Data("\(name): \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
