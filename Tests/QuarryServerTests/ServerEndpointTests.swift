import Foundation
import Quarry
import QuarryJSON
import Testing
@testable import QuarryServer

/// Every read endpoint of `quarry serve`, started in-process on a free port.
@Suite("Server: read endpoints", .serialized)
struct ServerEndpointTests {
    @Test func searchAnswersTheJSONOfTheCommandLine() async throws {
        let harness = try await ServerHarness(documents: ServerHarness.sampleDocuments)
        defer { Task { await harness.stop() } }
        let reply = try await harness.client.get("/search?q=granite+rock&k=3")
        #expect(reply.status == 200, "\(reply)")
        #expect(reply.headers["content-type"] == "application/json; charset=utf-8")
        // The same object `quarry search --json` builds, keys in the same order, bar the time taken.
        let searcher = try Searcher(indexPath: harness.indexPath)
        let parsed = try searcher.parser.parse("granite rock", mode: .any)
        let results = try searcher.search(parsed, options: SearchOptions(limit: 3))
        let builder = SnippetBuilder(analyzer: searcher.reader.analyzer)
        let shown = try results.hits.map { hit in
            let document = try searcher.document(hit)
            return ShownHit(hit: hit, document: document, snippet: builder.snippet(for: document, terms: searcher.highlightTerms(parsed)))
        }
        let took = try #require(reply.json?["took_us"] as? Int)
        let expected = SearchReport.json(query: "granite rock", results: results, tookMicroseconds: took, hits: shown).text
        #expect(reply.text == expected)
        let hits = try #require(reply.json?["hits"] as? [[String: Any]])
        #expect(hits.map { $0["id"] as? String } == ["rocks/granite", "rocks/basalt", "café notes"])
        #expect(reply.json?["total"] as? Int == 3)
        // Highlight offsets are UTF-16 ranges of the snippet that hold the matched words.
        for hit in hits {
            let snippet = try #require(hit["snippet"] as? String) as NSString
            let ranges = try #require(hit["highlights"] as? [[Int]])
            #expect(!ranges.isEmpty)
            for range in ranges {
                let word = snippet.substring(with: NSRange(location: range[0], length: range[1] - range[0])).lowercased()
                #expect(["granite", "rock"].contains(word), "\(word) in \(snippet)")
            }
        }
    }

    @Test func searchParametersPageJoinAndExplain() async throws {
        let harness = try await ServerHarness(documents: ServerHarness.sampleDocuments)
        defer { Task { await harness.stop() } }
        let page2 = try await harness.client.get("/search?q=granite%20rock&k=1&offset=1")
        let hits2 = try #require(page2.json?["hits"] as? [[String: Any]])
        #expect(hits2.count == 1 && hits2[0]["rank"] as? Int == 2 && hits2[0]["id"] as? String == "rocks/basalt", "\(page2)")
        let all = try await harness.client.get("/search?q=granite+rock&all=true")
        #expect((all.json?["hits"] as? [[String: Any]])?.map { $0["id"] as? String } == ["rocks/granite"], "\(all)")
        let explained = try await harness.client.get("/search?q=tea&explain=true")
        let hit = try #require((explained.json?["hits"] as? [[String: Any]])?.first)
        let explanation = try #require(hit["explanation"] as? [String: Any])
        #expect(abs((explanation["value"] as? Double ?? 0) - (hit["score"] as? Double ?? -1)) < 1e-3)
        let none = try await harness.client.get("/search?q=zeppelin")
        #expect(none.status == 200 && none.json?["total"] as? Int == 0, "\(none)")
        let prefix = try await harness.client.get("/search?q=quarr*")
        #expect((prefix.json?["hits"] as? [[String: Any]])?.compactMap { $0["id"] as? String }.sorted() == ["rocks/granite", "rocks/marble"], "\(prefix)")
    }

