/// Compresses store blocks to raw DEFLATE (RFC 1951) for ``StoreCompression/compact``: the
/// greedy one-probe match search of the `fast` level (plus one step of lazy matching), then one block of Huffman codes built for
/// the block's own symbols (or stored bytes when that is smaller). zlib reads the result, as it
/// reads the `deflate` level's blocks.
///
/// One compressor keeps its tables between calls, so reuse it for a run of blocks. Not
/// thread-safe: give each thread its own.
final class GreedyDeflateCompressor {
    private static let hashBits = 15
    /// The writer starts no match within this many bytes of the end (the match search reads
    /// 8 bytes at a time).
    private static let matchStartMargin = 12
    private static let matchEndMargin = 5
    /// The largest stored block.
    private static let storedBlockMax = 65_535

    /// Last position (from the start of the block) at which each 4-byte hash was seen.
    private let table: UnsafeMutablePointer<UInt32>
    /// The parse: per sequence, its literal count, then `length << 16 | (distance - 1)` (0: no match).
    private var sequences: UnsafeMutablePointer<UInt32>
    private var sequenceCapacity: Int
    private var sequenceCount = 0
    private let literalLengthCounts: UnsafeMutablePointer<UInt32>
    private let distanceCounts: UnsafeMutablePointer<UInt32>
    private var codeLengthFrequencies = [UInt32](repeating: 0, count: DeflateSymbols.codeLengthCount)
    private var literalLengthCode = HuffmanCode(symbolCount: DeflateSymbols.literalLengthCount)
    private var distanceCode = HuffmanCode(symbolCount: DeflateSymbols.distanceCount)
    private var codeLengthCode = HuffmanCode(symbolCount: DeflateSymbols.codeLengthCount)
    /// The header's code lengths as code-length symbols: `symbol | extra << 8`.
    private var codeLengthSymbols: [UInt16] = []

    init() {
        table = .allocate(capacity: 1 << Self.hashBits)
        literalLengthCounts = .allocate(capacity: DeflateSymbols.literalLengthCount)
        distanceCounts = .allocate(capacity: DeflateSymbols.distanceCount)
        sequenceCapacity = 0
        sequences = .allocate(capacity: 0)
    }

    deinit {
        table.deallocate()
        literalLengthCounts.deallocate()
        distanceCounts.deallocate()
        sequences.deallocate()
    }

    /// The most bytes ``compress(_:into:)`` writes for `rawLength` input bytes, plus the 8 bytes
    /// of room its bit writer needs: the stored form's size is the worst case.
    static func maxCompressedSize(_ rawLength: Int) -> Int {
        rawLength + 5 * (rawLength / storedBlockMax + 1) + 16
    }

    /// Compresses `input` (under 4 GiB: positions are kept as `u32`) into `output` (at least
    /// ``maxCompressedSize(_:)`` bytes); returns the number of bytes written. Each block is a
    /// complete stream that ends on its last byte.
    func compress(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) -> Int {
        precondition(input.count < Int(UInt32.max), "a store block is far smaller than 4 GiB")
        precondition(output.count >= Self.maxCompressedSize(input.count), "output too small for the compressed block")
        parse(input)
        let codedBits = buildCodes()
        let storedBytes = input.count + 5 * max(1, (input.count + Self.storedBlockMax - 1) / Self.storedBlockMax)
        var writer = DeflateBitWriter(output)
        if (codedBits + 7) / 8 >= storedBytes {
            return Self.writeStored(input, to: &writer)
        }
        writeHeader(to: &writer)
        writeSymbols(input, to: &writer)
        return writer.finishByte()
    }

    // MARK: Parse

    @inline(__always)
    private static func hash(_ value: UInt32) -> Int {
        Int((value &* 2_654_435_761) >> UInt32(32 - hashBits))
    }

