import Foundation
import Testing
@testable import QuarryServer

/// The search page in a real browser: headless Chromium loads `/?q=american+troops+iraq` from a
/// server on the bundled corpus, the test reads the rendered DOM, types a second query, uses the
/// keyboard, and saves a screenshot.
///
/// Without Chromium on PATH the test is skipped, unless `QUARRY_REQUIRE_BROWSER=1` (set by CI),
/// when a missing browser fails it. `QUARRY_UPDATE_SCREENSHOT=1` also writes the screenshot the
/// README shows (`Benchmarks/serve-page.png`).
@Suite("Server: search page in headless Chromium", .serialized)
struct SearchPageBrowserTests {
    static let browser = DevToolsPipe.locate()
    static let required = ProcessInfo.processInfo.environment["QUARRY_REQUIRE_BROWSER"] == "1"

    @Test(.enabled(if: browser != nil || required, "no Chromium on PATH (chromium, chromium-browser or google-chrome); install it, e.g. apt-get install chromium, to run the browser test"),
          .timeLimit(.minutes(6)))
    func pageRendersTypesPagesAndNavigates() async throws {
        let executable = try #require(Self.browser, "QUARRY_REQUIRE_BROWSER=1 but no Chromium on PATH (chromium, chromium-browser or google-chrome)")
        let harness = try await ServerHarness(documents: [], corpus: ServerHarness.repositoryRoot + "/Corpus", apiKey: nil)
        let profile = FileManager.default.temporaryDirectory.path + "/quarry-chromium-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: profile) }
        let port = harness.client.port
        // The browser session blocks on its pipe: it runs on a thread of its own, not the pool the server needs.
        let outcome = await withCheckedContinuation { (continuation: CheckedContinuation<Result<Observations, Error>, Never>) in
            Thread { continuation.resume(returning: Result { try Self.drive(executable: executable, profile: profile, port: port) }) }.start()
        }
        await harness.stop()
        let seen = try outcome.get()

        // The query comes from the URL and its results render on load.
        let first = seen.first
        #expect(first.input == "american troops iraq")
        #expect(first.ids.first == "seed-article.html", "\(first.ids)")
        #expect(first.ids.count == 4 && first.ids.contains("seed-article.txt"), "\(first.ids)")
        #expect(first.titles.first == "Iraqi militias behind about 100 attacks targeting American bases in Iraq and Syria")
        #expect(Set(first.marks.map { $0.lowercased() }).isSuperset(of: ["iraq", "american", "troops"]), "highlighted: \(first.marks)")
        #expect(first.status.hasPrefix("4 documents match; showing 1–4 ("), "\(first.status)")
        // Typing replaced the results (the half-typed last word matched as a prefix) and the URL followed.
        let second = seen.second
        #expect(!second.ids.isEmpty && second.ids != first.ids, "\(second.ids)")
        #expect(second.ids.allSatisfy { $0.hasPrefix("postgresql-docs/") }, "\(second.ids)")
        #expect(second.marks.contains { $0.lowercased() == "postgresql" }, "\(second.marks)")
        #expect(seen.prefixIDs == second.ids, "the page searched 'postgresql vacu*': \(seen.prefixIDs) against \(second.ids)")
        #expect(seen.exactIDs != second.ids, "searching 'vacu' as a whole word gives other results: \(seen.exactIDs)")
        #expect(second.url == "/?q=postgresql+vacu", "\(second.url)")
        // ↓ ↓ ↑ selected the first hit, and Enter opened it.
        #expect(seen.selected == 0)
        #expect(seen.opened == "/documents/" + (second.ids.first ?? ""))
        // A real PNG of the page came back.
        let png = seen.screenshot
        #expect(png.count > 10_000 && png.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        try png.write(to: URL(fileURLWithPath: FileManager.default.temporaryDirectory.path + "/quarry-search-page.png"))
        if ProcessInfo.processInfo.environment["QUARRY_UPDATE_SCREENSHOT"] == "1" {
            try png.write(to: URL(fileURLWithPath: ServerHarness.repositoryRoot + "/Benchmarks/serve-page.png"))
        }
    }

    /// What the browser session saw.
    struct Observations: Sendable {
        var first: PageState
        var second: PageState
        var prefixIDs: [String]
        var exactIDs: [String]
        var selected: Int?
        var opened: String?
        var screenshot: Data
    }

