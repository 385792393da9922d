/// CRC-16/XMODEM as used by NKeys: polynomial 0x1021, initial value 0, no reflection, no final xor.
///
/// The check value for the ASCII bytes of `"123456789"` is `0x31C3`. NKeys append it little-endian.
package enum CRC16 {
    /// Computes the CRC-16/XMODEM checksum of `bytes`.
    ///
    /// - Parameter bytes: The bytes to checksum.
    /// - Returns: The 16-bit checksum.
    package static func xmodem(_ bytes: some Sequence<UInt8>) -> UInt16 {
        var crc: UInt16 = 0
        for byte in bytes {
            crc ^= UInt16(byte) << 8
            for _ in 0..<8 {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1
            }
        }
        return crc
    }
}
