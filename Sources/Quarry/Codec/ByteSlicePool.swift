import CQuarrySupport

/// Many growable byte streams interleaved in a few large pages, for in-memory postings.
///
/// Each stream is a chain of slices of increasing size (4, 12, 20, 28, 44, ... data bytes, at most
/// 2,044). Slices are carved from fixed-size pages with a bump allocator, so creating a stream or
/// extending one allocates nothing until a page is full. The last 4 bytes of every slice are
/// reserved: once the slice is full they hold the address of the next slice in the chain.
///
/// Addresses are `UInt32` counts of 8-byte units (slices start 8-byte aligned and their sizes are
/// multiples of 8), so a pool can hold up to 32 GiB. The caller keeps each stream's ``Stream``
/// value (12 bytes: where it starts and where the next byte goes) and passes it back `inout` when
/// appending; the pool keeps no per-stream table.
///
/// All unsafe memory handling of the in-memory postings is confined to this type. A pool is not
/// thread-safe. Readers keep the pool alive; a stream must not be appended to while being read.
final class ByteSlicePool {
    /// One stream's head and write position. Cheap to store in large flat tables.
    struct Stream: Equatable {
        /// Address of the first slice.
        fileprivate let head: UInt32
        /// Address of the slice the next byte goes to.
        fileprivate var slice: UInt32
        /// Data bytes already written to `slice`.
        fileprivate var used: UInt16
        /// Size class of `slice`.
        fileprivate var level: UInt8
    }

    /// Bytes per page.
    let pageBytes: Int
    /// log2 of the 8-byte units per page.
    private let unitsPerPageShift: Int
    private let unitsPerPageMask: Int

    @exclusivity(unchecked) private var pages: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>>
    @exclusivity(unchecked) private var pageCapacity: Int
    @exclusivity(unchecked) private(set) var pageCount = 0
    /// Next free unit address, and the end of the current page in units.
    @exclusivity(unchecked) private var nextUnit = 0
    @exclusivity(unchecked) private var pageEndUnit = 0

    static let unitBytes = 8
    static let forwardBytes = 4
    static let maxLevel: UInt8 = 15
    /// The largest slice, in bytes.
    static let maxSliceBytes = 2048
    /// Total capacity: 2^32 units of 8 bytes.
    static let maxUnits = 1 << 32

    /// - Parameter pageBytes: page size, a power of two of at least 4 KiB.
    init(pageBytes: Int = 1 << 16) {
        precondition(pageBytes >= 4096 && pageBytes & (pageBytes - 1) == 0, "page size must be a power of two ≥ 4096")
        self.pageBytes = pageBytes
        let unitsPerPage = pageBytes / Self.unitBytes
        unitsPerPageShift = unitsPerPage.trailingZeroBitCount
        unitsPerPageMask = unitsPerPage - 1
        pageCapacity = 16
        pages = .allocate(capacity: pageCapacity)
    }

    deinit {
        for i in 0..<pageCount { pages[i].deallocate() }
        pages.deallocate()
    }

    /// Bytes of memory held: every page plus the page table.
    var memoryBytes: Int { pageCount * pageBytes + pageCapacity * MemoryLayout<UnsafeMutablePointer<UInt8>>.stride }

    /// Size in 8-byte units of a slice of `level`; growth is about 1.5× per level.
    @inline(__always)
    private static func sliceUnits(_ level: UInt8) -> Int {
        switch level {
        case 0: 1
        case 1: 2
        case 2: 3
        case 3: 4
        case 4: 6
        case 5: 8
        case 6: 12
        case 7: 16
        case 8: 24
        case 9: 32
        case 10: 48
        case 11: 64
        case 12: 96
        case 13: 128
        case 14: 192
        default: 256
        }
    }

    /// Data bytes of a slice of `level` (its size minus the forward address).
    @inline(__always)
    static func dataBytes(_ level: UInt8) -> Int {
        sliceUnits(level) * unitBytes - forwardBytes
    }

    @inline(__always)
    private func address(_ unit: UInt32) -> UnsafeMutablePointer<UInt8> {
        let u = Int(unit)
        return pages[u >> unitsPerPageShift] + (u & unitsPerPageMask) &* Self.unitBytes
    }

    // MARK: Writing

    /// A new, empty stream (its first slice is allocated now).
    func newStream() -> Stream {
        let unit = allocate(units: Self.sliceUnits(0))
        return Stream(head: unit, slice: unit, used: 0, level: 0)
    }

    /// Appends one byte to `stream`.
    @inline(__always)
    func append(byte: UInt8, to stream: inout Stream) {
        if Int(stream.used) == Self.dataBytes(stream.level) { nextSlice(&stream) }
        address(stream.slice)[Int(stream.used)] = byte
        stream.used &+= 1
    }

    /// Appends `value` as a VByte (7 bits a byte, low bits first, high bit set on all but the last).
    @inline(__always)
    func append(vbyte value: UInt32, to stream: inout Stream) {
        let used = Int(stream.used)
        if Self.dataBytes(stream.level) - used >= 5 {
            // Room for the longest encoding: no boundary checks per byte.
            let p = address(stream.slice) + used
            var v = value
            var n = 0
            while v >= 0x80 {
                p[n] = UInt8(truncatingIfNeeded: v) | 0x80
                v >>= 7
                n &+= 1
            }
            p[n] = UInt8(truncatingIfNeeded: v)
            stream.used &+= UInt16(truncatingIfNeeded: n &+ 1)
        } else {
            var v = value
            while v >= 0x80 {
                append(byte: UInt8(truncatingIfNeeded: v) | 0x80, to: &stream)
                v >>= 7
            }
            append(byte: UInt8(truncatingIfNeeded: v), to: &stream)
        }
    }

