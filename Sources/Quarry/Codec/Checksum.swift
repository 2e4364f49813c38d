import CZlib

/// CRC-32 (the zlib/IEEE polynomial), used in every file footer.
enum Checksum {
    static func crc32(_ data: UnsafeRawBufferPointer, seed: UInt32 = 0) -> UInt32 {
        guard let base = data.baseAddress, data.count > 0 else { return seed }
        var crc = UInt(seed)
        var pointer = base.assumingMemoryBound(to: UInt8.self)
        var remaining = data.count
        // zlib takes a 32-bit length; feed large regions in chunks.
        while remaining > 0 {
            let chunk = min(remaining, 1 << 30)
            crc = CZlib.crc32(crc, pointer, UInt32(chunk))
            pointer += chunk
            remaining -= chunk
        }
        return UInt32(truncatingIfNeeded: crc)
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBytes { crc32($0) }
    }
}