    /// Runs the browser session (blocking I/O) and returns what it saw.
    static func drive(executable: String, profile: String, port: Int) throws -> Observations {
        let browser = try DevToolsPipe(executable: executable, profile: profile, width: 1100, height: 820)
        defer { browser.stop() }
        let target = try browser.call("Target.createTarget", ["url": "about:blank"])
        guard let targetID = target["targetId"] as? String else { throw DevToolsPipe.Failure(description: "no target id in \(target)") }
        let attached = try browser.call("Target.attachToTarget", ["targetId": targetID, "flatten": true])
        guard let session = attached["sessionId"] as? String else { throw DevToolsPipe.Failure(description: "no session id in \(attached)") }
        try browser.call("Emulation.setDeviceMetricsOverride", ["width": 1100, "height": 820, "deviceScaleFactor": 1, "mobile": false], session: session)
        try browser.call("Page.navigate", ["url": "http://127.0.0.1:\(port)/?q=american+troops+iraq"], session: session)
        try browser.waitFor("document.readyState === 'complete' && document.body.dataset.state === 'ready' && document.getElementById('results').dataset.query === 'american troops iraq'",
                            session: session, what: "the first results")
        let first = try state(browser, session)
        let shot = try browser.call("Page.captureScreenshot", ["format": "png"], session: session)
        guard let png = (shot["data"] as? String).flatMap({ Data(base64Encoded: $0) }) else {
            throw DevToolsPipe.Failure(description: "no screenshot data")
        }

        _ = try browser.evaluate("(() => { const q = document.getElementById('q'); q.focus(); q.select(); return true; })()", session: session)
        try browser.call("Input.insertText", ["text": "postgresql vacu"], session: session)
        try browser.waitFor("document.body.dataset.state === 'ready' && document.getElementById('results').dataset.query === 'postgresql vacu'",
                            session: session, what: "the typed query's results")
        let second = try state(browser, session)
        func ids(_ query: String) throws -> [String] {
            let script = "fetch('/search?k=10&q=' + encodeURIComponent('\(query)')).then(r => r.json()).then(j => JSON.stringify(j.hits.map(h => h.id)))"
            guard let text = try browser.evaluate(script, session: session) as? String,
                  let list = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String] else {
                throw DevToolsPipe.Failure(description: "could not fetch \(query) from the page")
            }
            return list
        }
        let prefixIDs = try ids("postgresql vacu*")
        let exactIDs = try ids("postgresql vacu")

        for key in [("ArrowDown", 40), ("ArrowDown", 40), ("ArrowUp", 38)] {
            try browser.call("Input.dispatchKeyEvent", ["type": "rawKeyDown", "key": key.0, "code": key.0, "windowsVirtualKeyCode": key.1], session: session)
            try browser.call("Input.dispatchKeyEvent", ["type": "keyUp", "key": key.0, "code": key.0, "windowsVirtualKeyCode": key.1], session: session)
        }
        let selected = try browser.evaluate("[...document.querySelectorAll('#results .hit')].findIndex(li => li.classList.contains('selected'))", session: session) as? Int
        try browser.call("Input.dispatchKeyEvent", ["type": "rawKeyDown", "key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 13], session: session)
        try browser.waitFor("location.pathname.startsWith('/documents/')", session: session, what: "Enter to open the document")
        let opened = try browser.evaluate("decodeURIComponent(location.pathname)", session: session) as? String
        return Observations(first: first, second: second, prefixIDs: prefixIDs, exactIDs: exactIDs, selected: selected, opened: opened, screenshot: png)
    }

    struct PageState: Sendable {
        var input: String
        var ids: [String]
        var titles: [String]
        var marks: [String]
        var status: String
        var url: String
    }

    static func state(_ browser: DevToolsPipe, _ session: String) throws -> PageState {
        let script = """
        JSON.stringify({
          input: document.getElementById('q').value,
          ids: [...document.querySelectorAll('#results .hit')].map(li => li.dataset.id),
          titles: [...document.querySelectorAll('#results .hit .title')].map(a => a.textContent),
          marks: [...document.querySelectorAll('#results mark')].map(m => m.textContent),
          status: document.getElementById('status').textContent,
          url: location.pathname + location.search
        })
        """
        guard let text = try browser.evaluate(script, session: session) as? String,
              let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw DevToolsPipe.Failure(description: "could not read the page's state")
        }
        return PageState(input: object["input"] as? String ?? "", ids: object["ids"] as? [String] ?? [],
                         titles: object["titles"] as? [String] ?? [], marks: object["marks"] as? [String] ?? [],
                         status: object["status"] as? String ?? "", url: object["url"] as? String ?? "")
    }
}
