/// Inflates one raw DEFLATE store block (RFC 1951) into a buffer of the block's stated size, as
/// far as each call asks, resuming where the last call stopped: the store's reader for the
/// `compact` and `deflate` levels.
///
/// It reads the bits 64 at a time and decodes Huffman codes through ``HuffmanDecodeTable``s,
/// copying matches eight bytes at a time; the block's own output is the window. Every value from
/// the input is checked before use (code lengths, codes, lengths against the output's room,
/// distances against what was produced), so damaged input of any kind ends in a ``Failure``,
/// never a read or write out of bounds. It agrees with zlib on which streams are valid (the tests
/// and the fuzz target compare the two). Not thread-safe: give each thread its own.
final class InflateDecoder {
    typealias Failure = DeflateBlockDecoder.Failure

    private enum Mode {
        /// Before a block header (or at the end, once the final block is done).
        case header
        case stored(remaining: Int)
        case huffman
        case done
    }

    private let literalTable = HuffmanDecodeTable(primaryBits: 10, symbolCount: 288)
    private let distanceTable = HuffmanDecodeTable(primaryBits: 8, symbolCount: 32)
    private let codeLengthTable = HuffmanDecodeTable(primaryBits: 7, symbolCount: 19)
    /// The tables of the block being decoded: these, or the fixed code's.
    private var literals: HuffmanDecodeTable
    private var distances: HuffmanDecodeTable

    // The state of the block in progress, kept between calls.
    private var mode = Mode.header
    private var isFinalBlock = false
    private var reader = DeflateBitReader()
    private var produced = 0
    /// Identifies the call this state continues.
    private var resumeKey: (input: UnsafeRawPointer?, output: UnsafeMutableRawPointer?, produced: Int)?

    init() {
        literals = Self.fixed.literals
        distances = Self.fixed.distances
    }

    deinit {
        literalTable.deallocate()
        distanceTable.deallocate()
        codeLengthTable.deallocate()
    }

    /// The fixed Huffman code's tables (RFC 1951, 3.2.6), built once and never freed.
    private static let fixed: (literals: HuffmanDecodeTable, distances: HuffmanDecodeTable) = {
        let literals = HuffmanDecodeTable(primaryBits: 10, symbolCount: 288)
        let distances = HuffmanDecodeTable(primaryBits: 8, symbolCount: 32)
        var lengths = [UInt8](repeating: 8, count: 288)
        for symbol in 144..<256 { lengths[symbol] = 9 }
        for symbol in 256..<280 { lengths[symbol] = 7 }
        let builtLiterals = lengths.withUnsafeBufferPointer { literals.build(lengths: $0, alphabet: .literalLength) }
        let builtDistances = [UInt8](repeating: 5, count: 32).withUnsafeBufferPointer { distances.build(lengths: $0, alphabet: .distance) }
        precondition(builtLiterals && builtDistances, "the fixed Huffman code is complete")
        return (literals, distances)
    }()

    /// Decodes `input` into `output` (the whole block's size) from `progress` on, until at least
    /// `limit` bytes are produced or the block ends (then the output must be exactly full and the
    /// input used up). A `limit` of at least `output.count` decodes and checks the whole block.
    /// `progress` of zero starts a new block; otherwise it should come from the previous call on
    /// the same block and buffers (if not, decoding starts over). Nil when what was decoded is sound.
    func decode(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer,
                progress: inout BlockDecompressor.Progress, until limit: Int) -> Failure? {
        precondition(progress.produced >= 0 && progress.produced <= output.count)
        if progress.isComplete { return nil }
        let continues = progress.produced > 0 && resumeKey.map {
            $0.input == input.baseAddress && $0.output == output.baseAddress && $0.produced == progress.produced
        } == true
        if !continues { reset() }
        let target = min(output.count, max(limit, produced + 1))
        let failure = run(input, output, target: target)
        progress.produced = produced
        progress.consumed = reader.consumedBytes
        resumeKey = failure == nil ? (input.baseAddress, output.baseAddress, produced) : nil
        if failure == nil, case .done = mode { progress.isComplete = true }
        return failure
    }

    private func reset() {
        mode = .header
        isFinalBlock = false
        reader = DeflateBitReader()
        produced = 0
    }

    // MARK: Blocks