    /// Finds the block's matches (greedily, one hash probe per position and one step of lazy
    /// matching) into ``sequences`` and
    /// counts the symbols they will be written as.
    private func parse(_ input: UnsafeRawBufferPointer) {
        let n = input.count
        // Every sequence but the last ends in a match of at least 4 bytes.
        let neededCapacity = 2 * (n / 4 + 2)
        if sequenceCapacity < neededCapacity {
            sequences.deallocate()
            sequenceCapacity = max(neededCapacity, 2 * sequenceCapacity)
            sequences = .allocate(capacity: sequenceCapacity)
        }
        let sequences = sequences
        let literalCounts = literalLengthCounts, distanceCounts = distanceCounts
        literalCounts.update(repeating: 0, count: DeflateSymbols.literalLengthCount)
        distanceCounts.update(repeating: 0, count: DeflateSymbols.distanceCount)
        literalCounts[DeflateSymbols.endOfBlock] = 1
        guard let src = input.baseAddress, n > Self.matchStartMargin else {
            Self.countLiterals(input.baseAddress, from: 0, to: n, into: literalCounts)
            sequences[0] = UInt32(n); sequences[1] = 0
            sequenceCount = 1
            return
        }
        let table = table
        table.update(repeating: 0, count: 1 << Self.hashBits)
        var count = 0
        DeflateSymbols.lengthCode.withUnsafeBufferPointer { lengthCode in
        DeflateSymbols.distanceCodeTable.withUnsafeBufferPointer { distanceCodeTable in
            let matchStartLimit = n - Self.matchStartMargin
            let matchEndLimit = n - Self.matchEndMargin
            var anchor = 0
            var ip = 1
            var misses = 0
            table[Self.hash(src.loadUnaligned(as: UInt32.self))] = 0
            while ip < matchStartLimit {
                guard var candidate = Self.probe(src, table, at: ip) else {
                    // Step further the longer nothing matches, so incompressible data passes quickly.
                    misses += 1
                    ip += 1 + (misses >> 5)
                    continue
                }
                misses = 0
                var (start, end) = Self.extend(src, at: ip, from: candidate, anchor: anchor, endLimit: matchEndLimit)
                candidate -= ip - start
                // One step of lazy matching: a longer match at the next byte wins.
                let next = ip + 1
                if next < matchStartLimit, let nextCandidate = Self.probe(src, table, at: next) {
                    let (nextStart, nextEnd) = Self.extend(src, at: next, from: nextCandidate, anchor: anchor, endLimit: matchEndLimit)
                    if nextEnd - nextStart > end - start + 1 {
                        (start, end) = (nextStart, nextEnd)
                        candidate = nextCandidate - (next - nextStart)
                    }
                }
                let p = end
                let length = p - start
                let distance = start - candidate
                Self.countLiterals(src, from: anchor, to: start, into: literalCounts)
                literalCounts[257 + Int(lengthCode[length])] &+= 1
                distanceCounts[Int(Self.distanceCode(distance, distanceCodeTable))] &+= 1
                sequences[2 * count] = UInt32(start - anchor)
                sequences[2 * count + 1] = UInt32(length) << 16 | UInt32(distance - 1)
                count += 1
                anchor = p
                ip = p
                // Remember a position inside the match too, so the next match is found sooner.
                if p - 2 < matchStartLimit {
                    table[Self.hash(src.loadUnaligned(fromByteOffset: p - 2, as: UInt32.self))] = UInt32(truncatingIfNeeded: p - 2)
                }
            }
            Self.countLiterals(src, from: anchor, to: n, into: literalCounts)
            sequences[2 * count] = UInt32(n - anchor)
            sequences[2 * count + 1] = 0
            count += 1
        }
        }
        sequenceCount = count
    }

    /// The last earlier position (within the window) whose 4 bytes hash as those at `position`
    /// do and equal them, or nil; `position` takes its place in the table.
    @inline(__always)
    private static func probe(_ src: UnsafeRawPointer, _ table: UnsafeMutablePointer<UInt32>, at position: Int) -> Int? {
        let value = src.loadUnaligned(fromByteOffset: position, as: UInt32.self)
        let h = hash(value)
        let candidate = Int(table[h])
        table[h] = UInt32(truncatingIfNeeded: position)
        guard position - candidate <= DeflateSymbols.maxDistance,
              src.loadUnaligned(fromByteOffset: candidate, as: UInt32.self) == value else { return nil }
        return candidate
    }

