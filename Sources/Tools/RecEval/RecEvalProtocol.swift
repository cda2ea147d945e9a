import Recommend
import Retrieval

/// The DEV protocol of the shared log's README: leave-last-basket-out cases for customers with 2 or more baskets,
/// in three settings (`all`, `new-only`, `cold`), full ranking over the catalog, one target drawn per case
/// without a random generator.
package struct RecEvalProtocol: Sendable {
    /// One evaluation case.
    package struct Case: Sendable {
        /// The customer.
        package var user: String
        /// Catalog index → the number of history baskets holding it.
        package var history: [Int: Int]
        /// The history as purchase events (one per history basket and item), for the served path.
        package var events: [(item: Int, seconds: Double)]
        /// Target catalog indices.
        package var targets: Set<Int>
        /// The drawn target (HR@10 and NDCG@10).
        package var drawn: Int
        /// Catalog indices never ranked (new-only and cold: the history).
        package var excluded: Set<Int>
    }

    /// One setting: its cases and the training data its baselines see.
    package struct Setting: Sendable {
        package var name: String
        package var cases: [Case]
        /// Catalog index → training baskets holding it.
        package var popularity: [Int]
        /// Training baskets as catalog indices.
        package var training: [[Int]]
        /// The same baskets as each customer's chronological sequence (what `rec-train` learns from).
        package var sequences: [[TowerTrainer.Basket]] = []
    }

    /// Catalog ids in byte order (ties in every ranking go to this order).
    package var items: [String]
    package var settings: [Setting]
    /// The cold items (by catalog index).
    package var cold: Set<Int>

    /// Builds the three settings from the cleaned log and the catalog ids (items outside the catalog are dropped).
    package init(log: RetailLog, catalog: [String]) {
        let items = catalog.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        self.items = items
        var indexOf: [String: Int] = [:]
        for (i, id) in items.enumerated() { indexOf[id] = i }
        let baskets = log.baskets.map { b in (b, b.items.compactMap { indexOf[$0] }) }
        var byCustomer: [String: [Int]] = [:]
        for (i, (b, _)) in baskets.enumerated() { byCustomer[b.customer, default: []].append(i) }
        var targetBaskets = Set<Int>()
        for (_, list) in byCustomer where list.count >= 2 { targetBaskets.insert(list.last!) }
        let training = baskets.enumerated().filter { !targetBaskets.contains($0.offset) }.map(\.element.1)

        // Cold items: by cleaned baskets holding them (most first, ties by code), blocks of 5, the smallest
        // sha256("0:cold:" + code) of each full block.
        var held = [Int](repeating: 0, count: items.count)
        for (_, b) in baskets { for i in b { held[i] += 1 } }
        let order = items.indices.sorted { held[$0] != held[$1] ? held[$0] > held[$1] : $0 < $1 }
        var cold = Set<Int>()
        var start = 0
        while start + 5 <= order.count {
            let block = order[start..<start + 5]
            cold.insert(block.min { Self.digest("0:cold:" + items[$0]).lexicographicallyPrecedes(Self.digest("0:cold:" + items[$1])) }!)
            start += 5
        }

        let count = items.count
        func popularity(_ training: [[Int]]) -> [Int] {
            var p = [Int](repeating: 0, count: count)
            for b in training { for i in b { p[i] += 1 } }
            return p
        }
        var all: [Case] = [], newOnly: [Case] = [], coldCases: [Case] = []
        for user in byCustomer.keys.sorted() {
            let list = byCustomer[user]!
            guard list.count >= 2 else { continue }
            var history: [Int: Int] = [:]
            var events: [(item: Int, seconds: Double)] = []
            for bi in list.dropLast() {
                for i in baskets[bi].1 { history[i, default: 0] += 1; events.append((i, baskets[bi].0.seconds)) }
            }
            let target = Set(baskets[list.last!].1)
            if !target.isEmpty {
                all.append(Case(user: user, history: history, events: events, targets: target,
                                drawn: Self.draw(target, user: user, items: items), excluded: []))
            }
            let fresh = target.subtracting(history.keys)
            if !fresh.isEmpty {
                newOnly.append(Case(user: user, history: history, events: events, targets: fresh,
                                    drawn: Self.draw(fresh, user: user, items: items), excluded: Set(history.keys)))
            }
            let warm = history.filter { !cold.contains($0.key) }
            let coldTargets = target.intersection(cold)
            if !warm.isEmpty, !coldTargets.isEmpty {
                coldCases.append(Case(user: user, history: warm, events: events.filter { !cold.contains($0.item) },
                                      targets: coldTargets, drawn: Self.draw(coldTargets, user: user, items: items),
                                      excluded: Set(warm.keys)))
            }
        }
        let coldTraining = training.map { $0.filter { !cold.contains($0) } }
        var sequences: [[TowerTrainer.Basket]] = [], coldSequences: [[TowerTrainer.Basket]] = []
        for user in byCustomer.keys.sorted() {
            let kept = byCustomer[user]!.filter { !targetBaskets.contains($0) }
            let sequence = kept.map { TowerTrainer.Basket(items: baskets[$0].1, seconds: baskets[$0].0.seconds) }
                .filter { !$0.items.isEmpty }
            let coldFree = sequence.map { TowerTrainer.Basket(items: $0.items.filter { !cold.contains($0) }, seconds: $0.seconds) }
                .filter { !$0.items.isEmpty }
            if !sequence.isEmpty { sequences.append(sequence) }
            if !coldFree.isEmpty { coldSequences.append(coldFree) }
        }
        self.cold = cold
        settings = [
            Setting(name: "all", cases: all, popularity: popularity(training), training: training, sequences: sequences),
            Setting(name: "new-only", cases: newOnly, popularity: popularity(training), training: training,
                    sequences: sequences),
            Setting(name: "cold", cases: coldCases, popularity: popularity(coldTraining), training: coldTraining,
                    sequences: coldSequences),
        ]
    }

    /// The drawn target: the sorted codes at `int(sha256("0:" + user)[:16], 16) mod count`.
    static func draw(_ targets: Set<Int>, user: String, items: [String]) -> Int {
        let sorted = targets.sorted()  // catalog indices are in code order
        let d = digest("0:" + user)
        let head = d.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return sorted[Int(head % UInt64(sorted.count))]
    }

    static func digest(_ text: String) -> [UInt8] { SHA256.hash(Array(text.utf8)) }
}
