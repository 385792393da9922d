import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Tells systemd (a unit with `Type=notify`) where the service is: `READY=1` once it serves
/// commands, `STOPPING=1` when it starts draining, through the datagram socket named by
/// `$NOTIFY_SOCKET` (a path, or `@name` for the abstract namespace). Without the variable it does
/// nothing: the service runs the same under any supervisor.
package struct SystemdNotifier: Sendable {
    /// The socket's address, nil when not started by systemd.
    package let socketPath: String?

    package init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        socketPath = environment["NOTIFY_SOCKET"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The notification for a runtime phase (nil: nothing to tell).
    package static func message(for phase: RuntimeStatus.Phase) -> String? {
        switch phase {
        case .starting: nil
        case .serving: "READY=1\nSTATUS=serving commands"
        case .draining: "STOPPING=1\nSTATUS=draining: answering the commands taken, writing snapshots"
        case .stopped: "STATUS=stopped"
        case .failed: "STATUS=failed"
        }
    }

    /// Sends the phase's notification. A failure is returned, not thrown: a service must not
    /// stop because its supervisor's socket went away, but the caller logs it.
    package func notify(_ phase: RuntimeStatus.Phase) -> String? {
        guard let socketPath, let message = Self.message(for: phase) else { return nil }
        return Self.send(message, to: socketPath)
    }

    /// Sends one datagram; a sentence on failure.
    static func send(_ message: String, to path: String) -> String? {
        let descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { return "socket(AF_UNIX) failed: errno \(errno)" }
        defer { close(descriptor) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var bytes = Array(path.utf8)
        if bytes.first == UInt8(ascii: "@") { bytes[0] = 0 }  // the abstract namespace
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard bytes.count < capacity else { return "NOTIFY_SOCKET is longer than \(capacity - 1) bytes" }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            buffer.copyBytes(from: bytes)
        }
        let length = socklen_t(MemoryLayout.offset(of: \sockaddr_un.sun_path)! + bytes.count)
        let sent = message.withCString { text in
            withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                    sendto(descriptor, text, strlen(text), Int32(MSG_NOSIGNAL), socketAddress, length)
                }
            }
        }
        return sent < 0 ? "sending to NOTIFY_SOCKET \(path) failed: errno \(errno)" : nil
    }
}
