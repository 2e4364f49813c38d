/// Decompresses blocks written by ``BlockCompressor`` (the format of ``BlockFormat``).
///
/// The caller states the decompressed size, and a block must decode to exactly that many bytes.
/// Every length and offset is checked against what is left of the input and of the output before
/// it is used, so damaged input of any kind ends in ``QuarryError/corruptIndex(_:)``: never a read
/// or write out of bounds, an arithmetic overflow, or a loop that does not end (each step consumes
/// at least one input byte).
enum BlockDecompressor {
    /// Why a block does not decode. `at` is the input offset where the problem was found.
    enum Failure: Equatable, Sendable, CustomStringConvertible {
        case truncated(at: Int)
        case literalsPastInput(at: Int)
        case literalsPastOutput(at: Int)
        case zeroOffset(at: Int)
        case offsetBeforeStart(at: Int, offset: Int, produced: Int)
        case matchPastOutput(at: Int)
        case sizeMismatch(produced: Int, expected: Int)

        var description: String {
            switch self {
            case .truncated(let at): return "compressed block ends early (input byte \(at))"
            case .literalsPastInput(let at): return "literal run longer than the compressed block (input byte \(at))"
            case .literalsPastOutput(let at): return "literal run longer than the stated size (input byte \(at))"
            case .zeroOffset(let at): return "match offset 0 (input byte \(at))"
            case .offsetBeforeStart(let at, let offset, let produced):
                return "match offset \(offset) reaches before the block start, \(produced) bytes in (input byte \(at))"
            case .matchPastOutput(let at): return "match longer than the stated size (input byte \(at))"
            case .sizeMismatch(let produced, let expected): return "decodes to \(produced) bytes, expected \(expected)"
            }
        }
    }

    /// Decompresses `input`, which must decode to exactly `rawLength` bytes.
    /// - Parameter context: names the block in the error message (e.g. file and block number).
    /// - Throws: ``QuarryError/corruptIndex(_:)`` saying what is wrong and where.
    static func decompress(_ input: UnsafeRawBufferPointer, rawLength: Int, context: @autoclosure () -> String) throws -> [UInt8] {
        precondition(rawLength >= 0)
        try StoreBlockCodec.lz77.checkStatedSize(rawLength, compressedCount: input.count, context: context())
        var failure: Failure?
        let bytes = [UInt8](unsafeUninitializedCapacity: rawLength) { out, count in
            failure = decode(input, into: UnsafeMutableRawBufferPointer(out))
            count = failure == nil ? rawLength : 0
        }
        if let failure { throw QuarryError.corruptIndex("\(context()): \(failure)") }
        return bytes
    }

    /// Decompresses the start of `input`, a block that decodes to `rawLength` bytes: at least its
    /// first `min(prefix, rawLength)` bytes, and no more than the rest of the sequence that reaches
    /// them. The bytes are exactly those a full decompression starts with. Everything decoded is
    /// checked as ``decompress(_:rawLength:context:)`` checks it; damage past the point where
    /// decoding stops goes unseen.
    static func decompress(_ input: UnsafeRawBufferPointer, rawLength: Int, prefix: Int, context: @autoclosure () -> String) throws -> [UInt8] {
        precondition(rawLength >= 0 && prefix >= 0)
        try StoreBlockCodec.lz77.checkStatedSize(rawLength, compressedCount: input.count, context: context())
        var failure: Failure?
        let bytes = [UInt8](unsafeUninitializedCapacity: rawLength) { out, count in
            var progress = Progress()
            failure = decode(input, into: UnsafeMutableRawBufferPointer(out), progress: &progress, until: prefix)
            count = failure == nil ? progress.produced : 0
        }
        if let failure { throw QuarryError.corruptIndex("\(context()): \(failure)") }
        return bytes
    }

    /// How far a decode that stops early got: the next sequence starts at input byte `consumed`,
    /// and the output's first `produced` bytes are final. Decoding resumes from here into the same
    /// output buffer (matches reach back into what was produced before).
    struct Progress: Equatable, Sendable {
        var consumed = 0
        var produced = 0
        /// The whole block was decoded (and produced exactly the output's size).
        var isComplete = false
    }

