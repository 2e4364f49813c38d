import CZlib

/// Compresses store blocks as raw DEFLATE streams (RFC 1951: no zlib header or Adler-32, since the
/// store file's CRC-32 covers the bytes) with zlib at ``level``. One compressor keeps its zlib
/// state for a run of blocks; each block is a complete stream of its own. Not thread-safe.
final class DeflateBlockCompressor {
    /// zlib's default level: about a fifth smaller than the LZ4-family `high` parse on English
    /// text, for several times its compression time.
    static let level: Int32 = 6
    private var stream = z_stream()

    init() throws {
        // -15: a 32 KiB window and no wrapper; memory level 8 is zlib's default.
        let status = deflateInit2_(&stream, Self.level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY,
                                   zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            throw QuarryError.io(status == Z_MEM_ERROR ? "out of memory starting DEFLATE compression" : "cannot start DEFLATE compression (zlib status \(status))")
        }
    }

    deinit { deflateEnd(&stream) }

    /// The most bytes ``compress(_:into:)`` writes for `rawLength` input bytes.
    func maxCompressedSize(_ rawLength: Int) -> Int {
        Int(deflateBound(&stream, UInt(rawLength)))
    }

    /// Compresses `input` (at most 4 GiB) into `output`, which must hold
    /// ``maxCompressedSize(_:)`` bytes; returns the number of bytes written.
    func compress(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) -> Int {
        precondition(input.count <= Int(UInt32.max) && output.count >= maxCompressedSize(input.count),
                     "output too small for the compressed block")
        deflateReset(&stream)
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: UInt8.self))
        stream.avail_in = UInt32(input.count)
        stream.next_out = output.baseAddress!.assumingMemoryBound(to: UInt8.self)
        stream.avail_out = UInt32(min(output.count, Int(UInt32.max)))
        let status = deflate(&stream, Z_FINISH)
        // With room for deflateBound's worst case, one call always finishes the stream.
        precondition(status == Z_STREAM_END, "DEFLATE did not finish a block (zlib status \(status))")
        let written = output.count - Int(stream.avail_out)
        stream.next_in = nil
        stream.next_out = nil
        return written
    }
}

/// Inflates one raw DEFLATE store block into a buffer of the block's stated size, as far as each
/// call asks, resuming where the last call stopped (zlib keeps the window between calls).
///
/// A block must decode to exactly its stated size and end exactly at the end of its bytes; zlib
/// checks every code and distance, so damaged input of any kind ends in a ``Failure``, never a
/// read or write out of bounds. Each call consumes input or fails, so no loop over calls hangs.
final class DeflateBlockDecoder {
    /// Why a block does not decode.
    enum Failure: Equatable, Sendable, CustomStringConvertible {
        case damaged(String, at: Int)
        case truncated(produced: Int, expected: Int)
        case longerThanStated(expected: Int)
        case endsEarly(produced: Int, expected: Int)
        case trailingBytes(Int)
        case unterminated
        case outOfMemory

        var description: String {
            switch self {
            case .damaged(let message, let at): return "DEFLATE data damaged (\(message), input byte \(at))"
            case .truncated(let produced, let expected): return "compressed block ends early (\(produced) of \(expected) bytes decoded)"
            case .longerThanStated(let expected): return "decodes to more than the stated \(expected) bytes"
            case .endsEarly(let produced, let expected): return "decodes to \(produced) bytes, expected \(expected)"
            case .trailingBytes(let count): return "\(count) bytes after the end of the compressed data"
            case .unterminated: return "compressed block has no end marker"
            case .outOfMemory: return "out of memory while decompressing"
            }
        }
    }

    private var stream = z_stream()

    init() throws {
        let status = inflateInit2_(&stream, -15, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            throw QuarryError.io(status == Z_MEM_ERROR ? "out of memory starting DEFLATE decompression" : "cannot start DEFLATE decompression (zlib status \(status))")
        }
    }

