/// The phrase start positions still alive in the current candidate document: a growable buffer in
/// manually managed memory, so the per-candidate loop pays no copy-on-write or exclusivity checks.
final class PhraseStarts {
    private var buffer: UnsafeMutablePointer<UInt32>
    private var capacity: Int

    init(capacity: Int = 64) {
        self.capacity = max(1, capacity)
        buffer = .allocate(capacity: self.capacity)
    }

    deinit {
        buffer.deallocate()
    }

    /// A buffer of at least `needed` values; its contents are not kept when it grows.
    @inline(__always)
    func reserve(_ needed: Int) -> UnsafeMutablePointer<UInt32> {
        if needed > capacity {
            buffer.deallocate()
            capacity = max(needed, capacity * 2)
            buffer = .allocate(capacity: capacity)
        }
        return buffer
    }
}
