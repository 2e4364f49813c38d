/// Writes sequences in the format of ``BlockFormat`` for ``BlockCompressor``. The caller makes
/// sure `out` has room (``BlockFormat/maxCompressedSize(_:)`` for the whole block).
enum BlockSequenceWriter {
    /// Writes a length's extension bytes (the part beyond a full nibble).
    @inline(__always)
    private static func writeExtension(_ remainder: Int, to out: UnsafeMutableRawPointer, at position: Int) -> Int {
        var r = remainder
        var at = position
        while r >= 255 {
            out.storeBytes(of: 255, toByteOffset: at, as: UInt8.self)
            at += 1
            r -= 255
        }
        out.storeBytes(of: UInt8(r), toByteOffset: at, as: UInt8.self)
        return at + 1
    }

    /// Writes one sequence at `position` and returns the position after it.
    static func writeSequence(literals: UnsafeRawPointer, literalCount: Int, offset: Int, matchLength: Int,
                              to out: UnsafeMutableRawPointer, at position: Int) -> Int {
        let matchCode = matchLength - BlockFormat.minMatch
        let token = UInt8(min(literalCount, BlockFormat.nibbleMax) << 4 | min(matchCode, BlockFormat.nibbleMax))
        out.storeBytes(of: token, toByteOffset: position, as: UInt8.self)
        var at = position + 1
        if literalCount >= BlockFormat.nibbleMax {
            at = writeExtension(literalCount - BlockFormat.nibbleMax, to: out, at: at)
        }
        (out + at).copyMemory(from: literals, byteCount: literalCount)
        at += literalCount
        out.storeBytes(of: UInt8(truncatingIfNeeded: offset), toByteOffset: at, as: UInt8.self)
        out.storeBytes(of: UInt8(truncatingIfNeeded: offset >> 8), toByteOffset: at + 1, as: UInt8.self)
        at += 2
        if matchCode >= BlockFormat.nibbleMax {
            at = writeExtension(matchCode - BlockFormat.nibbleMax, to: out, at: at)
        }
        return at
    }

    /// The closing sequence: a token, then literals only.
    static func writeLastLiterals(from literals: UnsafeRawPointer?, count: Int,
                                  to out: UnsafeMutableRawPointer, at position: Int) -> Int {
        out.storeBytes(of: UInt8(min(count, BlockFormat.nibbleMax) << 4), toByteOffset: position, as: UInt8.self)
        var at = position + 1
        if count >= BlockFormat.nibbleMax {
            at = writeExtension(count - BlockFormat.nibbleMax, to: out, at: at)
        }
        if count > 0, let literals {
            (out + at).copyMemory(from: literals, byteCount: count)
        }
        return at + count
    }
}