    deinit { inflateEnd(&stream) }

    /// Decodes `input` into `output` (the whole block's size) from `progress` on, until at least
    /// `limit` bytes are produced or the block ends (then the output must be exactly full and the
    /// input used up). A `limit` of at least `output.count` decodes and checks the whole block.
    /// `progress` of zero starts a new block; otherwise it must come from the previous call on the
    /// same block and buffers. Nil when what was decoded is sound.
    func decode(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer,
                progress: inout BlockDecompressor.Progress, until limit: Int) -> Failure? {
        precondition(progress.consumed >= 0 && progress.consumed <= input.count && progress.produced >= 0 && progress.produced <= output.count)
        if progress.isComplete { return nil }
        if progress.consumed == 0 && progress.produced == 0 {
            inflateReset(&stream)
        }
        defer { stream.next_in = nil; stream.next_out = nil }
        // Decode to the limit (at least one byte further), or to the end of the output.
        let target = min(output.count, max(limit, progress.produced + 1))
        decoding: while progress.produced < target {
            let room = min(target - progress.produced, Int(UInt32.max))
            switch step(input, output, &progress, room: room) {
            case nil: continue
            case .finished: break decoding
            case .failed(let reason): return reason
            }
        }
        if progress.produced < output.count { return nil }
        // The output is full: the stream must end here, with no input left over.
        var probe: UInt8 = 0
        return withUnsafeMutableBytes(of: &probe) { probeBuffer in
            switch step(input, probeBuffer, &progress, room: 1, probing: true) {
            case .finished:
                if progress.consumed != input.count { return .trailingBytes(input.count - progress.consumed) }
                progress.isComplete = true
                return nil
            case .failed(let reason):
                return reason
            case nil:
                // Input consumed, nothing produced, no end: the input ran out before the end marker.
                return .unterminated
            }
        }
    }

    private enum StepEnd {
        case finished
        case failed(Failure)
    }

    /// One call of `inflate` with `room` bytes of output at `progress.produced` (or, when
    /// `probing`, into `output` itself, counting nothing). Nil when it made progress and the
    /// stream goes on.
    private func step(_ input: UnsafeRawBufferPointer, _ output: UnsafeMutableRawBufferPointer,
                      _ progress: inout BlockDecompressor.Progress, room: Int, probing: Bool = false) -> StepEnd? {
        let outputStart = probing ? 0 : progress.produced
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress.map { $0.assumingMemoryBound(to: UInt8.self) + progress.consumed })
        stream.avail_in = UInt32(min(input.count - progress.consumed, Int(UInt32.max)))
        stream.next_out = output.baseAddress!.assumingMemoryBound(to: UInt8.self) + outputStart
        stream.avail_out = UInt32(room)
        let availableIn = Int(stream.avail_in)
        let status = inflate(&stream, Z_NO_FLUSH)
        let consumed = availableIn - Int(stream.avail_in)
        let produced = room - Int(stream.avail_out)
        progress.consumed += consumed
        if probing {
            if produced > 0 { return .failed(.longerThanStated(expected: progress.produced)) }
        } else {
            progress.produced += produced
        }
        switch status {
        case Z_STREAM_END:
            if !probing && progress.produced < output.count {
                return .failed(.endsEarly(produced: progress.produced, expected: output.count))
            }
            return .finished
        case Z_OK where consumed > 0 || produced > 0:
            // Probing with the output full: a stream that goes on is longer than stated.
            return nil
        case Z_OK, Z_BUF_ERROR:
            if stream.avail_in == 0 {
                return .failed(.truncated(produced: progress.produced, expected: probing ? progress.produced : output.count))
            }
            return .failed(.damaged("no progress", at: progress.consumed))
        case Z_MEM_ERROR:
            return .failed(.outOfMemory)
        default:
            let message = stream.msg.map { String(cString: $0) } ?? "zlib status \(status)"
            return .failed(.damaged(message, at: progress.consumed))
        }
    }
}
