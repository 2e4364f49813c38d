import Foundation
import Testing
@testable import Quarry

@Suite("HTML extraction")
struct HTMLExtractorTests {
    private func extract(_ html: String, fileName: String = "page.html") throws -> ExtractedHTML {
        try HTMLExtractor.extract(Array(html.utf8), fileName: fileName)
    }

    /// Each `html/NAME.html` (or `.xhtml`) fixture with a `NAME.expected` file holding the
    /// expected title on its first line and the expected body on its second.
    static let goldenCases: [String] = {
        let folder = IngestTestSupport.fixture("html")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".expected") }.map { String($0.dropLast(".expected".count)) }.sorted()
    }()

    @Test("golden cases are present")
    func goldenCasesExist() {
        #expect(Self.goldenCases.count >= 9)
        #expect(Self.goldenCases.contains("latin1"))
    }

    @Test("golden fixture", arguments: goldenCases)
    func golden(name: String) throws {
        let folder = IngestTestSupport.fixture("html")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        let pageName = try #require(files.first { $0 == name + ".html" || $0 == name + ".xhtml" })
        let page = try IngestTestSupport.bytes(of: folder.appendingPathComponent(pageName))
        let expected = try String(contentsOf: folder.appendingPathComponent(name + ".expected"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false)
        let result = try HTMLExtractor.extract(page, fileName: pageName)
        #expect(result.title == String(expected[0]))
        #expect(result.body == String(expected[1]))
    }

    @Test("adjacent blocks and table cells never run together")
    func blockSeparation() throws {
        #expect(try extract("<p>a</p><p>b</p>").body == "a b")
        #expect(try extract("<table><tr><td>a</td><td>b</td></tr></table>").body == "a b")
        #expect(try extract("<div>a</div><div>b</div><li>c</li><h2>d</h2>").body == "a b c d")
        #expect(try extract("a<br>b<br/>c").body == "a b c")
        #expect(try extract("in<b>line</b><i>text</i>").body == "inlinetext")
    }

    @Test("whitespace runs collapse to one space and the ends are trimmed")
    func whitespace() throws {
        #expect(try extract("<p>\n\t  a \n\n  b\r\n</p>  <p>   c  </p>").body == "a b c")
    }

    @Test("entities are decoded")
    func entities() throws {
        let result = try extract("<p>&amp; &eacute; &#233; &#x00E9; &lt;&gt;</p>")
        #expect(result.body == "& é é é <>")
    }

    @Test("script, style, noscript, template and comments are skipped")
    func hiddenContent() throws {
        let result = try extract("""
            <p>keep</p><script>alpha()</script><style>p{}</style><noscript>beta</noscript>
            <template>gamma</template><!-- delta --><p>also</p>
            """)
        #expect(result.body == "keep also")
    }

    @Test("head content other than the title is not body text")
    func headIsNotBody() throws {
        let result = try extract("<html><head><title>T</title><meta name=x content=y></head><body>text</body></html>")
        #expect(result.title == "T")
        #expect(result.titleSource == .titleElement)
        #expect(result.body == "text")
    }

    @Test("title falls back to the first h1, then to the file name")
    func titleFallback() throws {
        let heading = try extract("<body><h2>second</h2><h1>First <em>heading</em></h1><h1>other</h1></body>")
        #expect(heading.title == "First heading")
        #expect(heading.titleSource == .heading)

        let emptyTitle = try extract("<title>  </title><h1>Heading</h1>")
        #expect(emptyTitle.title == "Heading")

        let named = try extract("<p>no heading</p>", fileName: "docs/My Page.v2.html")
        #expect(named.title == "My Page.v2")
        #expect(named.titleSource == .fileName)
    }

    @Test("an empty page gives an empty body, not an error")
    func emptyPage() throws {
        for page in ["", "   \n", "<!-- nothing -->", "<html><body></body></html>"] {
            let result = try extract(page, fileName: "blank.htm")
            #expect(result.body == "")
            #expect(result.title == "blank")
            #expect(result.titleSource == .fileName)
        }
    }

    @Test("a Latin-1 page with a meta charset decodes to Müller")
    func latin1() throws {
        var page = Array(#"<html><head><meta charset="iso-8859-1"></head><body>M"#.utf8)
        page += [0xFC] + Array("ller</body></html>".utf8)
        #expect(try HTMLExtractor.extract(page, fileName: "l.html").body == "Müller")

        var httpEquiv = Array(#"<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1"><p>M"#.utf8)
        httpEquiv += [0xFC] + Array("ller".utf8)
        #expect(try HTMLExtractor.extract(httpEquiv, fileName: "l.html").body == "Müller")
    }

    @Test("undeclared UTF-8 is read as UTF-8")
    func undeclaredUTF8() throws {
        #expect(try extract("<p>Müller 日本語 “q”</p>").body == "Müller 日本語 “q”")
    }

    @Test("an external entity or DTD is never loaded")
    func externalEntitiesNotLoaded() throws {
        let page = try IngestTestSupport.bytes(of: IngestTestSupport.fixture("html/xxe.html"))
        let result = try HTMLExtractor.extract(page, fileName: "xxe.html")
        #expect(result.title == "Entity test")
        #expect(result.body.contains("before"))
        #expect(result.body.contains("after"))
        #expect(!result.body.contains("root:"))
        #expect(!result.title.contains("root:"))
    }

    @Test("CDATA sections keep their content without the markers")
    func cdata() throws {
        let result = try extract("<p>x <![CDATA[a < b]]> y</p>")
        #expect(result.body == "x a < b y")
    }

    @Test("unclosed and stray tags are recovered")
    func malformed() throws {
        #expect(try extract("<div><p>one<p>two</div></span></p>three <b>four").body == "one two three four")
        #expect(try extract("<<p>>x</p>").body.contains("x"))
    }

    @Test("deeply nested and very long pages are read to the end")
    func largePages() throws {
        let deep = try extract(String(repeating: "<div><font>", count: 3000) + "deep end")
        #expect(deep.body == "deep end")
        let words = String(repeating: "word ", count: 2_500_000)  // a 12.5 MB text node
        let long = try extract("<p>" + words + "last</p>")
        #expect(long.body.hasSuffix("word last"))
        #expect(long.body.utf8.count == words.utf8.count + 4)
    }

    @Test("concurrent extraction gives the same results")
    func concurrent() async throws {
        let page = try IngestTestSupport.bytes(of: IngestTestSupport.fixture("html/tables.html"))
        let expected = try HTMLExtractor.extract(page, fileName: "tables.html")
        let results = await withTaskGroup(of: ExtractedHTML?.self) { group in
            for _ in 0..<64 {
                group.addTask { try? HTMLExtractor.extract(page, fileName: "tables.html") }
            }
            var all: [ExtractedHTML?] = []
            for await result in group { all.append(result) }
            return all
        }
        #expect(results.count == 64)
        #expect(results.allSatisfy { $0 == expected })
    }
}
