/// A length-limited canonical Huffman code, as DEFLATE transmits one (RFC 1951 §3.2.2): code
/// lengths chosen from symbol frequencies, and each symbol's code bit-reversed, ready to be
/// written least significant bit first.
struct HuffmanCode {
    /// Each symbol's code length in bits (0: the symbol has no code).
    private(set) var lengths: [UInt8]
    /// Each symbol's code, bit-reversed (DEFLATE sends a code's most significant bit first).
    private(set) var codes: [UInt16]
    /// Scratch for building: (frequency, symbol) of the used symbols, then tree links.
    private var sorted: [(frequency: Int, symbol: Int)] = []
    private var work: [Int] = []

    /// A code for `symbolCount` symbols.
    init(symbolCount: Int) {
        lengths = [UInt8](repeating: 0, count: symbolCount)
        codes = [UInt16](repeating: 0, count: symbolCount)
        sorted.reserveCapacity(symbolCount)
        work.reserveCapacity(symbolCount)
    }

    /// Builds the code for `frequencies` (one per symbol) with no code longer than `maxLength`
    /// bits. A symbol of frequency 0 gets no code. At least two symbols must have a nonzero
    /// frequency (DEFLATE's decoders expect a complete code), and `2^maxLength` must be at least
    /// their number.
    mutating func build(frequencies: UnsafeBufferPointer<UInt32>, maxLength: Int) {
        precondition(frequencies.count == lengths.count && maxLength <= 15)
        sorted.removeAll(keepingCapacity: true)
        for symbol in 0..<frequencies.count where frequencies[symbol] != 0 {
            sorted.append((Int(frequencies[symbol]), symbol))
        }
        let n = sorted.count
        precondition(n >= 2 && n <= 1 << maxLength, "a Huffman code needs 2...2^maxLength symbols")
        sorted.sort { $0.frequency < $1.frequency || ($0.frequency == $1.frequency && $0.symbol < $1.symbol) }
        var countPerLength = Self.optimalLengthCounts(sorted, work: &work)
        Self.limit(&countPerLength, to: maxLength)
        // The most frequent symbols take the shortest codes.
        for i in 0..<lengths.count { lengths[i] = 0 }
        var next = n - 1
        for length in 1...maxLength {
            for _ in 0..<countPerLength[length] {
                lengths[sorted[next].symbol] = UInt8(length)
                next -= 1
            }
        }
        assignCodes()
    }

    /// How many symbols an optimal (unlimited) Huffman code gives each length, for frequencies
    /// sorted in ascending order: the in-place method of Moffat and Katajainen (1995), which
    /// turns the weights into parent links, then node depths, then leaf depths.
    private static func optimalLengthCounts(_ sorted: [(frequency: Int, symbol: Int)], work a: inout [Int]) -> [Int] {
        let n = sorted.count
        a.removeAll(keepingCapacity: true)
        for entry in sorted { a.append(entry.frequency) }
        // Phase 1: a[t] becomes the weight of internal node t; a merged node's slot its parent.
        var leaf = 0, root = 0
        for t in 0..<(n - 1) {
            if leaf >= n || (root < t && a[root] < a[leaf]) {
                a[t] = a[root]; a[root] = t; root += 1
            } else {
                a[t] = a[leaf]; leaf += 1
            }
            if leaf >= n || (root < t && a[root] < a[leaf]) {
                a[t] += a[root]; a[root] = t; root += 1
            } else {
                a[t] += a[leaf]; leaf += 1
            }
        }
        // Phase 2: the depth of every internal node (the root, n - 2, has depth 0).
        a[n - 2] = 0
        var t = n - 3
        while t >= 0 { a[t] = a[a[t]] + 1; t -= 1 }
        // Phase 3: count the leaves at each depth.
        var counts = [Int](repeating: 0, count: n + 1)
        var available = 1, used = 0, depth = 0
        t = n - 2
        while available > 0 {
            while t >= 0 && a[t] == depth { used += 1; t -= 1 }
            if available > used { counts[depth] += available - used }
            available = 2 * used
            depth += 1
            used = 0
        }
        return counts
    }

    /// Makes the length counts fit `maxLength` bits and stay a complete code: lengths beyond
    /// the limit are cut to it, then codes are moved one level down until Kraft's sum is 1.
    private static func limit(_ counts: inout [Int], to maxLength: Int) {
        if counts.count <= maxLength + 1 {
            counts += [Int](repeating: 0, count: maxLength + 2 - counts.count)
            return
        }
        for length in (maxLength + 1)..<counts.count {
            counts[maxLength] += counts[length]
            counts[length] = 0
        }
        // Kraft's sum in units of 2^-maxLength.
        var total = 0
        for length in 1...maxLength { total += counts[length] << (maxLength - length) }
        while total > 1 << maxLength {
            // Drop a code at the limit and split a shorter one into two a level longer: the
            // number of codes stays the same and the sum falls by one unit.
            counts[maxLength] -= 1
            var length = maxLength - 1
            while length > 0 && counts[length] == 0 { length -= 1 }
            counts[length] -= 1
            counts[length + 1] += 2
            total -= 1
        }
    }

    /// Canonical codes from the lengths (RFC 1951 §3.2.2), bit-reversed.
    private mutating func assignCodes() {
        var countPerLength = [Int](repeating: 0, count: 16)
        for length in lengths where length > 0 { countPerLength[Int(length)] += 1 }
        var nextCode = [Int](repeating: 0, count: 16)
        var code = 0
        for length in 1..<16 {
            code = (code + countPerLength[length - 1]) << 1
            nextCode[length] = code
        }
        for symbol in 0..<lengths.count {
            let length = Int(lengths[symbol])
            guard length > 0 else { codes[symbol] = 0; continue }
            let value = UInt16(nextCode[length])
            nextCode[length] += 1
            codes[symbol] = value.bitReversed(count: length)
        }
    }
}

extension UInt16 {
    /// The low `count` bits in reverse order.
    @inline(__always)
    func bitReversed(count: Int) -> UInt16 {
        UInt16(truncatingIfNeeded: UInt32(self).bitSwapped >> (32 - count))
    }
}

extension UInt32 {
    /// The bits in reverse order.
    @inline(__always)
    var bitSwapped: UInt32 {
        var v = self
        v = ((v >> 1) & 0x5555_5555) | ((v & 0x5555_5555) << 1)
        v = ((v >> 2) & 0x3333_3333) | ((v & 0x3333_3333) << 2)
        v = ((v >> 4) & 0x0F0F_0F0F) | ((v & 0x0F0F_0F0F) << 4)
        return v.byteSwapped
    }
}
