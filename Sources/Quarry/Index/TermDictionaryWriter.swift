/// Writes a sorted term dictionary: front-coded blocks of terms plus a sparse block index.
///
/// Keys are `field u8` followed by the term's UTF-8 bytes and must arrive in ascending byte order.
/// Block entry: `prefix vbyte, suffixLength vbyte, suffix, docFreq vbyte, totalFreq - docFreq vbyte,
/// postingsOffset vbyte, positionsOffset vbyte, impactCount vbyte, (freq vbyte, length vbyte)*`; the two
/// offsets are absolute in a block's first entry and deltas from the previous entry after that.
/// Block index (after the blocks): per block `firstKey (length-prefixed), blockOffset u64`.
/// Trailer: `indexOffset u64, blockCount u32, termCount u64`.
final class TermDictionaryWriter {
    /// Entries per block: a lookup decodes half a block on average, and the block index held in
    /// memory grows as blocks shrink. Readers accept any count (earlier indexes have 32).
    static let termsPerBlock = 16
    private let file: FileWriter
    private var block = ByteWriter(capacity: 4096)
    private var index = ByteWriter()
    private var inBlock = 0
    private var previousKey: [UInt8] = []
    private var previousPostings = 0
    private var previousPositions = 0
    private var blockCount: UInt32 = 0
    private(set) var termCount: UInt64 = 0

    init(path: String) throws {
        file = try FileWriter(path: path, kind: .terms)
    }

    func add(key: UnsafeBufferPointer<UInt8>, info: TermInfo) throws {
        if inBlock == 0 {
            index.lengthPrefixed(key)
            index.u64(UInt64(file.position))
            previousKey.removeAll(keepingCapacity: true)
            previousPostings = 0
            previousPositions = 0
        }
        var prefix = 0
        let limit = min(previousKey.count, key.count)
        while prefix < limit && previousKey[prefix] == key[prefix] { prefix += 1 }
        block.vbyte(prefix)
        block.vbyte(key.count - prefix)
        block.append(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(key)[prefix...]))
        block.vbyte(info.docFreq)
        block.vbyte(info.totalFreq - UInt64(info.docFreq))
        block.vbyte(info.postingsOffset - previousPostings)
        block.vbyte(info.positionsOffset - previousPositions)
        block.vbyte(info.impacts.count)
        for pair in info.impacts {
            block.vbyte(pair.freq)
            block.vbyte(pair.length)
        }
        previousPostings = info.postingsOffset
        previousPositions = info.positionsOffset
        previousKey.removeAll(keepingCapacity: true)
        previousKey.append(contentsOf: key)
        inBlock += 1
        termCount += 1
        if inBlock == Self.termsPerBlock { try flushBlock() }
    }

    private func flushBlock() throws {
        guard inBlock > 0 else { return }
        try file.write(block)
        block.removeAll()
        blockCount += 1
        inBlock = 0
    }

    @discardableResult
    func finish() throws -> Int {
        try flushBlock()
        let indexOffset = file.position
        try file.write(index)
        var trailer = ByteWriter()
        trailer.u64(UInt64(indexOffset))
        trailer.u32(blockCount)
        trailer.u64(termCount)
        try file.write(trailer)
        return try file.finish()
    }
}