    /// Decodes `input` into all of `output`; nil when it produced exactly `output.count` bytes.
    /// On failure, `output` holds unspecified bytes.
    static func decode(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) -> Failure? {
        var progress = Progress()
        return decode(input, into: output, progress: &progress, until: output.count)
    }

    /// Decodes `input` into `output` (the whole block's size) from `progress` on, sequence by
    /// sequence, and stops after the first sequence that brings the output to `limit` bytes or
    /// more, or at the end of the block (then the output must be exactly full). A `limit` of at
    /// least `output.count` decodes the whole block. Nil when the sequences decoded are sound;
    /// `progress` then says how far decoding got. On failure, `progress` and the output past the
    /// bytes produced before this call are unspecified.
    static func decode(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer,
                       progress: inout Progress, until limit: Int) -> Failure? {
        precondition(progress.consumed >= 0 && progress.consumed <= input.count && progress.produced >= 0 && progress.produced <= output.count)
        if progress.isComplete { return nil }
        guard let src = input.baseAddress, input.count > 0 else { return .truncated(at: 0) }
        guard let dst = output.baseAddress else {
            // Nothing to produce: only an empty closing sequence is valid.
            if input.count == 1 && src.load(as: UInt8.self) == 0 {
                progress = Progress(consumed: 1, produced: 0, isComplete: true)
                return nil
            }
            return src.load(as: UInt8.self) >> 4 != 0 ? .literalsPastOutput(at: 0) : .sizeMismatch(produced: 0, expected: 0)
        }
        let inEnd = input.count
        let outEnd = output.count
        // A whole-block decode never stops early: the block must end exactly where the output does.
        let stop = limit < outEnd ? limit : Int.max
        var ip = progress.consumed
        var op = progress.produced
        while true {
            if op >= stop {
                progress = Progress(consumed: ip, produced: op, isComplete: false)
                return nil
            }
            if ip >= inEnd { return .truncated(at: ip) }
            let tokenAt = ip
            let token = Int(src.load(fromByteOffset: ip, as: UInt8.self))
            ip += 1

            // The common case on text, short literals then a short match, far from both ends: fixed
            // wide copies and no length loops. With 32 input bytes left, 14 literals leave the
            // offset readable and this cannot be the closing sequence; with 48 output bytes left,
            // 14 literals and an 18-byte match fit with their overshoot.
            if token & 0xF0 != 0xF0 && token & 0x0F != 0x0F && inEnd - ip >= 32 && outEnd - op >= 48 {
                let literals = token >> 4
                copy16(src, ip, dst, op)
                ip += literals
                op += literals
                let offset = Int(src.load(fromByteOffset: ip, as: UInt8.self)) | Int(src.load(fromByteOffset: ip + 1, as: UInt8.self)) << 8
                if offset == 0 { return .zeroOffset(at: ip) }
                if offset > op { return .offsetBeforeStart(at: ip, offset: offset, produced: op) }
                ip += 2
                let length = (token & 15) + BlockFormat.minMatch
                if offset >= 8 {
                    // Each 8-byte step reads only bytes that earlier steps wrote.
                    copy8(dst, from: op - offset, to: op)
                    copy8(dst, from: op + 8 - offset, to: op + 8)
                    copy8(dst, from: op + 16 - offset, to: op + 16)
                } else {
                    copyMatch(dst, at: op, offset: offset, length: length, room: outEnd - op)
                }
                op += length
                continue
            }

            // Literals.
            var literals = token >> 4
            if literals == BlockFormat.nibbleMax {
                while true {
                    if ip >= inEnd { return .truncated(at: ip) }
                    let b = Int(src.load(fromByteOffset: ip, as: UInt8.self))
                    ip += 1
                    literals += b
                    // Bounded by what is left of the output, so the sum cannot grow without limit.
                    if literals > outEnd - op { return .literalsPastOutput(at: tokenAt) }
                    if b != 255 { break }
                }
            }
            if literals > outEnd - op { return .literalsPastOutput(at: tokenAt) }
            if literals > inEnd - ip { return .literalsPastInput(at: tokenAt) }
            if literals <= inEnd - ip - 16 && literals <= outEnd - op - 16 {
                // Room past the run in both buffers: copy whole 16-byte chunks, overshooting.
                var s = ip, d = op
                let end = op + literals
                repeat {
                    copy16(src, s, dst, d)
                    s += 16
                    d += 16
                } while d < end
            } else {
                (dst + op).copyMemory(from: src + ip, byteCount: literals)
            }
            ip += literals
            op += literals
            if ip == inEnd {
                guard op == outEnd else { return .sizeMismatch(produced: op, expected: outEnd) }
                progress = Progress(consumed: ip, produced: op, isComplete: true)
                return nil
            }

            // Match.
            if inEnd - ip < 2 { return .truncated(at: ip) }
            let offset = Int(src.load(fromByteOffset: ip, as: UInt8.self)) | Int(src.load(fromByteOffset: ip + 1, as: UInt8.self)) << 8
            if offset == 0 { return .zeroOffset(at: ip) }
            if offset > op { return .offsetBeforeStart(at: ip, offset: offset, produced: op) }
            ip += 2
            var length = token & 15
            if length == BlockFormat.nibbleMax {
                while true {
                    if ip >= inEnd { return .truncated(at: ip) }
                    let b = Int(src.load(fromByteOffset: ip, as: UInt8.self))
                    ip += 1
                    length += b
                    if length > outEnd - op { return .matchPastOutput(at: tokenAt) }
                    if b != 255 { break }
                }
            }
            length += BlockFormat.minMatch
            if length > outEnd - op { return .matchPastOutput(at: tokenAt) }
            copyMatch(dst, at: op, offset: offset, length: length, room: outEnd - op)
            op += length
        }
    }