    /// Decodes blocks until `target` bytes are produced (stopping at a symbol or block boundary)
    /// or the stream ends; with the output full, decoding goes on to check that the stream ends
    /// there, exactly at the end of the input.
    private func run(_ input: UnsafeRawBufferPointer, _ output: UnsafeMutableRawBufferPointer, target: Int) -> Failure? {
        while true {
            switch mode {
            case .done:
                if produced < output.count { return .endsEarly(produced: produced, expected: output.count) }
                let trailing = input.count - reader.consumedBytes
                return trailing > 0 ? .trailingBytes(trailing) : nil
            case .header:
                if isFinalBlock {
                    mode = .done
                } else if produced >= target && produced < output.count {
                    return nil
                } else if let failure = readHeader(input, output) {
                    return failure
                }
            case .stored(let remaining):
                if let failure = copyStored(remaining, input, output, target: target) { return failure }
                if case .stored = mode { return nil }
            case .huffman:
                if let failure = decodeHuffman(input, output, target: target) { return failure }
                if case .huffman = mode { return nil }
            }
        }
    }

    private func readHeader(_ input: UnsafeRawBufferPointer, _ output: UnsafeMutableRawBufferPointer) -> Failure? {
        reader.refill(input)
        let header = reader.take(3)
        if reader.ranOut { return ranOut(produced, output.count) }
        isFinalBlock = header & 1 == 1
        switch header >> 1 {
        case 0:
            // Stored: skip to a byte boundary, then LEN and its complement.
            reader.alignToByte()
            reader.refill(input)
            let length = reader.take(16), complement = reader.take(16)
            if reader.ranOut { return ranOut(produced, output.count) }
            if length != complement ^ 0xFFFF { return .damaged("invalid stored block lengths", at: reader.consumedBytes) }
            // Hand the buffered whole bytes back: stored bytes are copied straight from the input.
            reader.handBackBufferedBytes()
            mode = .stored(remaining: length)
        case 1:
            literals = Self.fixed.literals
            distances = Self.fixed.distances
            mode = .huffman
        case 2:
            if let failure = readDynamicCodes(input, output) { return failure }
            literals = literalTable
            distances = distanceTable
            mode = .huffman
        default:
            return .damaged("invalid block type", at: reader.consumedBytes)
        }
        return nil
    }

    private func readDynamicCodes(_ input: UnsafeRawBufferPointer, _ output: UnsafeMutableRawBufferPointer) -> Failure? {
        reader.refill(input)
        let literalCount = reader.take(5) + 257, distanceCount = reader.take(5) + 1, codeLengthCount = reader.take(4) + 4
        if reader.ranOut { return ranOut(produced, output.count) }
        if literalCount > 286 || distanceCount > 30 { return .damaged("too many length or distance symbols", at: reader.consumedBytes) }
        var codeLengthLengths = [UInt8](repeating: 0, count: 19)
        for i in 0..<codeLengthCount {
            reader.refill(input)
            codeLengthLengths[DeflateSymbols.codeLengthOrder[i]] = UInt8(reader.take(3))
        }
        if reader.ranOut { return ranOut(produced, output.count) }
        guard codeLengthLengths.withUnsafeBufferPointer({ codeLengthTable.build(lengths: $0, alphabet: .codeLength) }) else {
            return .damaged("invalid code lengths set", at: reader.consumedBytes)
        }
        let total = literalCount + distanceCount
        var lengths = [UInt8](repeating: 0, count: total)
        var i = 0
        while i < total {
            reader.refill(input)
            let entry = reader.decode(codeLengthTable)
            if reader.ranOut { return ranOut(produced, output.count) }
            if HuffmanDecodeTable.kindBits(entry) == HuffmanDecodeTable.Kind.invalid.rawValue {
                return .damaged("invalid code lengths set", at: reader.consumedBytes)
            }
            let symbol = HuffmanDecodeTable.value(entry)
            if symbol < 16 {
                lengths[i] = UInt8(symbol)
                i += 1
                continue
            }
            let value: UInt8, repeats: Int
            switch symbol {
            case 16:
                if i == 0 { return .damaged("invalid bit length repeat", at: reader.consumedBytes) }
                value = lengths[i - 1]
                repeats = 3 + reader.take(2)
            case 17:
                value = 0
                repeats = 3 + reader.take(3)
            default:
                value = 0
                repeats = 11 + reader.take(7)
            }
            if reader.ranOut { return ranOut(produced, output.count) }
            if i + repeats > total { return .damaged("invalid bit length repeat", at: reader.consumedBytes) }
            for j in i..<(i + repeats) { lengths[j] = value }
            i += repeats
        }
        if lengths[256] == 0 { return .damaged("invalid code -- missing end-of-block", at: reader.consumedBytes) }
        let literalsBuilt = lengths.withUnsafeBufferPointer {
            literalTable.build(lengths: UnsafeBufferPointer(rebasing: $0[0..<literalCount]), alphabet: .literalLength)
        }
        if !literalsBuilt { return .damaged("invalid literal/lengths set", at: reader.consumedBytes) }
        let distancesBuilt = lengths.withUnsafeBufferPointer {
            distanceTable.build(lengths: UnsafeBufferPointer(rebasing: $0[literalCount..<total]), alphabet: .distance)
        }
        if !distancesBuilt { return .damaged("invalid distances set", at: reader.consumedBytes) }
        return nil
    }