    @Test func searchRejectsBadParametersWithClearErrors() async throws {
        let harness = try await ServerHarness(documents: ServerHarness.sampleDocuments)
        defer { Task { await harness.stop() } }
        let long = String(repeating: "a", count: 4097)
        let cases: [(String, String)] = [
            ("/search", "missing query parameter 'q'"),
            ("/search?q=", "the query 'q' is empty"),
            ("/search?q=+++", "the query 'q' is empty"),
            ("/search?q=\(long)", "longer than 4096 characters"),
            ("/search?q=tea&k=0", "'k' must be a whole number from 1 to 1000, got '0'"),
            ("/search?q=tea&k=1001", "'k' must be a whole number from 1 to 1000"),
            ("/search?q=tea&k=ten", "'k' must be a whole number"),
            ("/search?q=tea&k=-1", "'k' must be a whole number"),
            ("/search?q=tea&k=99999999999999999999999", "'k' must be a whole number"),
            ("/search?q=tea&offset=10001", "'offset' must be a whole number from 0 to 10000"),
            ("/search?q=tea&offset=1.5", "'offset' must be a whole number"),
            ("/search?q=tea&all=yes", "'all' must be true or false"),
            ("/search?q=tea&explain=1", "'explain' must be true or false"),
            ("/search?q=tea&limit=5", "unknown query parameter 'limit'"),
            ("/search?q=tea&q=rock", "'q' is given more than once"),
            ("/search?q=%E2%28", "does not decode to UTF-8"),
            ("/search?q=%zz", "bad percent escape"),
            ("/search?q=the+%22+of", "to close the phrase"),
            ("/health?verbose=true", "unknown query parameter 'verbose': this endpoint takes none"),
        ]
        for (target, message) in cases {
            let reply = try await harness.client.get(target)
            #expect(reply.status == 400, "\(target): \(reply)")
            #expect(reply.error?.contains(message) == true, "\(target): \(reply)")
            #expect(reply.json?.keys.sorted() == ["error"] || reply.json?.keys.sorted() == ["column", "error"], "\(target): \(reply)")
        }
        // A syntax error carries the parser's column, as `quarry search` reports it.
        let syntax = try await harness.client.get("/search?q=%28troops+iraq")
        #expect(syntax.status == 400)
        #expect(syntax.json?["column"] as? Int == 13, "\(syntax)")
        #expect(syntax.error == "expected ')' to close the '(' at column 1", "\(syntax)")
        // Queries that would exhaust the stack or keep a thread busy for minutes are refused quickly.
        let nested = try await harness.client.get("/search?q=" + String(repeating: "%28", count: 2000) + "tea" + String(repeating: "%29", count: 2000))
        #expect(nested.status == 400 && nested.json?["column"] as? Int == 101, "\(nested)")
        #expect(nested.error == "groups and '+', '-', 'NOT' nest more than 100 levels deep", "\(nested)")
        let sloppy = try await harness.client.get("/search?q=%22" + Array(repeating: "tea", count: 1000).joined(separator: "+") + "%22~1000")
        #expect(sloppy.status == 400 && sloppy.error == "a phrase with slop (\"…\"~N) may have at most 32 words, this one has 1000", "\(sloppy)")
        let punctuation = try await harness.client.get("/search?q=%2C%2C%2C")
        #expect(punctuation.status == 400 && punctuation.error?.contains("no searchable words") == true, "\(punctuation)")
    }

