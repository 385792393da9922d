#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds free TCP ports on the loopback interface.
///
/// The port is found by binding a socket to `127.0.0.1:0`, reading the port the kernel chose, and
/// closing the socket. Another process may take the port before the caller binds it, so whoever
/// binds it must be ready to retry (``NATSServer`` does).
public enum FreePort {
    /// Returns a TCP port on `127.0.0.1` that was free a moment ago.
    ///
    /// - Returns: A port number in the kernel's ephemeral range.
    /// - Throws: ``NATSServerError`` with code `.noFreePort` if a socket cannot be bound.
    public static func next() throws(NATSServerError) -> Int {
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
        address.sin_port = 0
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian  // 127.0.0.1

        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(descriptor, socketAddress, length) == 0
                    && getsockname(descriptor, socketAddress, &length) == 0
            }
        }
        guard bound else {
            throw NATSServerError(.noFreePort, "bind/getsockname on 127.0.0.1:0 failed: errno \(errno)")
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
