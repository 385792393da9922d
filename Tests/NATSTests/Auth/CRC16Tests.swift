import Testing

import NATS

@Suite struct CRC16Tests {
    @Test func xmodemCheckValue() {
        #expect(CRC16.xmodem(Array("123456789".utf8)) == 0x31C3)
    }

    @Test func emptyInputIsZero() {
        #expect(CRC16.xmodem([UInt8]()) == 0)
    }

    @Test func vectorSeedChecksum() throws {
        let raw = try Base32.decode("SUAOTBNEUHZDFJT3EUMELT7MQTP24JF3XVCXQNDSCU74G5IU6VAJBKH5LI")
        #expect(raw.count == 36)
        #expect(CRC16.xmodem(raw.prefix(34)) == 0x5AFD)
        #expect(raw[34] == 0xFD && raw[35] == 0x5A)
    }
}
