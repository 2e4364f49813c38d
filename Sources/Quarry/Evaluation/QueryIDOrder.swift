/// The order in which query ids are listed when no file gives one.
enum QueryIDOrder {
    /// Sorted numerically when every id is a whole number, else by their UTF-8 bytes.
    static func sorted(_ ids: [String]) -> [String] {
        let bytewise: (String, String) -> Bool = { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        guard ids.allSatisfy({ Int($0) != nil }) else { return ids.sorted(by: bytewise) }
        return ids.sorted { a, b in
            let x = Int(a)!, y = Int(b)!
            return x != y ? x < y : bytewise(a, b)
        }
    }
}
