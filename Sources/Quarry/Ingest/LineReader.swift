#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Splits a ``ByteStream`` into lines without holding more than the current line in memory.
final class LineReader {
    /// One line of input.
    enum Line {
        /// The line's bytes without the line break (a trailing `\r` is removed too).
        /// Valid only until the next call to ``next()``.
        case text(UnsafeBufferPointer<UInt8>)
        /// The line was longer than the limit and was dropped; `byteCount` is its length.
        case tooLong(byteCount: Int)
    }

    private let stream: ByteStream
    private let maxLineBytes: Int
    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var start = 0  // first byte of the current line
    private var end = 0  // end of the bytes read so far
    private var searchFrom = 0  // where to look for the next line break
    private var atEnd = false
    /// The 1-based number of the line returned last.
    private(set) var lineNumber = 0

    init(stream: ByteStream, chunkSize: Int = 1 << 20, maxLineBytes: Int) {
        self.stream = stream
        self.maxLineBytes = max(1, maxLineBytes)
        self.capacity = max(16, min(chunkSize, self.maxLineBytes + 1))
        self.buffer = .allocate(capacity: capacity)
    }

    deinit {
        buffer.deallocate()
    }

    /// The next line, or `nil` at the end of the stream.
    func next() throws(IngestError) -> Line? {
        var droppedBytes = 0  // bytes of an over-long line already thrown away
        while true {
            if let newline = findNewline() {
                let length = newline - start
                defer { start = newline + 1; searchFrom = start; lineNumber += 1 }
                if droppedBytes > 0 || length > maxLineBytes {
                    return .tooLong(byteCount: droppedBytes + length)
                }
                return .text(lineBytes(from: start, to: newline))
            }
            searchFrom = end
            if atEnd {
                guard start < end || droppedBytes > 0 else { return nil }
                let length = end - start
                defer { start = end; searchFrom = end; lineNumber += 1 }
                if droppedBytes > 0 || length > maxLineBytes {
                    return .tooLong(byteCount: droppedBytes + length)
                }
                return .text(lineBytes(from: start, to: end))
            }
            makeRoom(droppedBytes: &droppedBytes)
            let count = try stream.read(into: buffer + end, count: capacity - end)
            if count == 0 { atEnd = true }
            end += count
        }
    }

    private func findNewline() -> Int? {
        guard searchFrom < end, let found = memchr(buffer + searchFrom, 0x0A, end - searchFrom) else { return nil }
        return buffer.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    private func lineBytes(from lower: Int, to upper: Int) -> UnsafeBufferPointer<UInt8> {
        var upper = upper
        if upper > lower, buffer[upper - 1] == 0x0D { upper -= 1 }
        return UnsafeBufferPointer(start: buffer + lower, count: upper - lower)
    }

    /// Makes space after `end` for more input: moves the partial line to the front, grows the
    /// buffer up to the line limit, and beyond it drops the line's bytes read so far.
    private func makeRoom(droppedBytes: inout Int) {
        if start > 0 {
            let pending = end - start
            if pending > 0 { memmove(buffer, buffer + start, pending) }
            end = pending
            searchFrom = pending
            start = 0
        }
        guard end == capacity else { return }
        if end > maxLineBytes {
            droppedBytes += end
            end = 0
            searchFrom = 0
            return
        }
        let newCapacity = min(capacity * 2, maxLineBytes + 1)
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        grown.update(from: buffer, count: end)
        buffer.deallocate()
        buffer = grown
        capacity = newCapacity
    }
}