    /// The match of the bytes at `position` with those at `candidate` (which must agree on 4
    /// bytes): grown backwards over literals not yet written (down to `anchor`), then forwards
    /// eight bytes at a time, to at most DEFLATE's longest match and never past `endLimit`.
    @inline(__always)
    private static func extend(_ src: UnsafeRawPointer, at position: Int, from candidate: Int,
                               anchor: Int, endLimit: Int) -> (start: Int, end: Int) {
        var start = position, back = candidate
        // (At most 254 bytes back, so that the 4 bytes known to agree fit in the longest match.)
        while start > anchor && back > 0 && position - start < DeflateSymbols.maxMatch - 4
            && src.load(fromByteOffset: start - 1, as: UInt8.self) == src.load(fromByteOffset: back - 1, as: UInt8.self) {
            start -= 1
            back -= 1
        }
        let end = min(endLimit, start + DeflateSymbols.maxMatch)
        var p = position + 4
        var q = candidate + 4
        while p + 8 <= end {
            let x = src.loadUnaligned(fromByteOffset: p, as: UInt64.self) ^ src.loadUnaligned(fromByteOffset: q, as: UInt64.self)
            if x != 0 {
                return (start, p + UInt64(littleEndian: x).trailingZeroBitCount >> 3)
            }
            p += 8
            q += 8
        }
        while p < end && src.load(fromByteOffset: p, as: UInt8.self) == src.load(fromByteOffset: q, as: UInt8.self) {
            p += 1
            q += 1
        }
        return (start, p)
    }

    @inline(__always)
    private static func distanceCode(_ distance: Int, _ table: UnsafeBufferPointer<UInt8>) -> UInt8 {
        distance <= 256 ? table[distance - 1] : table[256 + ((distance - 1) >> 7)]
    }

    @inline(__always)
    private static func countLiterals(_ src: UnsafeRawPointer?, from start: Int, to end: Int, into counts: UnsafeMutablePointer<UInt32>) {
        guard let src, start < end else { return }
        for i in start..<end { counts[Int(src.load(fromByteOffset: i, as: UInt8.self))] &+= 1 }
    }

    // MARK: Codes

    /// Builds the three codes and returns the size of the coded block in bits.
    private func buildCodes() -> Int {
        let literalCounts = UnsafeMutableBufferPointer(start: literalLengthCounts, count: DeflateSymbols.literalLengthCount)
        let distanceCounts = UnsafeMutableBufferPointer(start: self.distanceCounts, count: DeflateSymbols.distanceCount)
        Self.ensureTwoSymbols(literalCounts)
        Self.ensureTwoSymbols(distanceCounts)
        literalLengthCode.build(frequencies: UnsafeBufferPointer(literalCounts), maxLength: 15)
        distanceCode.build(frequencies: UnsafeBufferPointer(distanceCounts), maxLength: 15)
        let literalLengthsSent = Self.sentCount(literalLengthCode.lengths, minimum: 257)
        let distanceLengthsSent = Self.sentCount(distanceCode.lengths, minimum: 1)
        runLengthEncodeLengths(literalLengthsSent: literalLengthsSent, distanceLengthsSent: distanceLengthsSent)
        codeLengthFrequencies.withUnsafeMutableBufferPointer { Self.ensureTwoSymbols($0) }
        codeLengthFrequencies.withUnsafeBufferPointer { codeLengthCode.build(frequencies: $0, maxLength: 7) }

        var bits = 3 + 5 + 5 + 4 + 3 * codeLengthCodesSent
        for entry in codeLengthSymbols {
            let symbol = Int(entry & 0xFF)
            bits += Int(codeLengthCode.lengths[symbol]) + Self.codeLengthExtraBits(symbol)
        }
        for symbol in 0..<DeflateSymbols.literalLengthCount {
            let extra = symbol > 256 ? DeflateSymbols.lengthExtraBits[symbol - 257] : 0
            bits += Int(literalCounts[symbol]) * (Int(literalLengthCode.lengths[symbol]) + extra)
        }
        for symbol in 0..<DeflateSymbols.distanceCount {
            bits += Int(distanceCounts[symbol]) * (Int(distanceCode.lengths[symbol]) + DeflateSymbols.distanceExtraBits[symbol])
        }
        return bits
    }

