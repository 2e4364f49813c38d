// Codec: how fast postings decode, measured through the public API.
//
// The bit-packing codec (`BitPacking`) is internal to Quarry, so these benchmarks decode whole
// posting lists by counting: `Searcher.count` of a single term walks every posting of the term
// (each full block of 128 document ids is bit-unpacked and prefix-summed, then visited once), and
// a conjunction of two dense terms decodes every block of both lists. The rate reported is
// postings visited per second ("decoded ints/s"); it includes the cursor's per-document stepping,
// so it is a lower bound for the raw unpacking speed.
//
// The index is synthetic and built in setup: 262,144 short documents drawn from a seeded generator,
// so document-id gaps (and therefore bit widths) vary the way real posting lists do:
//   alpha  in 1/2 of the documents (gaps ~2, 1–3 bit blocks)
//   beta   in 1/2, independently of alpha
//   gamma  in 1/16 (gaps ~16, 5–7 bit blocks)

import Benchmark
import BenchSupport
import Foundation
@_spi(Benchmarks) import Quarry

/// A small seeded generator (SplitMix64), so the index is the same on every run.
struct SplitMix64 {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

final class CodecIndex: Sendable {
    static let documentCount = 1 << 18
    /// Built once per process, on first use, and shared by the suite's benchmarks.
    static let shared = Result { try CodecIndex() }

    let searcher: Searcher
    /// Parsed single-term and two-term conjunction queries, with the postings each one visits.
    let alpha: Query, beta: Query, gamma: Query, alphaBeta: Query
    let alphaPostings: Int, betaPostings: Int, gammaPostings: Int

