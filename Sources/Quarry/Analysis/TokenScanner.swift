/// The tokenizer's hot loop over raw UTF-8 bytes: finds tokens, writes each normalized term into a
/// scratch buffer and hands it to a callback. Allocates nothing.
struct TokenScanner {
    /// Table entries, see `CharacterTable.words`.
    let words: UnsafePointer<UInt32>
    /// ASCII table followed by the term byte pool, see `CharacterTable.bytes`.
    let bytes: UnsafePointer<UInt8>
    /// Where the current term is written; holds `maxTermBytes + slack` bytes.
    let scratch: UnsafeMutablePointer<UInt8>
    /// Terms longer than this are dropped (they still use a position).
    let maxTermBytes: Int
    /// Whether ASCII letters are lowercased (the word-at-a-time path does not use the byte table).
    let lowercase: Bool

    /// Room past `maxTermBytes` so that a whole mapped scalar always fits.
    static let slack = 64

    /// Tokenizes `input`; see `Analyzer.analyze`.
    @inline(__always)
    func scan(_ input: UnsafeBufferPointer<UInt8>, startPosition: UInt32,
              _ body: (UnsafeBufferPointer<UInt8>, UInt32, Int, Int) -> Void) -> UInt32 {
        guard let p = input.baseAddress else { return startPosition }
        let end = input.count
        let capacity = maxTermBytes + Self.slack
        var position = startPosition
        var i = 0
        while i < end {
            // Looking for the start of a token.
            let start = i
            var count: Int
            let first = bytes[Int(p[i])]
            if first == CharacterTable.asciiSeparator {
                i &+= 1
                continue
            } else if first != CharacterTable.asciiNonASCII {
                count = 0
            } else {
                let (value, length) = UTF8Scalar.decode(p, i, end)
                let entry = lookup(value)
                i &+= length
                let role = entry & 0b11
                if role == ScalarRules.Role.bigram.rawValue {
                    i = scanBigramRun(p, start: start, firstEntry: entry, firstLength: length, end: end,
                                      position: &position, body)
                    continue
                }
                guard role == ScalarRules.Role.starter.rawValue else { continue }
                count = 0
                append(entry, from: p + start, length: length, to: &count, capacity: capacity)
            }
            // Inside a token: extend it while bytes continue it.
            while i < end {
                if p[i] < 0x80 {
                    if end &- i >= 8 {
                        // Eight bytes at once: take the leading ASCII letters and digits.
                        let chunk = UInt64(littleEndian: UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self))
                        let run = ASCIIWordRun.scan(chunk, lowercase: lowercase)
                        if count &+ 8 <= capacity {
                            UnsafeMutableRawPointer(scratch + count).storeBytes(of: run.bytes.littleEndian, as: UInt64.self)
                        }
                        count &+= run.count
                        i &+= run.count
                        if run.count == 8 { continue }
                        if p[i] < 0x80 { break }  // any other ASCII byte separates
                    } else {
                        let byte = bytes[Int(p[i])]
                        if byte == CharacterTable.asciiSeparator { break }
                        if count < capacity { scratch[count] = byte }
                        count &+= 1
                        i &+= 1
                        continue
                    }
                }
                let (value, length) = UTF8Scalar.decode(p, i, end)
                let entry = lookup(value)
                let role = entry & 0b11
                if role == ScalarRules.Role.separator.rawValue || role == ScalarRules.Role.bigram.rawValue { break }
                append(entry, from: p + i, length: length, to: &count, capacity: capacity)
                i &+= length
            }
            if count <= maxTermBytes {
                body(UnsafeBufferPointer(start: scratch, count: count), position, start, i)
            }
            position &+= 1
        }
        return position
    }

    /// Tokenizes a run of `bigram` scalars (Han, kana, Hangul; each with the marks that follow it) that
    /// starts at `start` with a scalar already looked up: every two neighbouring characters form one term,
    /// at consecutive positions, with the byte range of the pair; a run of one character is one term.
    /// Returns the byte index after the run.
    @inline(never)
    private func scanBigramRun(_ p: UnsafePointer<UInt8>, start: Int, firstEntry: UInt32, firstLength: Int, end: Int,
                               position: inout UInt32, _ body: (UnsafeBufferPointer<UInt8>, UInt32, Int, Int) -> Void) -> Int {
        let capacity = maxTermBytes + Self.slack
        // scratch holds the previous character's term bytes (if any), then the current one's.
        var previousCount = 0
        var previousStart = -1
        var currentStart = start
        var count = 0
        append(firstEntry, from: p + start, length: firstLength, to: &count, capacity: capacity)
        var i = start &+ firstLength
        while i < end && p[i] >= 0x80 {
            let (value, length) = UTF8Scalar.decode(p, i, end)
            let entry = lookup(value)
            let role = entry & 0b11
            if role == ScalarRules.Role.continuer.rawValue {
                append(entry, from: p + i, length: length, to: &count, capacity: capacity)
                i &+= length
                continue
            }
            guard role == ScalarRules.Role.bigram.rawValue else { break }
            // A new character: emit the pair that ends with the current one, then slide.
            if previousStart >= 0 {
                emit(count: count, position: position, start: previousStart, end: i, body)
                position &+= 1
            }
            let currentCount = count &- previousCount
            if count <= capacity {
                var k = 0
                while k < currentCount {
                    scratch[k] = scratch[previousCount &+ k]
                    k &+= 1
                }
                previousCount = currentCount
            } else {
                previousCount = maxTermBytes &+ 1  // not all written: every pair with it is too long
            }
            previousStart = currentStart
            currentStart = i
            count = previousCount
            append(entry, from: p + i, length: length, to: &count, capacity: capacity)
            i &+= length
        }
        emit(count: count, position: position, start: previousStart >= 0 ? previousStart : currentStart, end: i, body)
        position &+= 1
        return i
    }

    /// Hands the first `count` scratch bytes to `body`, unless the term is too long.
    @inline(__always)
    private func emit(count: Int, position: UInt32, start: Int, end: Int,
                      _ body: (UnsafeBufferPointer<UInt8>, UInt32, Int, Int) -> Void) {
        if count <= maxTermBytes {
            body(UnsafeBufferPointer(start: scratch, count: count), position, start, end)
        }
    }

    /// The packed `CharacterTable.Entry` of a scalar value.
    @inline(__always)
    private func lookup(_ value: UInt32) -> UInt32 {
        let block = words[Int(value >> CharacterTable.blockShift)]
        return words[Int(block) &+ Int(value & CharacterTable.blockMask)]
    }

    /// Appends the term bytes of one scalar (its own bytes, or its mapping from the pool).
    @inline(__always)
    private func append(_ entry: UInt32, from source: UnsafePointer<UInt8>, length: Int,
                        to count: inout Int, capacity: Int) {
        let mapped = CharacterTable.Entry(raw: entry)
        let (from, n) = mapped.isIdentity ? (source, length) : (bytes + mapped.offset, mapped.count)
        if count &+ n <= capacity {
            // A plain loop: terms of one scalar are 1–31 bytes, too short for a memmove call to pay off.
            var k = 0
            while k < n {
                scratch[count &+ k] = from[k]
                k &+= 1
            }
        }
        count &+= n
    }
}
