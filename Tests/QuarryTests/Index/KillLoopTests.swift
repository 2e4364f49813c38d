import Foundation
import Testing
@testable import Quarry

/// The short version of `Benchmarks/kill-loop.sh`: real `quarry` processes killed with SIGKILL at
/// random moments while they rebuild, append (adding and replacing documents, flushing small
/// segments), delete by query, mirror and merge. After every kill the last commit must open, pass
/// `quarry check`, and answer a fixed query set exactly as it did when that commit was made.
@Suite(.serialized) struct KillLoopTests {
    /// Kills to perform (rounds whose process finished before its kill do not count), and a cap on rounds.
    static let kills = 20
    static let maximumRounds = 80

    /// A JSONL corpus of `count` documents whose ids come from a pool of `idPool`, so appends both
    /// add and replace.
    static func corpus(count: Int, idPool: Int, seed: UInt64) -> String {
        var rng = SplitMix(seed: seed)
        let words = RandomCorpus.vocabulary(300)
        var lines: [String] = []
        for _ in 0..<count {
            let body = (0..<(10 + Int(rng.next() % 80))).map { _ in words[Int(rng.next() % UInt64(words.count))] }
            let title = (0..<3).map { _ in words[Int(rng.next() % 40)] }.joined(separator: " ")
            lines.append(#"{"id":"d\#(rng.next() % UInt64(idPool))","title":"\#(title)","body":"\#(body.joined(separator: " "))"}"#)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Runs `quarry arguments…`, killing it with SIGKILL after `delay` seconds if it is still running;
    /// returns whether it was killed, and how long it ran.
    static func runKilling(_ arguments: [String], after delay: Double) throws -> (killed: Bool, seconds: Double) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try QuarryCLI.executable.get())
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let started = Date()
        try process.run()
        let deadline = Date().addingTimeInterval(delay)
        while process.isRunning && Date() < deadline { usleep(2_000) }
        var killed = false
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            killed = true
        }
        process.waitUntilExit()
        return (killed && process.terminationReason == .uncaughtSignal, Date().timeIntervalSince(started))
    }

    @Test func killedWritersLeaveTheLastCommitIntact() throws {
        let dir = TemporaryDirectory("quarry-kill")
        let index = dir.sub("index")
        let base = dir.sub("base.jsonl")
        try Self.corpus(count: 500, idPool: 400, seed: 1).write(toFile: base, atomically: false, encoding: .utf8)
        let words = RandomCorpus.vocabulary(40)

        let started = Date()
        #expect(try Self.runKilling(["index", base, "--index", index, "--rebuild"], after: 600).killed == false)
        let fullRun = max(0.2, Date().timeIntervalSince(started))
        // How long each kind of operation last ran to its end: kills are drawn within that, so
        // most rounds interrupt their run however fast the machine (or the command) is.
        var lastFullRun: [Int: Double] = [:]
        var recorded: [UInt64: CrashSafetyTests.Snapshot] = [:]
        let first = try CrashSafetyTests.snapshot(index)
        recorded[first.generation] = first

        var rng = SplitMix(seed: 99)
        var kills = 0
        var round = 0
        while kills < Self.kills && round < Self.maximumRounds {
            defer { round += 1 }
            let extra = dir.sub("extra-\(round).jsonl")
            try Self.corpus(count: 150, idPool: 600, seed: 100 + UInt64(round)).write(toFile: extra, atomically: false, encoding: .utf8)
            let operation: [String]
            switch round % 5 {
            case 0: operation = ["index", base, "--rebuild"]
            case 1: operation = ["index", extra, "--append", "--memory-mb", "16", "--no-merge"]
            case 2: operation = ["delete", "--query", "title:" + words[Int(rng.next() % 40)]]
            case 3: operation = ["merge"]
            default: operation = ["index", base, extra]  // mirror: the other appended files' documents go
            }
            // Deletes and merges are quick: their kills must come early to land inside them.
            let span = lastFullRun[round % 5].map { $0 * 1.1 } ?? (round % 5 == 2 || round % 5 == 3 ? min(fullRun, 0.3) : fullRun * 1.1)
            let delay = Double(rng.next() % 1000) / 1000 * span
            let run = try Self.runKilling(operation + ["--index", index], after: delay)
            if run.killed { kills += 1 } else { lastFullRun[round % 5] = run.seconds }

            let check = try IndexChecker(path: index).run()
            #expect(check.isHealthy, "round \(round) (\(operation.joined(separator: " "))): \(check.problems)")
            let now = try CrashSafetyTests.snapshot(index)
            if let before = recorded[now.generation] {
                #expect(now == before, "round \(round) (\(operation.joined(separator: " "))): commit \(now.generation) changed")
            } else {
                recorded[now.generation] = now
            }
            // No writer is left holding the lock, and leftovers go when the next writer opens.
            let writer = try IndexWriter(path: index, mode: .append)
            writer.close()
        }
        // The runs must actually have been interrupted, not merely finished.
        #expect(kills >= Self.kills, "only \(kills) runs were killed in \(round) rounds")
    }
}
