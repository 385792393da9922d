import Foundation
import Testing

@testable import Pipeline

#if canImport(Glibc)
import Glibc
#endif

@Suite struct SystemdNotifierTests {
    /// A datagram socket bound at a fresh path, as systemd's notify socket.
    private func boundSocket() throws -> (descriptor: Int32, path: String) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("notify-\(UInt32.random(in: 0...UInt32.max)).sock").path
        let descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8)) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        #expect(bound == 0)
        return (descriptor, path)
    }

    private func receive(_ descriptor: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 512)
        let count = recv(descriptor, &buffer, buffer.count, Int32(MSG_DONTWAIT))
        return count > 0 ? String(decoding: buffer[..<count], as: UTF8.self) : ""
    }

    @Test func tellsReadinessAndDrainingThroughTheSocket() throws {
        let (descriptor, path) = try boundSocket()
        defer {
            close(descriptor)
            unlink(path)
        }
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": path])
        #expect(notifier.notify(.starting) == nil)
        #expect(notifier.notify(.serving) == nil)
        #expect(receive(descriptor) == "READY=1\nSTATUS=serving commands")
        #expect(notifier.notify(.draining) == nil)
        #expect(receive(descriptor).hasPrefix("STOPPING=1\n"))
    }

    @Test func withoutTheVariableItDoesNothing() {
        #expect(SystemdNotifier(environment: [:]).socketPath == nil)
        #expect(SystemdNotifier(environment: [:]).notify(.serving) == nil)
    }

    @Test func aMissingSocketIsReportedNotThrown() {
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": "/nonexistent/notify.sock"])
        #expect(notifier.notify(.serving)?.contains("failed") == true)
    }
}
