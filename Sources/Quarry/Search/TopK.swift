/// A fixed-capacity min-heap of the best (score, document) pairs seen so far.
///
/// Higher scores are better; equal scores are ordered by lower document id, so results are
/// deterministic. The root is the worst kept entry: its score is the pruning threshold.
struct TopK {
    struct Entry: Equatable {
        var score: Float
        var doc: UInt32
    }

    let capacity: Int
    private(set) var entries: [Entry] = []

    /// Room reserved up front; a larger `capacity` grows the heap only as documents arrive, so a
    /// huge `k` (any `Int`) costs nothing until that many documents match.
    static let initialReservation = 1024

    init(capacity: Int) {
        self.capacity = max(0, capacity)
        entries.reserveCapacity(min(self.capacity, Self.initialReservation))
    }

    var isFull: Bool { entries.count >= capacity }

    /// The score a new document must beat (ties lose to earlier documents), or -infinity while not full.
    var threshold: Float { isFull && capacity > 0 ? entries[0].score : -.infinity }

    @inline(__always)
    static func isBetter(_ a: Entry, than b: Entry) -> Bool {
        a.score > b.score || (a.score == b.score && a.doc < b.doc)
    }

    /// Offers a document; returns true if it was kept.
    @inline(__always)
    @discardableResult
    mutating func offer(score: Float, doc: UInt32) -> Bool {
        guard capacity > 0 else { return false }
        let entry = Entry(score: score, doc: doc)
        if entries.count < capacity {
            entries.append(entry)
            siftUp(entries.count - 1)
            return true
        }
        guard Self.isBetter(entry, than: entries[0]) else { return false }
        entries[0] = entry
        siftDown(0)
        return true
    }

    private mutating func siftUp(_ start: Int) {
        var i = start
        while i > 0 {
            let parent = (i - 1) / 2
            if Self.isBetter(entries[parent], than: entries[i]) {
                entries.swapAt(parent, i)
                i = parent
            } else { break }
        }
    }

    private mutating func siftDown(_ start: Int) {
        var i = start
        let n = entries.count
        while true {
            let l = 2 * i + 1, r = l + 1
            var worst = i
            if l < n && Self.isBetter(entries[worst], than: entries[l]) { worst = l }
            if r < n && Self.isBetter(entries[worst], than: entries[r]) { worst = r }
            if worst == i { return }
            entries.swapAt(i, worst)
            i = worst
        }
    }

    /// The kept entries, best first.
    func sorted() -> [Entry] {
        entries.sorted { Self.isBetter($0, than: $1) }
    }
}
