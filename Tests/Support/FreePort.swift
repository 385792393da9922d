#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Synchronization

/// Finds free TCP ports on the loopback interface.
///
/// Ports come from below the kernel's ephemeral range (`/proc/sys/net/ipv4/ip_local_port_range`),
/// where no outgoing connection is ever given a local port: in a test run with hundreds of
/// clients, a port picked from the ephemeral range is now and then taken by some connection
/// before the server binds it (seen as a cluster's route port "already in use"). Each port is
/// handed out once per process and checked by binding it. Where the range leaves no room below
/// it, the kernel picks (`127.0.0.1:0`). Another process may still take a port before the caller
/// binds it, so whoever binds it must be ready to retry (``NATSServer`` does).
public enum FreePort {
    /// Ports this process has handed out (never handed out twice).
    private static let handedOut = Mutex<Set<Int>>([])
    /// The lowest port picked (above the well-known and registered ports most services use).
    static let lowestPort = 20_000

    /// Returns a TCP port on `127.0.0.1` that was free a moment ago.
    ///
    /// - Returns: A port number below the kernel's ephemeral range when it leaves room.
    /// - Throws: ``NATSServerError`` with code `.noFreePort` if a socket cannot be bound.
    public static func next() throws(NATSServerError) -> Int {
        let ephemeralStart = ephemeralRangeStart() ?? 32_768
        if ephemeralStart - lowestPort >= 1_000 {
            for _ in 0..<500 {
                let port = Int.random(in: lowestPort..<ephemeralStart)
                guard handedOut.withLock({ $0.insert(port).inserted }) else { continue }
                // Taken (by something listening): try another.
                if (try? probe(port: port)) != nil { return port }
            }
        }
        let port = try probe(port: 0)
        _ = handedOut.withLock { $0.insert(port) }
        return port
    }

    /// The first port of the kernel's ephemeral range, or `nil` where it cannot be read.
    static func ephemeralRangeStart() -> Int? {
        #if os(Linux)
        guard let text = try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8),
              let first = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).first
        else { return nil }
        return Int(first)
        #else
        return 49_152  // The IANA dynamic range, which macOS uses.
        #endif
    }

    /// Binds a socket to `127.0.0.1:port` (0: the kernel picks), closes it, and returns the port.
    private static func probe(port: Int) throws(NATSServerError) -> Int {
        #if canImport(Glibc) || canImport(Musl)
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else {
            throw NATSServerError(.noFreePort, "socket() failed: errno \(errno)")
        }
        defer { close(descriptor) }

        var address = sockaddr_in()
        #if canImport(Darwin)
        address.sin_len = UInt8(MemoryLayout<sockaddr_in>.size)
        #endif
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian  // 127.0.0.1

        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(descriptor, socketAddress, length) == 0
                    && getsockname(descriptor, socketAddress, &length) == 0
            }
        }
        guard bound else {
            throw NATSServerError(.noFreePort, "bind/getsockname on 127.0.0.1:\(port) failed: errno \(errno)")
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