    @Test func documentsStatsHealthPageAndOpenAPI() async throws {
        let harness = try await ServerHarness(documents: ServerHarness.sampleDocuments, apiKey: nil)
        defer { Task { await harness.stop() } }
        let granite = try await harness.client.get("/documents/rocks%2Fgranite")
        #expect(granite.status == 200, "\(granite)")
        #expect(granite.text == #"{"id":"rocks/granite","title":"Granite","body":"Granite is a hard igneous rock cut in a quarry for building stone."}"#)
        let unescaped = try await harness.client.get("/documents/rocks/basalt")
        #expect(unescaped.json?["title"] as? String == "Basalt columns", "\(unescaped)")
        let accented = try await harness.client.get("/documents/caf%C3%A9%20notes")
        #expect(accented.json?["id"] as? String == "café notes", "\(accented)")
        let tooLong = try await harness.client.get("/documents/" + String(repeating: "x", count: 257))
        #expect(tooLong.status == 400 && tooLong.error == "the document id is longer than 256 characters", "\(tooLong)")
        let missing = try await harness.client.get("/documents/rocks%2Fslate")
        #expect(missing.status == 404 && missing.error == "no document has the id \"rocks/slate\"", "\(missing)")
        let stats = try await harness.client.get("/stats")
        #expect(stats.status == 200 && stats.json?["documents"] as? Int == 5 && stats.json?["writable"] as? Bool == false, "\(stats)")
        #expect(stats.json?["segments"] as? Int == 1 && (stats.json?["terms"] as? Int ?? 0) > 30)
        let health = try await harness.client.get("/health")
        #expect(health.text == #"{"status":"ok","generation":1,"documents":5}"#, "\(health)")
        let page = try await harness.client.get("/?q=granite")
        #expect(page.status == 200 && page.headers["content-type"] == "text/html; charset=utf-8")
        #expect(page.text.contains("<input id=\"q\"") && !page.text.contains("src=\"http"), "the page loads nothing from elsewhere")
        let openapi = try await harness.client.get("/openapi.json")
        let document = try #require(openapi.json)
        #expect(document["openapi"] as? String == "3.0.3")
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        var operations = Set<String>()
        for (path, item) in paths {
            for method in item.keys where method != "parameters" { operations.insert(method.uppercased() + " " + path) }
        }
        #expect(operations == ["GET /", "GET /search", "POST /documents", "GET /documents/{id}", "DELETE /documents/{id}",
                               "GET /stats", "GET /health", "GET /openapi.json"])
    }

    @Test func unknownPathsAndMethodsAndMalformedRequests() async throws {
        let harness = try await ServerHarness(documents: ServerHarness.sampleDocuments)
        defer { Task { await harness.stop() } }
        let unknown = try await harness.client.get("/nowhere")
        #expect(unknown.status == 404 && unknown.error?.contains("no such endpoint") == true, "\(unknown)")
        let wrongMethod = try await harness.client.request("PUT", "/search?q=tea")
        #expect(wrongMethod.status == 405 && wrongMethod.headers["allow"] == "GET", "\(wrongMethod)")
        let getDocuments = try await harness.client.get("/documents")
        #expect(getDocuments.status == 405 && getDocuments.headers["allow"] == "POST", "\(getDocuments)")
        // Garbage on the wire: the connection is answered or dropped, and the server goes on.
        for garbage in ["NOT HTTP AT ALL\r\n\r\n", "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
                        "GET /search?q=\u{0}\u{1} HTTP/1.1\r\n\r\n", String(repeating: "A", count: 100_000)] {
            _ = try? await harness.client.raw(Array(garbage.utf8))
        }
        let health = try await harness.client.get("/health")
        #expect(health.status == 200, "\(health)")
    }

    /// A connection that sends nothing, or stops in the middle of a request, is closed once idle
    /// for the limit, so silent clients cannot hold every socket of the server.
    @Test func silentConnectionsAreClosed() async throws {
        var limits = ServerLimits()
        limits.maximumIdleTime = .milliseconds(300)
        let harness = try await ServerHarness(documents: ServerHarness.sampleDocuments, apiKey: nil, limits: limits)
        defer { Task { await harness.stop() } }
        #expect(try await harness.client.isClosedWhenSilent(after: [], within: 5))
        #expect(try await harness.client.isClosedWhenSilent(after: Array("GET /search?q=tea HTTP/1.1\r\nHost: x\r\n".utf8), within: 5))
        let search = try await harness.client.get("/search?q=tea")
        #expect(search.status == 200, "\(search)")
    }

    /// A port another server holds is reported plainly, with the address, not as the socket call's error.
    @Test func portInUseIsAClearError() async throws {
        let harness = try await ServerHarness(documents: ServerHarness.sampleDocuments, apiKey: nil)
        defer { Task { await harness.stop() } }
        var configuration = ServerConfiguration(indexPath: harness.indexPath, port: harness.client.port)
        configuration.quiet = true
        let second = try QuarryServer(configuration: configuration)
        do {
            try await second.run()
            Issue.record("a second server listened on the same port")
        } catch {
            #expect(error is ServerConfigurationError, "\(type(of: error)): \(error)")
            #expect("\(error)" == "cannot listen on 127.0.0.1:\(harness.client.port): Address already in use (another program listens on that port: pick another --port, or 0 for a free one)")
        }
        let health = try await harness.client.get("/health")
        #expect(health.status == 200, "\(health)")
    }

    @Test func refusesToListenBeyondLoopbackWithoutAKey() throws {
        let folder = FileManager.default.temporaryDirectory.path + "/quarry-server-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let writer = try IndexWriter(path: folder)
        try writer.add(SourceDocument(id: "a", title: "a", body: "alpha"))
        try writer.commit()
        writer.close()
        for host in ["0.0.0.0", "::", "192.168.1.10", "example.org", "127.0.0.1.example.org"] {
            #expect(throws: ServerConfigurationError.self) {
                _ = try QuarryServer(configuration: ServerConfiguration(indexPath: folder, host: host, port: 0))
            }
        }
        do {
            _ = try QuarryServer(configuration: ServerConfiguration(indexPath: folder, host: "0.0.0.0", port: 0))
        } catch {
            #expect("\(error)".contains("refusing to listen on 0.0.0.0 without --api-key"))
        }
        for host in ["127.0.0.1", "127.1.2.3", "localhost", "::1"] { #expect(ServerConfiguration.isLoopback(host), "\(host)") }
        #expect(throws: ServerConfigurationError.self) {
            _ = try QuarryServer(configuration: ServerConfiguration(indexPath: folder, port: 70000))
        }
        #expect(throws: ServerConfigurationError.self) {
            _ = try QuarryServer(configuration: ServerConfiguration(indexPath: folder, port: 0, apiKey: "short"))
        }
        #expect(WriteAuthorization.constantTimeEqual(Array("secret-key".utf8), Array("secret-key".utf8)))
        #expect(!WriteAuthorization.constantTimeEqual(Array("secret-key".utf8), Array("secret-kez".utf8)))
        #expect(!WriteAuthorization.constantTimeEqual(Array("secret-key".utf8), Array("secret-key2".utf8)))
    }
}