    private func copyStored(_ remaining: Int, _ input: UnsafeRawBufferPointer, _ output: UnsafeMutableRawBufferPointer,
                            target: Int) -> Failure? {
        var remaining = remaining
        while remaining > 0 {
            if produced == output.count { return .longerThanStated(expected: output.count) }
            if reader.position >= input.count { return ranOut(produced, output.count) }
            let count = min(remaining, output.count - produced, input.count - reader.position, max(1, target - produced))
            (output.baseAddress! + produced).copyMemory(from: input.baseAddress! + reader.position, byteCount: count)
            produced += count
            reader.skipBytes(count)
            remaining -= count
            // Stop at the target, unless the output is full: then the block must end here.
            if produced >= target && produced < output.count && remaining > 0 {
                mode = .stored(remaining: remaining)
                return nil
            }
        }
        mode = .header
        return nil
    }

    /// Decodes symbols until the block ends or `target` bytes are produced. The bit reader and
    /// the output position live in locals for the loop (a class's properties would be loaded and
    /// stored on every symbol) and are written back on every way out.
    private func decodeHuffman(_ input: UnsafeRawBufferPointer, _ output: UnsafeMutableRawBufferPointer, target: Int) -> Failure? {
        let out = output.baseAddress!.assumingMemoryBound(to: UInt8.self)
        let outputCount = output.count
        let literals = literals, distances = distances
        var r = reader
        var at = produced
        defer {
            reader = r
            produced = at
        }
        while at < target || at == outputCount {
            r.refill(input)
            let entry = r.decode(literals)
            let kind = HuffmanDecodeTable.kindBits(entry)
            if kind == HuffmanDecodeTable.Kind.literal.rawValue {
                if r.ranOut { return ranOut(at, outputCount) }
                if at == outputCount { return .longerThanStated(expected: outputCount) }
                out[at] = UInt8(truncatingIfNeeded: HuffmanDecodeTable.value(entry))
                at &+= 1
                continue
            }
            if kind == HuffmanDecodeTable.Kind.endOfBlock.rawValue {
                if r.ranOut { return ranOut(at, outputCount) }
                mode = .header
                return nil
            }
            if kind != HuffmanDecodeTable.Kind.lengthOrDistance.rawValue {
                if r.ranOut { return ranOut(at, outputCount) }
                return .damaged("invalid literal/length code", at: r.consumedBytes)
            }
            let length = HuffmanDecodeTable.value(entry) &+ r.take(HuffmanDecodeTable.extra(entry))
            // At most 15 + 5 bits were used since the refill, which left more than 56.
            let distanceEntry = r.decode(distances)
            if HuffmanDecodeTable.kindBits(distanceEntry) != HuffmanDecodeTable.Kind.lengthOrDistance.rawValue {
                if r.ranOut { return ranOut(at, outputCount) }
                return .damaged("invalid distance code", at: r.consumedBytes)
            }
            if r.bitCount < 13 { r.refill(input) }
            let distance = HuffmanDecodeTable.value(distanceEntry) &+ r.take(HuffmanDecodeTable.extra(distanceEntry))
            if r.ranOut { return ranOut(at, outputCount) }
            if distance > at { return .damaged("invalid distance too far back", at: r.consumedBytes) }
            if length > outputCount &- at { return .longerThanStated(expected: outputCount) }
            Self.copyMatch(out, at: at, distance: distance, length: length, outputCount: outputCount)
            at &+= length
        }
        return nil
    }

    /// The failure for input that ended before the stream did, `produced` bytes in.
    private func ranOut(_ produced: Int, _ outputCount: Int) -> Failure {
        produced < outputCount ? .truncated(produced: produced, expected: outputCount) : .unterminated
    }

    /// Copies `length` bytes from `distance` back to `at` (both checked by the caller), eight at a
    /// time when the chunks cannot overlap and the output has room past the end for the last one.
    @inline(__always)
    private static func copyMatch(_ out: UnsafeMutablePointer<UInt8>, at position: Int, distance: Int, length: Int, outputCount: Int) {
        var to = position
        var from = position &- distance
        let end = position &+ length
        if distance >= 8 && end &+ 8 <= outputCount {
            let raw = UnsafeMutableRawPointer(out)
            repeat {
                raw.storeBytes(of: raw.loadUnaligned(fromByteOffset: from, as: UInt64.self), toByteOffset: to, as: UInt64.self)
                to &+= 8
                from &+= 8
            } while to < end
        } else if distance == 1 {
            (out + to).update(repeating: out[from], count: length)
        } else {
            while to < end {
                out[to] = out[from]
                to &+= 1
                from &+= 1
            }
        }
    }
}
