import ArgumentParser
import Foundation
import Quarry
import QuarryServer

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the index over HTTP: a JSON search API and a search page.",
        discussion: """
        Endpoints: GET / (search page), GET /search?q=…&k=10&offset=0&all=false&explain=false, \
        GET /documents/{id}, GET /stats, GET /health, GET /openapi.json; with --api-key, \
        POST /documents (one JSON object or JSON Lines) and DELETE /documents/{id}, which need the \
        header Authorization: Bearer KEY. Writes are committed within about a second; with ?wait=true \
        a write is answered once searches see it. \
        Without --api-key the server only listens on loopback addresses.
        """
    )

    @OptionGroup var location: IndexLocation

    @Option(help: "The address to listen on.")
    var host: String = "127.0.0.1"

    @Option(parsing: .unconditional, help: "The TCP port (0 picks a free one).")
    var port: Int = 7700

    @Option(name: .customLong("api-key"), help: ArgumentHelp("Accept writes that send Authorization: Bearer KEY (at least 8 characters).", valueName: "key"))
    var apiKey: String?

    func validate() throws {
        try NumberOptions.check(port, in: 0...65535, "--port")
    }

    func run() async throws {
        let server: QuarryServer
        do {
            server = try QuarryServer(configuration: ServerConfiguration(indexPath: location.index, host: host, port: port, apiKey: apiKey))
        } catch {
            Terminal.error(String(describing: error))
            throw ExitCode(1)
        }
        let (host, index, documents, writes) = (host, location.index, server.documentCount, server.acceptsWrites)
        do {
            try await server.run(handleSignals: true) { port in
                let shownHost = host.contains(":") ? "[\(host)]" : host
                let mode = writes ? "writes enabled" : "read-only: start with --api-key KEY to accept writes"
                // Written straight to the file descriptor, so it shows at once even when stdout is a pipe.
                FileHandle.standardOutput.write(Data("quarry serve: http://\(shownHost):\(port)/ on \(SafeText.forTerminal(index)) (\(documents) documents; \(mode))\n".utf8))
            }
        } catch {
            Terminal.error(String(describing: error))
            throw ExitCode(1)
        }
    }
}