    /// Starts loading the place where the next byte of `stream` goes (a hint; see ``TermTable``'s
    /// prefetching), unless its slice is full.
    @inline(__always)
    func prefetchAppend(to stream: Stream) {
        let used = Int(stream.used)
        if used < Self.dataBytes(stream.level) { quarry_prefetch_for_write(address(stream.slice) + used) }
    }

    /// Links a new slice after the full current slice of `stream`.
    private func nextSlice(_ stream: inout Stream) {
        let level = min(stream.level + 1, Self.maxLevel)
        let unit = allocate(units: Self.sliceUnits(level))
        let forward = address(stream.slice) + Self.dataBytes(stream.level)
        UnsafeMutableRawPointer(forward).storeBytes(of: unit, as: UInt32.self)
        stream.slice = unit
        stream.used = 0
        stream.level = level
    }

    private func allocate(units: Int) -> UInt32 {
        if nextUnit + units > pageEndUnit { addPage() }
        let unit = nextUnit
        nextUnit += units
        return UInt32(truncatingIfNeeded: unit)
    }

    private func addPage() {
        let unitsPerPage = unitsPerPageMask + 1
        precondition((pageCount + 1) * unitsPerPage <= Self.maxUnits, "byte slice pool exceeds 32 GiB")
        if pageCount == pageCapacity {
            let grown = UnsafeMutablePointer<UnsafeMutablePointer<UInt8>>.allocate(capacity: pageCapacity * 2)
            grown.moveInitialize(from: pages, count: pageCount)
            pages.deallocate()
            pages = grown
            pageCapacity *= 2
        }
        let page = UnsafeMutablePointer<UInt8>.allocate(capacity: pageBytes)
        page.initialize(repeating: 0, count: pageBytes)
        (pages + pageCount).initialize(to: page)
        nextUnit = pageCount * unitsPerPage
        pageCount += 1
        pageEndUnit = pageCount * unitsPerPage
    }

    /// An independent pool with the same contents; streams of this pool are valid in the copy.
    func copy() -> ByteSlicePool {
        let other = ByteSlicePool(pageBytes: pageBytes)
        for i in 0..<pageCount {
            other.addPage()
            other.pages[i].update(from: pages[i], count: pageBytes)
        }
        other.nextUnit = nextUnit
        other.pageEndUnit = pageEndUnit
        return other
    }

    // MARK: Reading

    /// Iterates the bytes of `stream` as written so far.
    func reader(for stream: Stream) -> Reader {
        Reader(pool: self, stream: stream)
    }

    /// Appends every byte of `stream` to `bytes`, one copy per slice.
    func appendContents(of stream: Stream, to bytes: inout [UInt8]) {
        var slice = stream.head
        var level: UInt8 = 0
        while true {
            let p = address(slice)
            if slice == stream.slice {
                bytes.append(contentsOf: UnsafeBufferPointer(start: p, count: Int(stream.used)))
                return
            }
            let count = Self.dataBytes(level)
            bytes.append(contentsOf: UnsafeBufferPointer(start: p, count: count))
            slice = UnsafeRawPointer(p + count).load(as: UInt32.self)
            level = min(level + 1, Self.maxLevel)
        }
    }

    /// Reads one stream, byte by byte or VByte by VByte.
    struct Reader: IteratorProtocol, Sequence {
        private let pool: ByteSlicePool
        private let lastSlice: UInt32
        private let lastUsed: Int
        private var slice: UInt32
        private var level: UInt8
        /// The unread bytes of the current slice.
        private var cursor: UnsafePointer<UInt8>
        private var remaining: Int

        fileprivate init(pool: ByteSlicePool, stream: Stream) {
            self.pool = pool
            lastSlice = stream.slice
            lastUsed = Int(stream.used)
            slice = stream.head
            level = 0
            cursor = UnsafePointer(pool.address(slice))
            remaining = slice == lastSlice ? lastUsed : ByteSlicePool.dataBytes(0)
        }

        /// The next byte, or nil at the end of the stream.
        @inline(__always)
        mutating func next() -> UInt8? {
            if remaining == 0 {
                if slice == lastSlice { return nil }
                advance()
                if remaining == 0 { return nil }
            }
            let byte = cursor.pointee
            cursor += 1
            remaining &-= 1
            return byte
        }

        /// The next VByte value, or nil at the end of the stream.
        @inline(__always)
        mutating func nextVByte() -> UInt32? {
            guard var byte = next() else { return nil }
            var value = UInt32(byte & 0x7f)
            var shift: UInt32 = 7
            while byte >= 0x80 {
                guard let b = next() else { preconditionFailure("truncated VByte in byte slice stream") }
                byte = b
                value |= UInt32(truncatingIfNeeded: byte & 0x7f) &<< shift
                shift &+= 7
            }
            return value
        }

        /// Moves to the next slice; `cursor` then points past the current slice's data.
        private mutating func advance() {
            let next = UnsafeRawPointer(cursor).load(as: UInt32.self)
            slice = next
            level = Swift.min(level + 1, ByteSlicePool.maxLevel)
            cursor = UnsafePointer(pool.address(slice))
            remaining = slice == lastSlice ? lastUsed : ByteSlicePool.dataBytes(level)
        }
    }
}
