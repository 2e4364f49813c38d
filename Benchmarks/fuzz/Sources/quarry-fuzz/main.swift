// quarry-fuzz TARGET [libFuzzer options] [corpus folders]
// quarry-fuzz --seeds TARGET FOLDER    writes the seeds made from the fixture index
// quarry-fuzz --list                   lists the targets
//
// The target can also come from QUARRY_FUZZ_TARGET (libFuzzer's -fork and -jobs modes start the
// program again with only the libFuzzer arguments, so the name is put there for them as well).
import CFuzzerDriver
import Foundation
@_spi(Fuzzing) import Quarry

var arguments = CommandLine.arguments

if arguments.count == 2 && arguments[1] == "--list" {
    for target in FuzzTarget.allCases { print(target.rawValue) }
    exit(0)
}

if arguments.count == 4 && arguments[1] == "--seeds" {
    guard let target = FuzzTarget(rawValue: arguments[2]) else { fatalError("unknown target \(arguments[2])") }
    try FileManager.default.createDirectory(atPath: arguments[3], withIntermediateDirectories: true)
    for seed in FuzzEntryPoints.generatedSeeds(for: target) {
        try Data(seed.bytes).write(to: URL(fileURLWithPath: arguments[3] + "/" + seed.name))
    }
    exit(0)
}

if arguments.count == 5 && arguments[1] == "--time" {
    // Times the target on every file of a folder: quarry-fuzz --time TARGET FOLDER ROUNDS
    guard let target = FuzzTarget(rawValue: arguments[2]), let rounds = Int(arguments[4]) else { fatalError("bad arguments") }
    let files = try FileManager.default.contentsOfDirectory(atPath: arguments[3]).sorted()
    let inputs = try files.map { [UInt8](try Data(contentsOf: URL(fileURLWithPath: arguments[3] + "/" + $0))) }
    _ = try? FuzzEntryPoints.run(target, [])
    for (file, input) in zip(files, inputs) {
        let start = DispatchTime.now().uptimeNanoseconds
        var outcome = FuzzOutcome.accepted
        for _ in 0..<rounds { outcome = try FuzzEntryPoints.run(target, input) }
        let perRun = Double(DispatchTime.now().uptimeNanoseconds - start) / Double(rounds) / 1e6
        print("\(file): \(String(format: "%.2f", perRun)) ms per run, \(outcome)")
    }
    exit(0)
}

if arguments.count > 1, let target = FuzzTarget(rawValue: arguments[1]) {
    setenv("QUARRY_FUZZ_TARGET", target.rawValue, 1)
    arguments.remove(at: 1)
}
guard let name = ProcessInfo.processInfo.environment["QUARRY_FUZZ_TARGET"], let target = FuzzTarget(rawValue: name) else {
    let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
    FileHandle.standardError.write(Data("usage: quarry-fuzz TARGET [libFuzzer options] [corpus folders]\ntargets: \(names)\n".utf8))
    exit(2)
}

/// The target the callback runs (libFuzzer's callback is a C function: it cannot capture).
nonisolated(unsafe) var selected = target

// Build the fixtures before fuzzing, so their cost is not charged to the first input.
_ = try? FuzzEntryPoints.run(target, [])

var argc = CInt(arguments.count)
var cArguments: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
let status = cArguments.withUnsafeMutableBufferPointer { buffer -> CInt in
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = buffer.baseAddress
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in
        let input = UnsafeRawBufferPointer(start: data, count: size)
        do {
            _ = try FuzzEntryPoints.run(selected, input)
        } catch {
            // A broken promise: crash, so libFuzzer saves the input as a finding.
            fatalError("finding (\(selected.rawValue)): \(error)")
        }
        return 0
    }
}
exit(status)
