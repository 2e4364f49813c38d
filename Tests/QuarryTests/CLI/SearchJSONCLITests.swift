import Foundation
import Testing

/// `quarry search --json` writes its keys in a fixed order; `--explain` adds each hit's score breakdown;
/// snippets come from the field that matched.
@Suite struct SearchJSONCLITests {
    /// Per JSON object, in the order the objects open, its keys in the order written.
    static func keysInOrder(_ json: String) -> [[String]] {
        let scalars = Array(json.unicodeScalars)
        var objects: [[String]] = []
        var open: [Int] = []
        var i = 0
        while i < scalars.count {
            switch scalars[i] {
            case "{":
                open.append(objects.count)
                objects.append([])
            case "}":
                open.removeLast()
            case "\"":
                var text = String.UnicodeScalarView()
                i += 1
                while scalars[i] != "\"" {
                    if scalars[i] == "\\" { i += 1 }
                    text.append(scalars[i])
                    i += 1
                }
                var j = i + 1
                while j < scalars.count && scalars[j] == " " { j += 1 }
                if j < scalars.count && scalars[j] == ":", let current = open.last { objects[current].append(String(text)) }
            default:
                break
            }
            i += 1
        }
        return objects
    }

    static func buildIndex(in dir: TemporaryDirectory) async throws -> String {
        try Fixture.write("Granite quarry\nGranite is a hard rock cut in a quarry.\n", to: dir.sub("docs/a.txt"))
        try Fixture.write("Marble\nMarble and granite tiles.\n", to: dir.sub("docs/b.txt"))
        try Fixture.write("Basalt columns\nHexagonal shapes formed by cooling lava.\n", to: dir.sub("docs/c.txt"))
        let result = try await QuarryCLI.run(["index", dir.sub("docs"), "--index", dir.sub("index")])
        try #require(result.succeeded, "\(result)")
        return dir.sub("index")
    }

    @Test func keysComeInTheDocumentedOrder() async throws {
        let dir = TemporaryDirectory("quarry-json-order")
        let index = try await Self.buildIndex(in: dir)
        for explain in [false, true] {
            let result = try await QuarryCLI.run(["search", "granite -slate", "--index", index, "--json"] + (explain ? ["--explain"] : []))
            try #require(result.succeeded, "\(result)")
            let objects = Self.keysInOrder(result.stdout)
            #expect(objects.first == ["query", "total", "total_is_lower_bound", "took_us", "hits"], "\(result.stdout)")
            let hits = objects.filter { $0.first == "rank" }
            #expect(hits.count == 2)
            let hitKeys = ["rank", "score", "id", "title", "snippet", "highlights"] + (explain ? ["explanation"] : [])
            for keys in hits { #expect(keys == hitKeys, "\(result.stdout)") }
            let nodes = objects.filter { $0.first == "value" }
            #expect(explain ? nodes.count > 10 : nodes.isEmpty)
            for keys in nodes { #expect(keys == ["value", "description", "details"]) }
            // Still one valid JSON object, and each explanation adds up to its hit's score.
            let report = try result.json()
            for hit in try #require(report["hits"] as? [[String: Any]]) {
                guard explain else { continue }
                let score = try #require((hit["score"] as? NSNumber)?.doubleValue)
                let explanation = try #require(hit["explanation"] as? [String: Any])
                let value = try #require((explanation["value"] as? NSNumber)?.doubleValue)
                #expect(abs(value - score) < 1e-3, "\(hit)")
                #expect((explanation["details"] as? [Any])?.isEmpty == false)
            }
        }
    }

    @Test func explainPrintsTheBreakdownUnderEachHit() async throws {
        let dir = TemporaryDirectory("quarry-explain-cli")
        let index = try await Self.buildIndex(in: dir)
        let result = try await QuarryCLI.run(["search", "granite", "--index", index, "--explain"])
        try #require(result.succeeded, "\(result)")
        let lines = result.stdoutLines
        let first = try #require(lines.firstIndex { $0.hasPrefix("1. ") })
        #expect(lines[first + 2].hasPrefix("     ") && lines[first + 2].contains("= sum of the matching clauses"), "\(result.stdout)")
        #expect(lines.contains { $0.contains("= text:granite in document") })
        #expect(lines.contains { $0.contains("= n, documents containing the term") })
        let plain = try await QuarryCLI.run(["search", "granite", "--index", index])
        #expect(!plain.stdout.contains("sum of the matching clauses"))
        let refused = try await QuarryCLI.run(["search", "granite", "--index", index, "--explain", "--count"])
        #expect(refused.exitedCleanly && refused.status != 0, "\(refused)")
    }

    @Test func snippetComesFromTheTitleWhenOnlyTheTitleMatched() async throws {
        let dir = TemporaryDirectory("quarry-snippet-cli")
        let index = try await Self.buildIndex(in: dir)
        let result = try await QuarryCLI.run(["search", "basalt", "--index", index, "--json"])
        try #require(result.succeeded, "\(result)")
        let hits = try #require(try result.json()["hits"] as? [[String: Any]])
        #expect(hits.first?["snippet"] as? String == "Basalt columns", "\(result.stdout)")
        let body = try await QuarryCLI.run(["search", "granite", "--index", index, "--json"])
        let bodyHits = try #require(try body.json()["hits"] as? [[String: Any]])
        #expect(bodyHits.first?["snippet"] as? String == "Granite is a hard rock cut in a quarry.", "\(body.stdout)")
    }
}