    init() throws {
        let folder = try TemporaryFolders.make("codec")
        let writer = try IndexWriter(path: folder, memoryBudget: 256 << 20)
        var random = SplitMix64(state: 7)
        // Filler words, so documents have varied lengths and the dictionary is not trivial.
        let filler = (0..<2_000).map { "w\($0)" }
        for doc in 0..<Self.documentCount {
            let bits = random.next()
            var words: [String] = []
            if bits & 1 == 1 { words.append("alpha") }
            if bits & 2 == 2 { words.append("beta") }
            if (bits >> 2) & 15 == 0 { words.append("gamma") }
            for k in 0..<Int(4 + (bits >> 8) % 8) {
                words.append(filler[Int((bits >> (16 + 4 * UInt64(k % 10))) % UInt64(filler.count))])
            }
            try writer.add(SourceDocument(id: "d\(doc)", title: "", body: words.joined(separator: " ")))
        }
        try writer.forceMerge() // commits, then merges to one segment
        writer.close()
        searcher = try Searcher(indexPath: folder)
        let parser = searcher.parser
        alpha = try parser.parse("alpha", mode: .all)
        beta = try parser.parse("beta", mode: .all)
        gamma = try parser.parse("gamma", mode: .all)
        alphaBeta = try parser.parse("alpha beta", mode: .all)
        // For a single term, the count is its document frequency: every posting of the list.
        alphaPostings = try searcher.count(alpha)
        betaPostings = try searcher.count(beta)
        gammaPostings = try searcher.count(gamma)
    }
}

let benchmarks: @Sendable () -> Void = {
    let decodeRate = rateMetric("decoded ints/s")
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal, decodeRate],
        timeUnits: .microseconds,
        warmupIterations: 3,
        maxDuration: .seconds(2),
        maxIterations: 2_000
    )

    /// Times one count per iteration and records postings visited per second.
    func measureCount(_ benchmark: Benchmark, _ searcher: Searcher, _ query: Query, postings: Int) throws {
        let start = nanoseconds()
        let n = try searcher.count(query)
        let elapsed = nanoseconds() - start
        blackHole(n)
        benchmark.measurement(decodeRate, Int(Double(postings) * 1e9 / Double(max(elapsed, 1))))
    }

    Benchmark("count: one term in 1/2 of docs (131k postings)") { benchmark, index in
        try measureCount(benchmark, index.searcher, index.alpha, postings: index.alphaPostings)
    } setup: {
        try CodecIndex.shared.get()
    }

    Benchmark("count: one term in 1/16 of docs (16k postings)") { benchmark, index in
        try measureCount(benchmark, index.searcher, index.gamma, postings: index.gammaPostings)
    } setup: {
        try CodecIndex.shared.get()
    }

    // Both lists are dense and independent, so the leapfrog loads every block of both: the postings
    // decoded are the two document frequencies together (an upper bound on those visited).
    Benchmark("count: AND of two terms in 1/2 of docs (262k postings)") { benchmark, index in
        try measureCount(benchmark, index.searcher, index.alphaBeta, postings: index.alphaPostings + index.betaPostings)
    } setup: {
        try CodecIndex.shared.get()
    }

    // Raw codec speed: unpack 8,192 blocks (1,048,576 integers) packed at a fixed width, from memory
    // that stays in cache between iterations; with "+ ids", the prefix sum the cursor also runs.
    for width in [1, 4, 8, 12, 20] {
        for gaps in [false, true] {
            let blocks = 8_192
            let count = blocks * CodecBenchmarkSupport.blockSize
            Benchmark("unpack: \(count) ints at \(width) bits\(gaps ? " + ids" : "")") { benchmark, buffers in
                let start = nanoseconds()
                for _ in benchmark.scaledIterations {
                    CodecBenchmarkSupport.unpackBlocks(UnsafeRawBufferPointer(buffers.packed), width: width, blocks: blocks,
                                                       gaps: gaps, into: buffers.output)
                    blackHole(buffers.output[count - 1])
                }
                let elapsed = nanoseconds() - start
                benchmark.measurement(decodeRate, Int(Double(count * benchmark.scaledIterations.count) * 1e9 / Double(max(elapsed, 1))))
            } setup: {
                CodecBuffers(width: width, blocks: blocks)
            }
        }
    }

    // Dense blocks are stored as bitmaps: decode 8,192 of them (1,048,576 ids) with gaps drawn
    // from 1...maxGap (a term in about 2/(maxGap+1) of the documents).
    for maxGap in [2, 4, 8, 16] {
        let blocks = 8_192
        let count = blocks * CodecBenchmarkSupport.blockSize
        Benchmark("bitmap: \(count) ids, gaps 1...\(maxGap)") { benchmark, buffers in
            let start = nanoseconds()
            for _ in benchmark.scaledIterations {
                buffers.bytes.withUnsafeBytes {
                    CodecBenchmarkSupport.decodeBitmapBlocks($0, wordCounts: buffers.wordCounts, into: buffers.output)
                }
                blackHole(buffers.output[count - 1])
            }
            let elapsed = nanoseconds() - start
            benchmark.measurement(decodeRate, Int(Double(count * benchmark.scaledIterations.count) * 1e9 / Double(max(elapsed, 1))))
        } setup: {
            BitmapBuffers(blocks: blocks, maxGap: UInt32(maxGap))
        }
    }

    // The document store's block codec: 4 MiB cut into 64 KiB blocks (the store's block size),
    // each compressed on its own. Rates are raw (uncompressed) bytes per second.
    // CPU time is reported too: on a busy machine it is the steadier figure.
    let byteRate = rateMetric("raw bytes/s")
    let storeConfiguration = Benchmark.Configuration(
        metrics: [.wallClock, .cpuUser, .throughput, byteRate], timeUnits: .microseconds,
        warmupIterations: 3, maxDuration: .seconds(2), maxIterations: 20_000)
    for kind in StoreBlockInput.Kind.allCases {
        Benchmark("store blocks: decompress 4 MiB of \(kind.rawValue)", configuration: storeConfiguration) { benchmark, input in
            let start = nanoseconds()
            for _ in benchmark.scaledIterations {
                let ok = CodecBenchmarkSupport.decompressBlocks(input.blocks, blockSize: StoreBlockInput.blockSize,
                                                                 rawLength: input.raw.count, into: input.output)
                precondition(ok, "a benchmark block did not decode")
                blackHole(input.output[input.raw.count - 1])
            }
            let elapsed = nanoseconds() - start
            benchmark.measurement(byteRate, Int(Double(input.raw.count * benchmark.scaledIterations.count) * 1e9 / Double(max(elapsed, 1))))
        } setup: {
            try StoreBlockInput(kind)
        }

        // One 64 KiB block per iteration: short enough that the best samples are not preempted.
        Benchmark("store blocks: decompress one 64 KiB block of \(kind.rawValue)", configuration: storeConfiguration) { benchmark, input in
            let one = [input.blocks[1]]
            let start = nanoseconds()
            for _ in benchmark.scaledIterations {
                let ok = CodecBenchmarkSupport.decompressBlocks(one, blockSize: StoreBlockInput.blockSize,
                                                                 rawLength: StoreBlockInput.blockSize, into: input.output)
                precondition(ok, "a benchmark block did not decode")
                blackHole(input.output[StoreBlockInput.blockSize - 1])
            }
            let elapsed = nanoseconds() - start
            benchmark.measurement(byteRate, Int(Double(StoreBlockInput.blockSize * benchmark.scaledIterations.count) * 1e9 / Double(max(elapsed, 1))))
        } setup: {
            try StoreBlockInput(kind)
        }

        Benchmark("store blocks: compress 4 MiB of \(kind.rawValue)", configuration: storeConfiguration) { benchmark, input in
            let start = nanoseconds()
            for _ in benchmark.scaledIterations {
                let size = input.raw.withUnsafeBytes {
                    CodecBenchmarkSupport.compressBlocks($0, blockSize: StoreBlockInput.blockSize, scratch: input.scratch)
                }
                blackHole(size)
            }
            let elapsed = nanoseconds() - start
            benchmark.measurement(byteRate, Int(Double(input.raw.count * benchmark.scaledIterations.count) * 1e9 / Double(max(elapsed, 1))))
        } setup: {
            try StoreBlockInput(kind)
        }
    }
}