    /// DEFLATE's decoders need a complete code: give unused symbols 0 and 1 a count of one
    /// until at least two symbols have a code (a code never written costs nothing).
    private static func ensureTwoSymbols(_ frequencies: UnsafeMutableBufferPointer<UInt32>) {
        var used = 0
        for f in frequencies where f != 0 { used += 1 }
        var symbol = 0
        while used < 2 {
            if frequencies[symbol] == 0 { frequencies[symbol] = 1; used += 1 }
            symbol += 1
        }
    }

    /// Extra bits after a code-length symbol: the repeat counts of 16, 17 and 18.
    private static func codeLengthExtraBits(_ symbol: Int) -> Int {
        switch symbol {
        case 16: return 2
        case 17: return 3
        case 18: return 7
        default: return 0
        }
    }

    /// How many lengths of a code the header sends: through the last nonzero one, at least `minimum`.
    private static func sentCount(_ lengths: [UInt8], minimum: Int) -> Int {
        var count = lengths.count
        while count > minimum && lengths[count - 1] == 0 { count -= 1 }
        return count
    }

    private var codeLengthCodesSent: Int {
        var count = DeflateSymbols.codeLengthCount
        while count > 4 && codeLengthCode.lengths[DeflateSymbols.codeLengthOrder[count - 1]] == 0 { count -= 1 }
        return count
    }

    private var literalLengthsSent = 257
    private var distanceLengthsSent = 1

    /// The literal/length and distance code lengths as one sequence of code-length symbols, with
    /// runs as repeats (16) and runs of zeros (17, 18); counts the symbols.
    private func runLengthEncodeLengths(literalLengthsSent: Int, distanceLengthsSent: Int) {
        self.literalLengthsSent = literalLengthsSent
        self.distanceLengthsSent = distanceLengthsSent
        codeLengthSymbols.removeAll(keepingCapacity: true)
        for i in 0..<codeLengthFrequencies.count { codeLengthFrequencies[i] = 0 }
        let total = literalLengthsSent + distanceLengthsSent
        func length(_ i: Int) -> UInt8 {
            i < literalLengthsSent ? literalLengthCode.lengths[i] : distanceCode.lengths[i - literalLengthsSent]
        }
        func emit(_ symbol: Int, extra: Int = 0) {
            codeLengthSymbols.append(UInt16(symbol | extra << 8))
            codeLengthFrequencies[symbol] += 1
        }
        var i = 0
        while i < total {
            let value = length(i)
            var run = 1
            while i + run < total && length(i + run) == value { run += 1 }
            i += run
            if value == 0 {
                while run >= 11 { let k = min(run, 138); emit(18, extra: k - 11); run -= k }
                if run >= 3 { emit(17, extra: run - 3); run = 0 }
                while run > 0 { emit(0); run -= 1 }
            } else {
                emit(Int(value)); run -= 1
                while run >= 3 { let k = min(run, 6); emit(16, extra: k - 3); run -= k }
                while run > 0 { emit(Int(value)); run -= 1 }
            }
        }
    }

    // MARK: Writing

    private func writeHeader(to writer: inout DeflateBitWriter) {
        let codesSent = codeLengthCodesSent
        writer.put(1, count: 1) // the final block
        writer.put(2, count: 2) // dynamic Huffman codes
        writer.put(UInt64(literalLengthsSent - 257), count: 5)
        writer.put(UInt64(distanceLengthsSent - 1), count: 5)
        writer.put(UInt64(codesSent - 4), count: 4)
        writer.flush()
        for i in 0..<codesSent {
            writer.put(UInt64(codeLengthCode.lengths[DeflateSymbols.codeLengthOrder[i]]), count: 3)
            if i % 8 == 7 { writer.flush() }
        }
        writer.flush()
        for entry in codeLengthSymbols {
            let symbol = Int(entry & 0xFF), extra = UInt64(entry >> 8)
            writer.put(UInt64(codeLengthCode.codes[symbol]), count: Int(codeLengthCode.lengths[symbol]))
            writer.put(extra, count: Self.codeLengthExtraBits(symbol))
            writer.flush()
        }
    }

