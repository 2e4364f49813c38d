/// How a fuzz input becomes the bytes of an index file.
///
/// The first byte picks the mode by its lowest bit. Sealed (0): the rest is the file's body; the
/// header of the expected kind and a footer with the matching CRC-32 are added, so the input gets
/// past every checksum and reaches the reader's own validation. Raw (1): the rest is the whole
/// file, header, footer and checksum included. In sealed mode, bit 2 set puts the newest version a
/// reader of the kind accepts in the header instead of the version new files are written at (they
/// differ for the store only: version 6 names its block codec). The other bits are left to each
/// target.
enum FuzzFileInput {
    /// The file `input` stands for, as a file of `kind`. An empty input is an empty file.
    static func fileBytes(_ input: UnsafeRawBufferPointer, kind: FileFormat.Kind) -> [UInt8] {
        guard let mode = input.first else { return [] }
        let rest = UnsafeRawBufferPointer(rebasing: input[1...])
        if mode & 1 == 1 { return Array(rest) }
        return sealed(body: rest, kind: kind, version: mode & 4 == 0 ? nil : FileFormat.readableVersions(of: kind).upperBound)
    }

    /// A complete file of `kind` with `body`: header (at `version`, default the version new files
    /// are written at), body, footer with a correct CRC-32.
    static func sealed(body: UnsafeRawBufferPointer, kind: FileFormat.Kind, version: UInt32? = nil) -> [UInt8] {
        var w = ByteWriter()
        FileFormat.writeHeader(kind, version: version, to: &w)
        w.append(body)
        let crc = w.bytes.withUnsafeBytes { Checksum.crc32($0) }
        w.append(FileFormat.footer(crcSoFar: crc))
        return w.bytes
    }

    /// The sealed-mode input that reproduces `file` (a valid file of any kind): its body.
    static func sealedSeed(of file: [UInt8]) -> [UInt8] {
        let version = file.withUnsafeBytes { FileFormat.storedVersion($0) }
        let kind = FileFormat.Kind(rawValue: String(decoding: file[4..<8], as: UTF8.self))!
        let mode: UInt8 = version == FileFormat.currentVersion(of: kind) ? 0 : 4
        return [mode] + file[FileFormat.headerSize..<(file.count - FileFormat.footerSize)]
    }

    /// The raw-mode input that reproduces `file`.
    static func rawSeed(of file: [UInt8]) -> [UInt8] {
        [1] + file
    }
}
