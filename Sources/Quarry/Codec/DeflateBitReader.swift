/// Reads a DEFLATE bit stream (least significant bit first) from memory the caller owns, 64 bits
/// at a time. A value type, so a decoding loop keeps it in registers; past the input's end it
/// supplies zero bits and counts them, and ``ranOut`` says whether any was consumed.
struct DeflateBitReader {
    /// Input bits not yet consumed; the low `bitCount` are valid. Bits above them may already
    /// hold the next input byte's low bits (loading that byte again ORs the same bits).
    private(set) var bits: UInt64 = 0
    private(set) var bitCount = 0
    /// The next input byte to load.
    private(set) var position = 0
    /// Zero bytes supplied past the input's end.
    private var phantomBytes = 0

    /// Whole input bytes consumed so far (a partly consumed byte counts as consumed).
    var consumedBytes: Int { max(0, position - bitCount / 8) }

    /// Whether bits past the input's end were consumed: the input ran out.
    @inline(__always)
    var ranOut: Bool { bitCount < phantomBytes &* 8 }

    /// Loads input bytes until more than 56 bits are buffered.
    @inline(__always)
    mutating func refill(_ input: UnsafeRawBufferPointer) {
        if position &+ 8 <= input.count {
            let word = UInt64(littleEndian: input.loadUnaligned(fromByteOffset: position, as: UInt64.self))
            bits |= word &<< UInt64(bitCount)
            let loaded = (63 &- bitCount) &>> 3
            position &+= loaded
            bitCount &+= loaded &<< 3
        } else {
            refillNearTheEnd(input)
        }
    }

    private mutating func refillNearTheEnd(_ input: UnsafeRawBufferPointer) {
        while bitCount <= 56 {
            if position < input.count {
                bits |= UInt64(input.load(fromByteOffset: position, as: UInt8.self)) &<< UInt64(bitCount)
            } else {
                phantomBytes &+= 1
            }
            position &+= 1
            bitCount &+= 8
        }
    }

    /// The next `count` bits (at most 32, and no more than are buffered) as a number.
    @inline(__always)
    mutating func take(_ count: Int) -> Int {
        let value = Int(truncatingIfNeeded: bits & ((1 &<< UInt64(count)) &- 1))
        bits &>>= UInt64(count)
        bitCount &-= count
        return value
    }

    /// The next symbol's entry in `table`, its bits consumed (at least 15 bits must be buffered).
    @inline(__always)
    mutating func decode(_ table: HuffmanDecodeTable) -> UInt32 {
        var entry = table.entries[Int(truncatingIfNeeded: bits) & ((1 &<< table.primaryBits) &- 1)]
        if HuffmanDecodeTable.kindBits(entry) == HuffmanDecodeTable.Kind.link.rawValue {
            _ = take(table.primaryBits)
            let subBits = HuffmanDecodeTable.extra(entry)
            entry = table.entries[HuffmanDecodeTable.value(entry) &+ (Int(truncatingIfNeeded: bits) & ((1 &<< subBits) &- 1))]
        }
        _ = take(HuffmanDecodeTable.bits(entry))
        return entry
    }

    /// Drops the bits up to the next byte boundary of the input.
    mutating func alignToByte() { _ = take(bitCount & 7) }

    /// Empties the buffer, handing its whole bytes back to the input (call at a byte boundary,
    /// when the input has not run out): the next read starts at ``position``.
    mutating func handBackBufferedBytes() {
        position -= bitCount / 8
        phantomBytes = 0
        bits = 0
        bitCount = 0
    }

    /// Moves past `count` input bytes read directly (after ``handBackBufferedBytes()``).
    mutating func skipBytes(_ count: Int) { position += count }
}