    /// The block's symbols, then the end of block.
    private func writeSymbols(_ input: UnsafeRawBufferPointer, to writer: inout DeflateBitWriter) {
        // Each entry: the code's bits, then its length in the top byte.
        var literalLength = [UInt32](repeating: 0, count: DeflateSymbols.literalLengthCount)
        for s in 0..<literalLength.count {
            literalLength[s] = UInt32(literalLengthCode.codes[s]) | UInt32(literalLengthCode.lengths[s]) << 24
        }
        var distance = [UInt32](repeating: 0, count: DeflateSymbols.distanceCount)
        for s in 0..<distance.count {
            distance[s] = UInt32(distanceCode.codes[s]) | UInt32(distanceCode.lengths[s]) << 24
        }
        let lengthCode = DeflateSymbols.lengthCode, distanceCodeTable = DeflateSymbols.distanceCodeTable
        let lengthBase = DeflateSymbols.lengthBase, lengthExtra = DeflateSymbols.lengthExtraBits
        let distanceBase = DeflateSymbols.distanceBase, distanceExtra = DeflateSymbols.distanceExtraBits
        // A local copy keeps the writer's state in registers.
        var w = writer
        literalLength.withUnsafeBufferPointer { literalLength in
            distance.withUnsafeBufferPointer { distance in
                let sequences = UnsafeBufferPointer(start: sequences, count: 2 * sequenceCount)
                let bytes = input.baseAddress.map { $0.assumingMemoryBound(to: UInt8.self) }
                @inline(__always) func putLiteral(_ at: Int) {
                    let entry = literalLength[Int(bytes.unsafelyUnwrapped[at])]
                    w.put(UInt64(entry & 0xFFFF), count: Int(entry >> 24))
                }
                var position = 0
                var s = 0
                while s < sequences.count {
                    let literalEnd = position + Int(sequences[s])
                    let match = sequences[s + 1]
                    s += 2
                    // Three literals of at most 15 bits between flushes.
                    while position + 3 <= literalEnd {
                        putLiteral(position); putLiteral(position + 1); putLiteral(position + 2)
                        w.flush()
                        position += 3
                    }
                    while position < literalEnd { putLiteral(position); position += 1 }
                    w.flush()
                    guard match != 0 else { continue }
                    let length = Int(match >> 16), distanceValue = Int(match & 0xFFFF) + 1
                    let code = Int(lengthCode[length])
                    let entry = literalLength[257 + code]
                    w.put(UInt64(entry & 0xFFFF), count: Int(entry >> 24))
                    w.put(UInt64(length - lengthBase[code]), count: lengthExtra[code])
                    let dCode = Int(distanceValue <= 256 ? distanceCodeTable[distanceValue - 1] : distanceCodeTable[256 + ((distanceValue - 1) >> 7)])
                    let dEntry = distance[dCode]
                    w.put(UInt64(dEntry & 0xFFFF), count: Int(dEntry >> 24))
                    w.put(UInt64(distanceValue - distanceBase[dCode]), count: distanceExtra[dCode])
                    w.flush()
                    position += length
                }
            }
        }
        writer = w
        let end = literalLengthCode
        writer.put(UInt64(end.codes[DeflateSymbols.endOfBlock]), count: Int(end.lengths[DeflateSymbols.endOfBlock]))
    }

    /// The input as stored blocks (for input that Huffman codes would not shrink).
    private static func writeStored(_ input: UnsafeRawBufferPointer, to writer: inout DeflateBitWriter) -> Int {
        var start = 0
        repeat {
            let end = min(input.count, start + storedBlockMax)
            writer.put(end == input.count ? 1 : 0, count: 1)
            writer.put(0, count: 2)
            _ = writer.finishByte()
            let length = UInt64(end - start)
            writer.put(length | (~length & 0xFFFF) << 16, count: 32)
            writer.flush()
            writer.append(UnsafeRawBufferPointer(rebasing: input[start..<end]))
            start = end
        } while start < input.count
        return writer.position
    }
}
