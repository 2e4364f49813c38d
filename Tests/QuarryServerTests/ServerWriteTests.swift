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
            ("{\"id\": \"a\", ", "expected a string key (column 13)"),
            ("[{\"id\": \"a\"}]", "expected '{' at the start of the line (column 1)"),
            ("{\"title\": \"t\"}", "missing \"id\""),
            ("{\"id\": true}", "\"id\" must be a string or a number"),
            ("{\"id\": \"\"}", "empty \"id\""),
            ("{\"id\": \"a\", \"body\": 3}", "\"body\" must be a string or null"),
            ("{\"id\": \"a\", \"tags\": [1 2]}", "expected ',' or ']' after a value"),
            ("{\"id\": \"a\", \"body\": \"\u{1}\"}", "unescaped control character"),
            ("{\"id\": \"\(String(repeating: "é", count: 257))\"}", "longer than 256 characters"),
            ("{\"id\": \"a\"}\n{\"id\": \"b\"}\n\n{\"id\": \"c\"\n", "line 4: unterminated object (column 11)"),
            ("{\"id\": \"a\"}\n[1]\n", "line 2: expected '{' at the start of the line"),
            // One object over several lines: the line and column of the problem in it.
            ("{\n  \"id\": \"a\",\n  \"title\": 5\n}", "line 3: \"title\" must be a string or null (column 12)"),
            ("{\"id\": \"a\", \"body\": \"\\ud800 lone\"}", "not valid UTF-8"),
        ]
        for (body, message) in cases {
            let reply = try await harness.client.post("/documents", json: body, key: Self.key)
            #expect(reply.status == 400, "\(body): \(reply)")
            #expect(reply.error?.contains(message) == true, "\(body): \(reply)")
        }
        let invalidUTF8 = try await harness.client.request("POST", "/documents", headers: ["Authorization": "Bearer \(Self.key)"],
                                                           body: Array(#"{"id": "a", "body": "caf"#.utf8) + [0xE9] + Array(#""}"#.utf8))
        #expect(invalidUTF8.status == 400 && invalidUTF8.error?.contains("not valid UTF-8") == true, "\(invalidUTF8)")
        let large = "{\"id\": \"big\", \"body\": \"\(String(repeating: "word ", count: 1000))\"}"
        let tooLarge = try await harness.client.post("/documents", json: large, key: Self.key)
        #expect(tooLarge.status == 413 && tooLarge.error == "the request body is larger than 4096 bytes", "\(tooLarge)")
        // Nothing of the refused requests was written.
        try await Task.sleep(for: .milliseconds(700))
        let stats = try await harness.client.get("/stats")
        #expect(stats.json?["documents"] as? Int == 5 && stats.json?["pending_documents"] as? Int == 0, "\(stats)")
    }

    @Test func postedDocumentsCarryTheIndexsExtraFields() async throws {
        let harness = try await ServerHarness(documents: ServerHarness.sampleDocuments, extraFields: ["author", "tags"])
        defer { Task { await harness.stop() } }
        // As in JSON Lines for `quarry index`: a string as it is, an array's strings joined with
        // spaces, another value empty; members the index has no field for are ignored.
        let body = """
            {"id":"poems/ode","title":"Ode to granite","body":"A hard stone.","author":"Ann Lee","tags":["verse",3,"stone",null],"year":1887,"meta":{"author":"Nobody"}}
            {"id":"notes/plain","body":"Plain notes.","author":42,"tags":"memo"}
            {"id":17,"title":null,"body":"A numbered note."}
            """
        let posted = try await harness.client.post("/documents?wait=true", json: body, key: Self.key)
        #expect(posted.status == 200 && posted.json?["accepted"] as? Int == 3, "\(posted)")
        let byAuthor = try await harness.client.get("/search?q=author:lee")
        let hits = byAuthor.json?["hits"] as? [[String: Any]] ?? []
        #expect(byAuthor.json?["total"] as? Int == 1 && hits.first?["id"] as? String == "poems/ode", "\(byAuthor)")
        #expect(hits.first?["fields"] as? [String: String] == ["author": "Ann Lee", "tags": "verse stone"], "\(byAuthor)")
        let byTag = try await harness.client.get("/search?q=tags:memo")
        #expect((byTag.json?["hits"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == ["notes/plain"], "\(byTag)")
        let nested = try await harness.client.get("/search?q=author:nobody")
        #expect(nested.json?["total"] as? Int == 0, "a member inside another is not the field: \(nested)")
        let ode = try await harness.client.get("/documents/poems%2Fode")
        #expect(ode.text == #"{"id":"poems/ode","title":"Ode to granite","body":"A hard stone.","fields":{"author":"Ann Lee","tags":"verse stone"}}"#, "\(ode)")
        let plain = try await harness.client.get("/documents/notes%2Fplain")
        #expect(plain.json?["fields"] as? [String: String] == ["author": "", "tags": "memo"], "\(plain)")
        let numbered = try await harness.client.get("/documents/17")
        #expect(numbered.text == #"{"id":"17","title":"","body":"A numbered note.","fields":{"author":"","tags":""}}"#, "\(numbered)")
        // Replacing a document without the fields leaves them empty.
        let replaced = try await harness.client.post("/documents?wait=true", json: #"{"id":"poems/ode","body":"Rewritten."}"#, key: Self.key)
        #expect(replaced.status == 200, "\(replaced)")
        #expect(try await harness.client.get("/search?q=author:lee").json?["total"] as? Int == 0)
        #expect(try await harness.client.get("/documents/poems%2Fode").json?["fields"] as? [String: String] == ["author": "", "tags": ""])
    }

    @Test func aPostWithWaitIsVisibleToTheVeryNextSearch() async throws {
        let harness = try await ServerHarness(documents: ServerHarness.sampleDocuments, commitInterval: .seconds(1))
        defer { Task { await harness.stop() } }
        let initial = try #require(try await harness.client.get("/health").json?["generation"] as? Int)
        var generations: [Int] = []
        // The first write is committed at once; the second within the commit interval after it.
        for word in ["obsidian", "pumice"] {
            let reply = try await harness.client.post("/documents?wait=true", json: "{\"id\":\"rocks/\(word)\",\"body\":\"\(word) is volcanic\"}", key: Self.key)
            let generation = try #require(reply.json?["generation"] as? Int, "\(reply)")
            #expect(reply.status == 200 && reply.text == "{\"accepted\":1,\"generation\":\(generation)}", "\(reply)")
            // No sleep: the answer came once the commit was published.
            let search = try await harness.client.get("/search?q=\(word)")
            #expect(search.json?["total"] as? Int == 1, "\(word) right after wait=true: \(search)")
            #expect(try await harness.client.get("/health").json?["generation"] as? Int == generation)
            generations.append(generation)
        }
        #expect(generations[0] > initial && generations[1] > generations[0], "\(initial), \(generations)")
        // Without wait, the answer comes before the commit, which waits out the interval.
        let unwaited = try await harness.client.post("/documents?wait=false", json: #"{"id":"rocks/scoria","body":"scoria"}"#, key: Self.key)
        #expect(unwaited.status == 202 && unwaited.text == #"{"accepted":1,"pending":1}"#, "\(unwaited)")
        #expect(try await harness.client.get("/search?q=scoria").json?["total"] as? Int == 0)
    }

    @Test func aDeleteWithWaitIsVisibleToTheVeryNextSearch() async throws {
        let harness = try await ServerHarness(documents: ServerHarness.sampleDocuments, commitInterval: .seconds(1))
        defer { Task { await harness.stop() } }
        // A first commit, so that the next one waits out the commit interval.
        let first = try await harness.client.post("/documents?wait=true", json: #"{"id":"rocks/obsidian","body":"obsidian"}"#, key: Self.key)
        let firstGeneration = try #require(first.json?["generation"] as? Int, "\(first)")
        let auth = ["Authorization": "Bearer \(Self.key)"]
        let delete = try await harness.client.request("DELETE", "/documents/tea?wait=true", headers: auth)
        let generation = try #require(delete.json?["generation"] as? Int, "\(delete)")
        #expect(delete.status == 200 && delete.text == "{\"id\":\"tea\",\"deleted\":true,\"generation\":\(generation)}", "\(delete)")
        #expect(generation > firstGeneration)
        #expect(try await harness.client.get("/search?q=tea").json?["total"] as? Int == 0)
        #expect(try await harness.client.get("/documents/tea").status == 404)
        // Deleting an id no document has, with nothing pending: the current commit, at once.
        let again = try await harness.client.request("DELETE", "/documents/tea?wait=true", headers: auth)
        #expect(again.status == 200 && again.text == "{\"id\":\"tea\",\"deleted\":false,\"generation\":\(generation)}", "\(again)")
        // With writes pending, even a delete that found nothing waits for their commit: an earlier
        // delete of the same id (another client's, say) is visible once it answers.
        let added = try await harness.client.post("/documents", json: #"{"id":"rocks/pumice","body":"pumice"}"#, key: Self.key)
        let earlier = try await harness.client.request("DELETE", "/documents/rocks%2Fgranite", headers: auth)
        #expect(added.status == 202 && earlier.text == #"{"id":"rocks/granite","deleted":true}"#, "\(added) \(earlier)")
        let late = try await harness.client.request("DELETE", "/documents/rocks%2Fgranite?wait=true", headers: auth)
        let lateGeneration = try #require(late.json?["generation"] as? Int, "\(late)")
        #expect(late.json?["deleted"] as? Bool == false && lateGeneration > generation, "\(late)")
        #expect(try await harness.client.get("/documents/rocks%2Fgranite").status == 404)
        #expect(try await harness.client.get("/search?q=pumice").json?["total"] as? Int == 1)
    }

    @Test func badWaitValuesAreRefusedAndWriteNothing() async throws {
        let harness = try await ServerHarness(documents: ServerHarness.sampleDocuments)
        defer { Task { await harness.stop() } }
        let auth = ["Authorization": "Bearer \(Self.key)"]
        let document = Array(#"{"id":"refused","body":"zircon"}"#.utf8)
        let cases: [(String, String, String)] = [
            ("POST", "/documents?wait=yes", "'wait' must be true or false, got 'yes'"),
            ("POST", "/documents?wait=TRUE", "'wait' must be true or false, got 'TRUE'"),
            ("POST", "/documents?wait", "'wait' must be true or false, got ''"),
            ("POST", "/documents?wait=true&wait=true", "query parameter 'wait' is given more than once"),
            ("POST", "/documents?wait=true&sync=true", "unknown query parameter 'sync' (allowed: wait)"),
            ("DELETE", "/documents/tea?wait=1", "'wait' must be true or false, got '1'"),
            ("DELETE", "/documents/tea?later=true", "unknown query parameter 'later' (allowed: wait)"),
            ("GET", "/documents/tea?wait=true", "unknown query parameter 'wait': this endpoint takes none"),
        ]
        for (method, target, message) in cases {
            let reply = try await harness.client.request(method, target, headers: auth, body: method == "POST" ? document : [])
            #expect(reply.status == 400 && reply.error == message, "\(method) \(target): \(reply)")
        }
        // Had a refused write been taken, this commit would hold it.
        let accepted = try await harness.client.post("/documents?wait=true", json: #"{"id":"kept","body":"quartz"}"#, key: Self.key)
        #expect(accepted.status == 200, "\(accepted)")
        #expect(try await harness.client.get("/search?q=quartz").json?["total"] as? Int == 1)
        #expect(try await harness.client.get("/search?q=zircon").json?["total"] as? Int == 0)
        #expect(try await harness.client.get("/search?q=tea").json?["total"] as? Int == 1)
    }

    @Test func aWaitThatRunsOutSaysTheWriteIsStillPending() async throws {
        var limits = ServerLimits()
        limits.maximumWriteWait = .seconds(2)
        let harness = try await ServerHarness(documents: ServerHarness.sampleDocuments, limits: limits, commitInterval: .seconds(60))
        defer { Task { await harness.stop() } }
        // The first write is committed at once; the next one not before the 60 s interval is out.
        let first = try await harness.client.post("/documents?wait=true", json: #"{"id":"early","body":"feldspar"}"#, key: Self.key)
        #expect(first.status == 200, "\(first)")
        let late = try await harness.client.post("/documents?wait=true", json: #"{"id":"late","body":"mica"}"#, key: Self.key)
        #expect(late.status == 503 && late.json?["write"] as? String == "pending", "\(late)")
        #expect(late.error?.hasPrefix("the write was accepted but its commit was not published within 2 s: it is still pending") == true, "\(late)")
        let stats = try await harness.client.get("/stats")
        #expect(stats.json?["pending_documents"] as? Int == 1, "\(stats)")
        #expect(try await harness.client.get("/search?q=feldspar").json?["total"] as? Int == 1)
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

    /// An index over the merge limit is never merged whole by the server: each commit's segment
    /// stays until the tiered merges (8 of similar size) take it, so writes never rewrite it all.
    @Test func indexesOverTheMergeLimitAreNotMergedWhole() async throws {
        let harness = try await ServerHarness(documents: ServerHarness.sampleDocuments, commitInterval: .milliseconds(50),
                                              mergeAfterCommits: 2, mergeLimitBytes: 1)
        defer { Task { await harness.stop() } }
        var segments: [Int] = []
        for round in 0..<4 {
            let reply = try await harness.client.post("/documents", json: "{\"id\":\"w\(round)\",\"body\":\"whole mica \(round)\"}", key: Self.key)
            #expect(reply.status == 202, "\(reply)")
            var count = -1
            for _ in 0..<100 where count != round + 2 {
                count = try await harness.client.get("/stats").json?["segments"] as? Int ?? -1
                if count != round + 2 { try await Task.sleep(for: .milliseconds(20)) }
            }
            segments.append(count)
        }
        #expect(segments == [2, 3, 4, 5], "\(segments)")
        let total = try await harness.client.get("/search?q=mica").json?["total"] as? Int
        #expect(total == 4)
    }
}