    @inline(__always)
    private static func copy16(_ src: UnsafeRawPointer, _ s: Int, _ dst: UnsafeMutableRawPointer, _ d: Int) {
        let a = src.loadUnaligned(fromByteOffset: s, as: UInt64.self)
        let b = src.loadUnaligned(fromByteOffset: s + 8, as: UInt64.self)
        dst.storeBytes(of: a, toByteOffset: d, as: UInt64.self)
        dst.storeBytes(of: b, toByteOffset: d + 8, as: UInt64.self)
    }

    @inline(__always)
    private static func copy8(_ p: UnsafeMutableRawPointer, from s: Int, to d: Int) {
        p.storeBytes(of: p.loadUnaligned(fromByteOffset: s, as: UInt64.self), toByteOffset: d, as: UInt64.self)
    }

    /// Copies `length` bytes from `offset` bytes back to `op`; `room` is the output left from `op`
    /// (at least `length`). The source may overlap the destination (offset < length): the copy
    /// then repeats the last `offset` bytes, as the format means.
    @inline(__always)
    private static func copyMatch(_ dst: UnsafeMutableRawPointer, at op: Int, offset: Int, length: Int, room: Int) {
        let end = op + length
        guard length <= room - 16 else {
            // Near the end of the output: no overshoot allowed, byte by byte.
            for i in op..<end { dst.storeBytes(of: dst.load(fromByteOffset: i - offset, as: UInt8.self), toByteOffset: i, as: UInt8.self) }
            return
        }
        var d = op
        if offset >= 16 {
            // Each 16-byte chunk reads only bytes already written.
            repeat {
                copy16(dst, d - offset, dst, d)
                d += 16
            } while d < end
        } else if offset >= 8 {
            repeat {
                copy8(dst, from: d - offset, to: d)
                d += 8
            } while d < end
        } else {
            // A short period: copy the first bytes one by one until a whole multiple of the period
            // that is at least 8 lies behind, then copy 8 bytes at a time from that distance.
            let distance = offset * ((8 + offset - 1) / offset)
            let lead = min(length, distance - offset)
            for i in d..<(d + lead) { dst.storeBytes(of: dst.load(fromByteOffset: i - offset, as: UInt8.self), toByteOffset: i, as: UInt8.self) }
            d += lead
            while d < end {
                copy8(dst, from: d - distance, to: d)
                d += 8
            }
        }
    }
}
