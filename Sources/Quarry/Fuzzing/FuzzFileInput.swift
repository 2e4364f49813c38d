/// How a fuzz input becomes the bytes of an index file.
///
/// The first byte picks the mode by its lowest bit. Sealed (0): the rest is the file's body; the
/// header of the expected kind and a footer with the matching CRC-32 are added, so the input gets
/// past every checksum and reaches the reader's own validation. Raw (1): the rest is the whole
/// file, header, footer and checksum included. The other bits are left to each target.
enum FuzzFileInput {
    /// The file `input` stands for, as a file of `kind`. An empty input is an empty file.
    static func fileBytes(_ input: UnsafeRawBufferPointer, kind: FileFormat.Kind) -> [UInt8] {
        guard let mode = input.first else { return [] }
        let rest = UnsafeRawBufferPointer(rebasing: input[1...])
        return mode & 1 == 1 ? Array(rest) : sealed(body: rest, kind: kind)
    }

    /// A complete file of `kind` with `body`: header, body, footer with a correct CRC-32.
    static func sealed(body: UnsafeRawBufferPointer, kind: FileFormat.Kind) -> [UInt8] {
        var w = ByteWriter()
        FileFormat.writeHeader(kind, to: &w)
        w.append(body)
        let crc = w.bytes.withUnsafeBytes { Checksum.crc32($0) }
        w.append(FileFormat.footer(crcSoFar: crc))
        return w.bytes
    }

    /// The sealed-mode input that reproduces `file` (a valid file of any kind): its body.
    static func sealedSeed(of file: [UInt8]) -> [UInt8] {
        [0] + file[FileFormat.headerSize..<(file.count - FileFormat.footerSize)]
    }

    /// The raw-mode input that reproduces `file`.
    static func rawSeed(of file: [UInt8]) -> [UInt8] {
        [1] + file
    }
}
