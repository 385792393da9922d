extension IPAddress {
    /// Whether `text` is an IPv4 address (four decimal octets, no leading zeros) or an IPv6
    /// address (eight hex groups, one `::` for a run of zeros, an IPv4 tail allowed), as Rust's
    /// `IpAddr` parses them. Zone ids (`%eth0`) are not addresses.
    static func isValidText(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return isIPv4(bytes[...]) || isIPv6(bytes)
    }

    static func isIPv4(_ bytes: ArraySlice<UInt8>) -> Bool {
        let parts = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 4 else { return false }
        for part in parts {
            guard (1...3).contains(part.count), part.allSatisfy({ $0 &- UInt8(ascii: "0") < 10 }) else { return false }
            if part.count > 1, part.first == UInt8(ascii: "0") { return false }
            let value = part.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
            guard value <= 255 else { return false }
        }
        return true
    }

    static func isIPv6(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 2, bytes.count <= 45 else { return false }
        // Split at the one "::" (if any) into the groups before and after it.
        var gap: Int?
        var i = 0
        while i + 1 < bytes.count {
            if bytes[i] == UInt8(ascii: ":"), bytes[i + 1] == UInt8(ascii: ":") {
                guard gap == nil else { return false }
                gap = i
                i += 2
            } else {
                i += 1
            }
        }
        guard let gap else { return groups(bytes[...], allowIPv4Tail: true) == 8 }
        let head = bytes[..<gap], tail = bytes[(gap + 2)...]
        guard let before = head.isEmpty ? 0 : groups(head, allowIPv4Tail: false),
            let after = tail.isEmpty ? 0 : groups(tail, allowIPv4Tail: true)
        else { return false }
        return before + after <= 7
    }

    /// The number of 16-bit groups in `bytes` (`a:b:c`, an IPv4 tail counting two), or `nil`.
    private static func groups(_ bytes: ArraySlice<UInt8>, allowIPv4Tail: Bool) -> Int? {
        let parts = bytes.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
        var count = 0
        for (index, part) in parts.enumerated() {
            if allowIPv4Tail, index == parts.count - 1, part.contains(UInt8(ascii: ".")) {
                guard isIPv4(part) else { return nil }
                count += 2
                continue
            }
            guard (1...4).contains(part.count), part.allSatisfy(isHexDigit) else { return nil }
            count += 1
        }
        return count <= 8 ? count : nil
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10 || (byte | 0x20) &- UInt8(ascii: "a") < 6
    }
}
