import Foundation
import Testing

/// `quarry index --analyzer/--stopwords`, `quarry stats` and searches through the stored analyzer.
@Suite struct AnalyzerCLITests {
    @Test func englishIndexWithStopwords() async throws {
        let dir = TemporaryDirectory("quarry-analyzer")
        try Fixture.write("Runners\n\nThe runners were running in the park.\n", to: dir.sub("docs/a.txt"))
        try Fixture.write("中文\n\n我们在北京大学学习中文\n", to: dir.sub("docs/b.txt"))
        let index = dir.sub("index")
        let build = try await QuarryCLI.run(["index", dir.sub("docs"), "--index", index, "--analyzer", "english", "--stopwords", "english"])
        #expect(build.succeeded, "\(build)")

        let stats = try await QuarryCLI.run(["stats", "--index", index])
        #expect(stats.stdout.contains("analyzer          english, english stopwords"), "\(stats)")
        let json = try await QuarryCLI.run(["stats", "--index", index, "--json"]).json()
        let analyzer = json["analyzer"] as? [String: Any]
        #expect(analyzer?["name"] as? String == "english")
        #expect(analyzer?["stopwords"] as? String == "english")

        let run = try await QuarryCLI.run(["search", "run", "--index", index])
        #expect(run.succeeded && run.stdout.contains("a.txt"), "\(run)")
        let beijing = try await QuarryCLI.run(["search", "北京", "--index", index])
        #expect(beijing.succeeded && beijing.stdout.contains("b.txt") && !beijing.stdout.contains("a.txt"), "\(beijing)")
    }

    @Test func englishRemovesStopwordsUnlessToldNone() async throws {
        let dir = TemporaryDirectory("quarry-analyzer")
        try Fixture.write("Title\n\nthe bank of the river\n", to: dir.sub("docs/a.txt"))
        for (extra, expected) in [([String](), "english stopwords"), (["--stopwords", "none"], "no stopwords")] {
            let index = dir.sub("index-\(extra.count)")
            let build = try await QuarryCLI.run(["index", dir.sub("docs"), "--index", index, "--analyzer", "english"] + extra)
            #expect(build.succeeded, "\(build)")
            let json = try await QuarryCLI.run(["stats", "--index", index, "--json"]).json()
            let analyzer = json["analyzer"] as? [String: Any]
            let stopwords = analyzer?["stopwords"] as? String
            #expect(expected == "english stopwords" ? stopwords == "english" : (stopwords == nil || stopwords == "" || stopwords == "none"), "\(json)")
            let the = try await QuarryCLI.run(["search", "--count", "the", "--index", index])
            if expected == "english stopwords" {
                #expect(!the.succeeded, "a stopword alone has nothing to search: \(the)")
            } else {
                #expect(the.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "1", "\(the)")
            }
        }
    }

    @Test func unknownAnalyzerOrStopwordsIsRejected() async throws {
        let dir = TemporaryDirectory("quarry-analyzer")
        try Fixture.write("x\n\ny\n", to: dir.sub("docs/a.txt"))
        let bad = try await QuarryCLI.run(["index", dir.sub("docs"), "--index", dir.sub("index"), "--analyzer", "klingon"])
        #expect(!bad.succeeded && bad.stderr.contains("unknown analyzer \"klingon\"") && bad.stderr.contains("plain, english"), "\(bad)")
        let badStop = try await QuarryCLI.run(["index", dir.sub("docs"), "--index", dir.sub("index"), "--stopwords", "x"])
        #expect(!badStop.succeeded && badStop.stderr.contains("unknown stopword list"), "\(badStop)")
        #expect(!FileManager.default.fileExists(atPath: dir.sub("index") + "/quarry.manifest"))
    }
}

/// `quarry index --store-compression`: the level is kept, shown by `stats`, and an unknown one is refused.
@Suite struct StoreCompressionCLITests {
    @Test func highLevelIsKeptAndShown() async throws {
        let dir = TemporaryDirectory("quarry-store-compression")
        try Fixture.write("Granite\n\nThe granite quarry by the river shipped stone north.\n", to: dir.sub("docs/a.txt"))
        let index = dir.sub("index")
        let build = try await QuarryCLI.run(["index", dir.sub("docs"), "--index", index, "--store-compression", "high"])
        #expect(build.succeeded, "\(build)")
        let stats = try await QuarryCLI.run(["stats", "--index", index])
        #expect(stats.stdout.contains("store             high compression"), "\(stats)")
        // A later run without the option keeps the index's level.
        try Fixture.write("River\n\nThe river ran past the quarry.\n", to: dir.sub("docs/b.txt"))
        #expect(try await QuarryCLI.run(["index", dir.sub("docs"), "--index", index]).succeeded)
        let json = try await QuarryCLI.run(["stats", "--index", index, "--json"]).json()
        #expect(json["store_compression"] as? String == "high", "\(json)")
        #expect(json["documents"] as? Int == 2)
        let search = try await QuarryCLI.run(["search", "granite", "--index", index])
        #expect(search.succeeded && search.stdout.contains("a.txt"), "\(search)")

        let bad = try await QuarryCLI.run(["index", dir.sub("docs"), "--index", index, "--store-compression", "max"])
        #expect(!bad.succeeded && bad.stderr.contains("unknown store compression \"max\""), "\(bad)")
    }

    /// The DEFLATE level: shown by `stats`, documents and snippets read back.
    @Test func deflateLevelReadsBack() async throws {
        let dir = TemporaryDirectory("quarry-store-deflate")
        try Fixture.write("Granite\n\nThe granite quarry by the river shipped stone north.\n", to: dir.sub("docs/a.txt"))
        let index = dir.sub("index")
        #expect(try await QuarryCLI.run(["index", dir.sub("docs"), "--index", index, "--store-compression", "DEFLATE"]).succeeded)
        let stats = try await QuarryCLI.run(["stats", "--index", index])
        #expect(stats.stdout.contains("store             deflate compression"), "\(stats)")
        let search = try await QuarryCLI.run(["search", "granite", "--index", index])
        #expect(search.succeeded && search.stdout.contains("[granite] quarry by the river"), "\(search)")
        let get = try await QuarryCLI.run(["get", "a.txt", "--index", index])
        #expect(get.stdout.contains("shipped stone north."), "\(get)")
    }
}
