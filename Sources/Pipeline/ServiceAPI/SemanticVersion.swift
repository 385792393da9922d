/// SemVer 2.0 validation (semver.org's grammar, the one ADR-32 requires of a service version).
enum SemanticVersion {
    /// True for `MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]`: numbers without leading zeros;
    /// pre-release identifiers of `[0-9A-Za-z-]`, numeric ones without leading zeros; build
    /// identifiers of `[0-9A-Za-z-]`; no identifier empty.
    static func isValid(_ version: String) -> Bool {
        var rest = Substring(version)
        if let plus = rest.firstIndex(of: "+") {
            let build = rest[rest.index(after: plus)...]
            guard identifiers(build).allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy(isIdentifierByte) }) else { return false }
            rest = rest[..<plus]
        }
        if let dash = rest.firstIndex(of: "-") {
            let prerelease = rest[rest.index(after: dash)...]
            guard identifiers(prerelease).allSatisfy(isValidPrereleaseIdentifier) else { return false }
            rest = rest[..<dash]
        }
        let core = identifiers(rest)
        return core.count == 3 && core.allSatisfy(isNumber)
    }

    private static func identifiers(_ text: Substring) -> [Substring] {
        text.split(separator: ".", omittingEmptySubsequences: false)
    }

    /// Digits only, and no leading zero unless the number is 0.
    private static func isNumber(_ text: Substring) -> Bool {
        guard let first = text.utf8.first, text.utf8.allSatisfy(isDigit) else { return false }
        return first != UInt8(ascii: "0") || text.utf8.count == 1
    }

    private static func isValidPrereleaseIdentifier(_ text: Substring) -> Bool {
        guard !text.isEmpty, text.utf8.allSatisfy(isIdentifierByte) else { return false }
        return !text.utf8.allSatisfy(isDigit) || isNumber(text)
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    private static func isIdentifierByte(_ byte: UInt8) -> Bool {
        isDigit(byte) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
            || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || byte == UInt8(ascii: "-")
    }
}