/// Raw bytes, their compressed 64 KiB blocks and buffers, for the store block codec benchmarks.
final class StoreBlockInput: @unchecked Sendable {
    enum Kind: String, CaseIterable { case text, random }
    static let blockSize = 64 * 1024
    static let rawLength = 4 << 20
    let raw: [UInt8]
    let blocks: [[UInt8]]
    // Overwritten only by the one running benchmark.
    let output: UnsafeMutableRawBufferPointer
    let scratch: UnsafeMutableRawBufferPointer

    init(_ kind: Kind) throws {
        switch kind {
        case .text:
            raw = try CorpusText.english(bytes: Self.rawLength)
        case .random:
            var random = SplitMix64(state: 11)
            raw = (0..<Self.rawLength).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        }
        blocks = CodecBenchmarkSupport.compressBlocks(raw, blockSize: Self.blockSize)
        output = .allocate(byteCount: Self.rawLength, alignment: 16)
        scratch = .allocate(byteCount: CodecBenchmarkSupport.maxCompressedSize(Self.blockSize), alignment: 16)
        let compressed = blocks.reduce(0) { $0 + $1.count }
        print("store blocks, \(kind.rawValue): \(raw.count) bytes -> \(compressed) compressed (\(blocks.count) blocks)")
    }

    deinit {
        output.deallocate()
        scratch.deallocate()
    }
}

/// Bitmap blocks and an output buffer, for the bitmap decoding benchmarks.
final class BitmapBuffers: @unchecked Sendable {
    let bytes: [UInt8]
    let wordCounts: [Int]
    let output: UnsafeMutableBufferPointer<UInt32>

    init(blocks: Int, maxGap: UInt32) {
        (bytes, wordCounts) = CodecBenchmarkSupport.makeBitmapBlocks(blocks: blocks, maxGap: maxGap, seed: UInt64(maxGap))
        output = .allocate(capacity: blocks * CodecBenchmarkSupport.blockSize + 8)
    }

    deinit { output.deallocate() }
}

/// Packed random values of one width and an output buffer, for the raw unpack benchmarks.
final class CodecBuffers: @unchecked Sendable {
    // Written once in init, then only read (packed) or overwritten by the one running benchmark (output).
    let packed: UnsafeMutableRawBufferPointer
    let output: UnsafeMutableBufferPointer<UInt32>

    init(width: Int, blocks: Int) {
        let count = blocks * CodecBenchmarkSupport.blockSize
        var random = SplitMix64(state: UInt64(width))
        let mask: UInt64 = width == 32 ? 0xFFFF_FFFF : (1 << UInt64(width)) - 1
        let values = (0..<count).map { _ in UInt32(truncatingIfNeeded: random.next() & mask) }
        packed = .allocate(byteCount: blocks * CodecBenchmarkSupport.packedBytes(width: width) + 16, alignment: 16)
        output = .allocate(capacity: count)
        values.withUnsafeBufferPointer { CodecBenchmarkSupport.packBlocks($0, width: width, into: packed) }
    }

    deinit {
        packed.deallocate()
        output.deallocate()
    }
}
