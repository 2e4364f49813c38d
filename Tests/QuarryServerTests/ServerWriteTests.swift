import Foundation
import Quarry
import Testing
@testable import QuarryServer

/// Writes through `POST /documents`: authorization, limits, malformed bodies, and searches that see
/// a write after its commit, also while other searches run.
@Suite("Server: writes", .serialized)
struct ServerWriteTests {
    static let key = ServerHarness.apiKey

    @Test func writesNeedTheKeyAndAServerStartedWithOne() async throws {
        let readOnly = try await ServerHarness(documents: ServerHarness.sampleDocuments, apiKey: nil)
        let refused = try await readOnly.client.post("/documents", json: #"{"id":"x","body":"y"}"#, key: Self.key)
        #expect(refused.status == 403 && refused.error?.contains("start the server with --api-key") == true, "\(refused)")
        let refusedDelete = try await readOnly.client.request("DELETE", "/documents/tea", headers: ["Authorization": "Bearer \(Self.key)"])
        #expect(refusedDelete.status == 403, "\(refusedDelete)")
        await readOnly.stop()

        let harness = try await ServerHarness(documents: ServerHarness.sampleDocuments)
        defer { Task { await harness.stop() } }
        let body = #"{"id":"x","body":"y"}"#
        let missing = try await harness.client.post("/documents", json: body)
        #expect(missing.status == 401 && missing.headers["www-authenticate"] == "Bearer", "\(missing)")
        let wrong = try await harness.client.post("/documents", json: body, key: Self.key + "x")
        #expect(wrong.status == 401 && wrong.error == "wrong API key", "\(wrong)")
        let basic = try await harness.client.request("POST", "/documents", headers: ["Authorization": "Basic \(Self.key)"], body: Array(body.utf8))
        #expect(basic.status == 401, "\(basic)")
        let deleteWithoutKey = try await harness.client.request("DELETE", "/documents/tea")
        #expect(deleteWithoutKey.status == 401, "\(deleteWithoutKey)")
        #expect(try await harness.client.get("/search?q=tea").json?["total"] as? Int == 1, "a refused delete deleted nothing")
    }

    @Test func aReadOnlyServerFollowsCommitsOfAnotherWriter() async throws {
        let harness = try await ServerHarness(documents: ServerHarness.sampleDocuments, apiKey: nil, commitInterval: .milliseconds(200))
        defer { Task { await harness.stop() } }
        #expect(try await harness.client.get("/search?q=obsidian").json?["total"] as? Int == 0)
        // Another process (here: a writer in this one) updates the index the server reads.
        let writer = try IndexWriter(path: harness.indexPath, mode: .append)
        try writer.add(SourceDocument(id: "rocks/obsidian", title: "Obsidian", body: "Obsidian is volcanic glass."))
        _ = try writer.delete(id: "tea")
        try writer.commit()
        writer.close()
        var seen = false
        let started = ContinuousClock.now
        while !seen && ContinuousClock.now - started < .seconds(5) {
            try await Task.sleep(for: .milliseconds(100))
            let obsidian = try await harness.client.get("/search?q=obsidian").json?["total"] as? Int
            let tea = try await harness.client.get("/search?q=tea").json?["total"] as? Int
            seen = obsidian == 1 && tea == 0
        }
        #expect(seen, "the server opened the new commit")
        #expect(try await harness.client.get("/health").json?["documents"] as? Int == 5)
    }

    @Test func deletesAndReplacementsAreSeenAfterTheCommit() async throws {
        let harness = try await ServerHarness(documents: ServerHarness.sampleDocuments, commitInterval: .milliseconds(200))
        defer { Task { await harness.stop() } }
        let delete = try await harness.client.request("DELETE", "/documents/tea", headers: ["Authorization": "Bearer \(Self.key)"])
        #expect(delete.status == 200 && delete.text == #"{"id":"tea","deleted":true}"#, "\(delete)")
        let again = try await harness.client.request("DELETE", "/documents/tea", headers: ["Authorization": "Bearer \(Self.key)"])
        #expect(again.status == 200 && again.text == #"{"id":"tea","deleted":false}"#, "deleting twice: \(again)")
        // Posting an id that is live replaces the document: one copy, the new text.
        let replaced = try await harness.client.post(
            "/documents", json: #"{"id":"rocks/basalt","title":"Basalt","body":"Basalt, rewritten: obsidian nearby."}"#, key: Self.key)
        #expect(replaced.status == 202, "\(replaced)")
        var done = false
        let started = ContinuousClock.now
        while !done && ContinuousClock.now - started < .seconds(5) {
            try await Task.sleep(for: .milliseconds(100))
            let tea = try await harness.client.get("/search?q=tea").json?["total"] as? Int
            let basalt = try await harness.client.get("/search?q=basalt").json?["total"] as? Int
            let obsidian = try await harness.client.get("/search?q=obsidian").json?["total"] as? Int
            done = tea == 0 && basalt == 1 && obsidian == 1
        }
        #expect(done, "the delete and the replacement are visible after the commit")
        let stats = try await harness.client.get("/stats")
        #expect(stats.json?["documents"] as? Int == 4, "\(stats)")
        let document = try await harness.client.get("/documents/rocks%2Fbasalt")
        #expect(document.json?["body"] as? String == "Basalt, rewritten: obsidian nearby.", "\(document)")
    }

    @Test func malformedAndOversizedBodiesAreRefused() async throws {
        var limits = ServerLimits()
        limits.maximumBodyBytes = 4096
        let harness = try await ServerHarness(documents: ServerHarness.sampleDocuments, limits: limits)
        defer { Task { await harness.stop() } }
        let cases: [(String, String)] = [
            ("", "the body is empty"),
            ("{\"id\": \"a\", ", "malformed JSON"),
            ("[{\"id\": \"a\"}]", "expected a JSON object"),
            ("{\"title\": \"t\"}", "missing \"id\""),
            ("{\"id\": 7}", "\"id\" must be a string"),
            ("{\"id\": \"\"}", "\"id\" must not be empty"),
            ("{\"id\": \"a\", \"body\": 3}", "\"body\" must be a string"),
            ("{\"id\": \"a\", \"tags\": []}", "unknown key \"tags\""),
            ("{\"id\": \"\(String(repeating: "é", count: 257))\"}", "longer than 256 characters"),
            ("{\"id\": \"a\"}\n{\"id\": \"b\"}\n\n{\"id\": \"c\"\n", "line 4: malformed JSON"),
            ("{\"id\": \"a\"}\n[1]\n", "line 2: expected a JSON object"),
        ]
        for (body, message) in cases {
            let reply = try await harness.client.post("/documents", json: body, key: Self.key)
            #expect(reply.status == 400, "\(body): \(reply)")
            #expect(reply.error?.contains(message) == true, "\(body): \(reply)")
        }
        let large = "{\"id\": \"big\", \"body\": \"\(String(repeating: "word ", count: 1000))\"}"
        let tooLarge = try await harness.client.post("/documents", json: large, key: Self.key)
        #expect(tooLarge.status == 413 && tooLarge.error == "the request body is larger than 4096 bytes", "\(tooLarge)")
        // Nothing of the refused requests was written.
        try await Task.sleep(for: .milliseconds(700))
        let stats = try await harness.client.get("/stats")
        #expect(stats.json?["documents"] as? Int == 5 && stats.json?["pending_documents"] as? Int == 0, "\(stats)")
    }

    @Test func aWriteIsSearchableWithinTwoSeconds() async throws {
        // The default commit interval, as `quarry serve` runs.
        let harness = try await ServerHarness(documents: ServerHarness.sampleDocuments, commitInterval: .seconds(1))
        defer { Task { await harness.stop() } }
        let before = try await harness.client.get("/search?q=obsidian")
        #expect(before.json?["total"] as? Int == 0)
        let started = ContinuousClock.now
        let accepted = try await harness.client.post(
            "/documents", json: "{\"id\":\"rocks/obsidian\",\"title\":\"Obsidian\",\"body\":\"Obsidian is volcanic glass.\"}\n{\"id\":\"rocks/pumice\",\"body\":\"Pumice floats.\"}\n",
            key: Self.key)
        #expect(accepted.status == 202 && accepted.text == #"{"accepted":2,"pending":2}"#, "\(accepted)")
        var seen = false
        while ContinuousClock.now - started < .seconds(2) {
            let reply = try await harness.client.get("/search?q=obsidian+pumice")
            if reply.json?["total"] as? Int == 2 { seen = true; break }
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(seen, "the write was not searchable within 2 s")
        let document = try await harness.client.get("/documents/rocks%2Fobsidian")
        #expect(document.json?["body"] as? String == "Obsidian is volcanic glass.", "\(document)")
        let one = try await harness.client.post("/documents", json: "{\n  \"id\": \"pretty\",\n  \"body\": \"spread over lines\"\n}", key: Self.key)
        #expect(one.status == 202 && one.json?["accepted"] as? Int == 1, "one object over several lines is one document: \(one)")
        let health = try await harness.client.get("/health")
        #expect((health.json?["generation"] as? Int ?? 0) >= 2, "\(health)")
    }

    @Test func searchesDuringWritesSeeWholeCommits() async throws {
        let harness = try await ServerHarness(documents: ServerHarness.sampleDocuments, commitInterval: .milliseconds(100))
        defer { Task { await harness.stop() } }
        let batches = 12, batchSize = 5
        let client = harness.client
        let writer = Task {
            for batch in 0..<batches {
                let lines = (0..<batchSize).map { "{\"id\":\"z-\(batch)-\($0)\",\"title\":\"zebra \(batch)\",\"body\":\"zebra stripes \($0)\"}" }
                let reply = try await client.post("/documents", json: lines.joined(separator: "\n"), key: Self.key)
                guard reply.status == 202 else { throw TestHTTPClient.Failure(description: "post: \(reply)") }
                try await Task.sleep(for: .milliseconds(60))
            }
        }
        // Four concurrent searchers: every answer is complete JSON, and since a batch is committed
        // whole, every answer holds whole batches: batches 0..<n, each with all its documents.
        let counts = try await withThrowingTaskGroup(of: [Int].self) { group in
            for _ in 0..<4 {
                group.addTask {
                    var seen: [Int] = []
                    for _ in 0..<40 {
                        let reply = try await client.get("/search?q=zebra&k=1000")
                        guard reply.status == 200, let json = reply.json, let hits = json["hits"] as? [[String: Any]],
                              let total = json["total"] as? Int else { throw TestHTTPClient.Failure(description: "search: \(reply)") }
                        let ids = Set(hits.compactMap { $0["id"] as? String })
                        let batchesSeen = ids.count / batchSize
                        let expected = Set((0..<batchesSeen).flatMap { b in (0..<batchSize).map { "z-\(b)-\($0)" } })
                        guard total == hits.count, ids.count % batchSize == 0, ids == expected else {
                            throw TestHTTPClient.Failure(description: "torn result: total \(total), ids \(ids.sorted())")
                        }
                        seen.append(ids.count)
                    }
                    return seen
                }
            }
            var all: [Int] = []
            for try await seen in group {
                #expect(seen == seen.sorted(), "a later search saw fewer documents: \(seen)")
                all += seen
            }
            return all
        }
        try await writer.value
        #expect(counts.count == 160)
        var final = 0
        for _ in 0..<40 where final < batches * batchSize {
            final = try await client.get("/search?q=zebra&k=1000").json?["total"] as? Int ?? 0
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(final == batches * batchSize)
    }

    @Test func commitsMergeSegmentsAfterTheConfiguredCount() async throws {
        let harness = try await ServerHarness(documents: ServerHarness.sampleDocuments, commitInterval: .milliseconds(50), mergeAfterCommits: 2)
        defer { Task { await harness.stop() } }
        var segments: [Int] = []
        for round in 0..<4 {
            let reply = try await harness.client.post("/documents", json: "{\"id\":\"m\(round)\",\"body\":\"merged mica \(round)\"}", key: Self.key)
            #expect(reply.status == 202, "\(reply)")
            var total = 0
            for _ in 0..<100 where total < round + 1 {
                try await Task.sleep(for: .milliseconds(20))
                total = try await harness.client.get("/search?q=mica").json?["total"] as? Int ?? 0
            }
            #expect(total == round + 1)
            // The merge (every second commit) is published right after the commit it follows.
            let expected = round % 2 == 0 ? 2 : 1
            var count = -1
            for _ in 0..<100 where count != expected {
                count = try await harness.client.get("/stats").json?["segments"] as? Int ?? -1
                if count != expected { try await Task.sleep(for: .milliseconds(20)) }
            }
            segments.append(count)
        }
        // One segment built at start; commits add one each; every second commit merges them all.
        #expect(segments == [2, 1, 2, 1], "\(segments)")
    }
}
