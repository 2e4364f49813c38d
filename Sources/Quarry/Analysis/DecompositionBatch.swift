import Foundation

/// Canonical decomposition (NFD) of many short scalar sequences with a single Foundation call:
/// they are joined with line feeds, which are starters, so no reordering crosses them.
/// This is the only use of Foundation in the analyzer, and it runs only while building tables.
struct DecompositionBatch {
    private var scalars: [Unicode.Scalar] = []
    private var utf8: [UInt8] = []

    /// Queues `term`, the (lowercased) term of `scalar`, for decomposition.
    mutating func add(_ scalar: Unicode.Scalar, term: [Unicode.Scalar]) {
        scalars.append(scalar)
        for part in term { utf8 += UTF8.encode(part)! }
        utf8.append(UInt8(ascii: "\n"))
    }

    /// Calls `body` with each queued scalar and the decomposition of its term, in order.
    func decompose(_ body: (Unicode.Scalar, [Unicode.Scalar]) -> Void) {
        let decomposed = String(decoding: utf8, as: UTF8.self).decomposedStringWithCanonicalMapping
        var index = 0
        var current: [Unicode.Scalar] = []
        for scalar in decomposed.unicodeScalars {
            if scalar == "\n" {
                body(scalars[index], current)
                index += 1
                current.removeAll(keepingCapacity: true)
            } else {
                current.append(scalar)
            }
        }
        precondition(index == scalars.count, "canonical decomposition changed the sequence count")
    }
}
