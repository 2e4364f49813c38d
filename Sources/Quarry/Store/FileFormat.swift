/// The header and footer every Quarry file carries.
///
/// Header (12 bytes): magic `QRRY`, a four-letter file kind (e.g. `TERM`), the format version (u32 LE).
/// Footer (8 bytes): magic `QEND`, then the CRC-32 of every byte before the footer's CRC field
/// (header, body and the `QEND` magic). See the File Format article.
enum FileFormat {
    /// The index format version: of the manifest and of every segment file but the store.
    static let version: UInt32 = 5
    /// The document store's version: 5 added continuation blocks (a large document cut into
    /// blocks, so the start of its body reads without the rest). Version 4 stores still read.
    static let storeVersion: UInt32 = 5
    /// The store version that names its block codec in the trailer: written only for a codec
    /// other than the LZ4-family one, so stores of that codec stay readable by older builds.
    static let storeVersionWithCodec: UInt32 = 6

    /// The version written in new files of `kind`.
    static func currentVersion(of kind: Kind) -> UInt32 {
        kind == .store ? storeVersion : version
    }

    /// The versions a reader accepts in files of `kind`.
    static func readableVersions(of kind: Kind) -> ClosedRange<UInt32> {
        kind == .store ? 4...storeVersionWithCodec : version...version
    }

    /// The version field of a file whose header has been validated.
    static func storedVersion(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        UInt32(littleEndian: bytes.baseAddress!.loadUnaligned(fromByteOffset: 8, as: UInt32.self))
    }

    static let headerMagic: [UInt8] = Array("QRRY".utf8)
    static let footerMagic: [UInt8] = Array("QEND".utf8)
    static let headerSize = 12
    static let footerSize = 8

    enum Kind: String, CaseIterable, Sendable {
        case manifest = "MANI"
        case terms = "TERM"
        case postings = "POST"
        case positions = "POSI"
        case lengths = "LENS"
        case store = "STOR"
        case deletions = "DELS"
        case catalog = "SRCS"

        /// The file extension of this kind inside a segment.
        var fileExtension: String {
            switch self {
            case .manifest: return "manifest"
            case .terms: return "terms"
            case .postings: return "postings"
            case .positions: return "positions"
            case .lengths: return "lengths"
            case .store: return "store"
            case .deletions: return "deletions"
            case .catalog: return "catalog"
            }
        }
    }

    /// The files every segment has (a segment's deletions file is optional and named by its commit).
    static let segmentFileKinds: [Kind] = [.terms, .postings, .positions, .lengths, .store]

    static func writeHeader(_ kind: Kind, version: UInt32? = nil, to writer: inout ByteWriter) {
        writer.append(headerMagic)
        writer.append(Array(kind.rawValue.utf8))
        writer.u32(version ?? currentVersion(of: kind))
    }

    /// The bytes of a small file written whole (header and body in `writer`) with its footer.
    static func sealed(_ writer: ByteWriter) -> [UInt8] {
        let crc = writer.bytes.withUnsafeBytes { Checksum.crc32($0) }
        return writer.bytes + footer(crcSoFar: crc)
    }

    /// Appends the footer to a file whose bytes so far are `crcSoFar` (running CRC of everything written).
    static func footer(crcSoFar: UInt32) -> [UInt8] {
        var w = ByteWriter()
        w.append(footerMagic)
        let crc = footerMagic.withUnsafeBytes { Checksum.crc32($0, seed: crcSoFar) }
        w.u32(crc)
        return w.bytes
    }

    /// Checks header and footer structure; with `verifyChecksum`, also the CRC of the whole file.
    /// Returns the body region (between header and footer).
    static func validate(_ bytes: UnsafeRawBufferPointer, kind: Kind, name: String, verifyChecksum: Bool) throws -> UnsafeRawBufferPointer {
        guard bytes.count >= headerSize + footerSize, let base = bytes.baseAddress else {
            throw QuarryError.corruptIndex("\(name): file too short (\(bytes.count) bytes)")
        }
        if !zip(headerMagic, bytes.prefix(4)).allSatisfy({ $0 == $1 }) {
            throw QuarryError.corruptIndex("\(name): bad magic number")
        }
        let kindBytes = Array(bytes[4..<8])
        if kindBytes != Array(kind.rawValue.utf8) {
            throw QuarryError.corruptIndex("\(name): expected a \(kind.rawValue) file, found \(String(decoding: kindBytes, as: UTF8.self))")
        }
        let version = UInt32(littleEndian: base.loadUnaligned(fromByteOffset: 8, as: UInt32.self))
        let readable = readableVersions(of: kind)
        if !readable.contains(version) {
            let known = readable.count == 1 ? "version \(readable.lowerBound)" : "versions \(readable.lowerBound) to \(readable.upperBound)"
            throw QuarryError.unsupportedVersion("\(name): format version \(version), this build reads \(known); rebuild the index with `quarry index`")
        }
        let footerStart = bytes.count - footerSize
        if !zip(footerMagic, bytes[footerStart..<footerStart + 4]).allSatisfy({ $0 == $1 }) {
            throw QuarryError.corruptIndex("\(name): missing footer (file truncated?)")
        }
        if verifyChecksum {
            let stored = UInt32(littleEndian: base.loadUnaligned(fromByteOffset: bytes.count - 4, as: UInt32.self))
            let actual = Checksum.crc32(UnsafeRawBufferPointer(rebasing: bytes[0..<(bytes.count - 4)]))
            if stored != actual {
                throw QuarryError.corruptIndex("\(name): checksum mismatch (stored \(hex(stored)), computed \(hex(actual)))")
            }
        }
        return UnsafeRawBufferPointer(rebasing: bytes[headerSize..<footerStart])
    }

    private static func hex(_ v: UInt32) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: max(0, 8 - s.count)) + s
    }
}
