import ArgumentParser
import Foundation

extension ServiceOptions {
    /// What every service executable does: resolves its settings from these flags and the
    /// process's environment, then runs. A bad setting exits 2 and a failure 1, each with a
    /// sentence on standard error naming the executable.
    package func runService(
        name: String, domain: String, defaultStream: String, _ run: (ServiceSettings) async throws -> Void
    ) async throws {
        let settings: ServiceSettings
        do {
            settings = try resolve(
                domain: domain, defaultStream: defaultStream, environment: ProcessInfo.processInfo.environment,
                cores: ProcessInfo.processInfo.activeProcessorCount)
        } catch {
            FileHandle.standardError.write(Data("\(name): \(error)\n".utf8))
            throw ExitCode(2)
        }
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
