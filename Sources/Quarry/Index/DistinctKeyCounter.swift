/// Counts the distinct keys of several sorted key lists (one per segment's term dictionary) by
/// merging them, so a term present in several segments counts once.
struct DistinctKeyCounter {
    /// One segment's keys, ascending: all bytes in one array, each key's start in `starts`.
    private struct KeyList {
        var bytes: [UInt8] = []
        var starts: [Int] = [0]
        var count: Int { starts.count - 1 }
    }

    private var lists: [KeyList] = []

    /// Starts the keys of the next segment; `add` its keys in ascending order after this.
    mutating func beginList() { lists.append(KeyList()) }

    mutating func add(_ key: UnsafeBufferPointer<UInt8>) {
        lists[lists.count - 1].bytes.append(contentsOf: key)
        lists[lists.count - 1].starts.append(lists[lists.count - 1].bytes.count)
    }

    /// The number of distinct keys over all lists.
    func distinctCount() -> Int {
        if lists.count == 1 { return lists[0].count }
        var next = [Int](repeating: 0, count: lists.count)
        var distinct = 0
        func compare(_ a: Int, _ i: Int, _ b: Int, _ j: Int) -> Int {
            lists[a].bytes.withUnsafeBufferPointer { x in
                lists[b].bytes.withUnsafeBufferPointer { y in
                    let xs = lists[a].starts[i], ys = lists[b].starts[j]
                    return compareBytes((x.baseAddress ?? UnsafePointer(bitPattern: 1)!) + xs, lists[a].starts[i + 1] - xs,
                                        (y.baseAddress ?? UnsafePointer(bitPattern: 1)!) + ys, lists[b].starts[j + 1] - ys)
                }
            }
        }
        while true {
            // The smallest current key, then step past it in every list that holds it.
            var smallest = -1
            for l in lists.indices where next[l] < lists[l].count {
                if smallest < 0 || compare(l, next[l], smallest, next[smallest]) < 0 { smallest = l }
            }
            if smallest < 0 { return distinct }
            distinct += 1
            let (s, i) = (smallest, next[smallest])
            for l in lists.indices where l != s && next[l] < lists[l].count && compare(l, next[l], s, i) == 0 { next[l] += 1 }
            next[s] += 1
        }
    }
}
