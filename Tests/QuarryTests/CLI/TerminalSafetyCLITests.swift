import Foundation
import Testing

/// Control characters in indexed text, titles, ids and file names never reach the terminal raw;
/// JSON output escapes them and still decodes to the original text.
@Suite struct TerminalSafetyCLITests {
    /// Bytes a terminal would act on: C0 controls other than newline, DEL, and C1 controls (as UTF-8).
    static func rawControls(_ text: String) -> [UInt32] {
        text.unicodeScalars.map(\.value).filter { ($0 < 0x20 && $0 != 0x0A) || ($0 >= 0x7F && $0 <= 0x9F) }
    }

    @Test func controlCharactersAreNotPrinted() async throws {
        let dir = TemporaryDirectory("quarry-terminal")
        let title = "Granite \u{1B}]0;pwned\u{07} title \u{9B}31m"
        let body = "granite \u{1B}[2J quarry \u{0} stone \u{7F} blocks"
        let line = try JSONSerialization.data(withJSONObject: ["id": "evil\u{1B}[5mid", "title": title, "body": body])
        try Fixture.write(String(decoding: line, as: UTF8.self) + "\n", to: dir.sub("docs/evil.jsonl"))
        try Fixture.write("granite in a file with a bad name", to: dir.sub("docs/name\u{1B}[2J.txt"))
        try Fixture.write([0x00, 0x01, 0x02, 0xFF, 0x00], to: dir.sub("docs/bin\u{1B}]0;x\u{07}.txt"))
        let index = dir.sub("index")
        let built = try await QuarryCLI.run(["index", dir.sub("docs"), "--index", index])
        #expect(built.succeeded, "\(built)")
        #expect(Self.rawControls(built.stdout + built.stderr).isEmpty, "\(built)")

        let plain = try await QuarryCLI.run(["search", "granite", "--index", index])
        #expect(plain.succeeded, "\(plain)")
        #expect(plain.stdout.contains("granite") && plain.stdout.contains("pwned"), "\(plain)")
        #expect(Self.rawControls(plain.stdout + plain.stderr).isEmpty, "\(plain)")

        let json = try await QuarryCLI.run(["search", "granite", "--json", "--index", index])
        #expect(json.succeeded, "\(json)")
        #expect(Self.rawControls(json.stdout).isEmpty, "\(json)")
        let hits = try #require(try json.json()["hits"] as? [[String: Any]])
        #expect(hits.contains { $0["title"] as? String == title }, "\(json)")
        #expect(hits.contains { $0["id"] as? String == "evil\u{1B}[5mid" }, "\(json)")

        let badIndex = try await QuarryCLI.run(["search", "granite", "--index", dir.sub("no\u{1B}]0;t\u{07}such")])
        #expect(badIndex.exitedCleanly && badIndex.status == 1, "\(badIndex)")
        #expect(Self.rawControls(badIndex.stdout + badIndex.stderr).isEmpty, "\(badIndex)")
    }
}
