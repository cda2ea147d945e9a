import Recommend
import Testing

/// The co-purchase table the learned mode stores: top neighbours by basket cosine^p, popularity, and the rows a
/// cold item (no training basket) borrows from its nearest warm items in the learned space.
@Suite struct CoPurchaseTableTests {
    /// Items 0-1 always bought together, 2 with 0 once, 3 alone, 4 never (cold).
    static let baskets = [[0, 1], [0, 1], [0, 1, 2], [3], [1, 0]]

    @Test func neighboursAreTheBasketCosineToThePowerStrongestFirst() {
        var settings = CoPurchaseTable.Settings()
        settings.exponent = 2
        let table = CoPurchaseTable(baskets: Self.baskets, items: 5, settings: settings)
        #expect(table.baskets == [4, 4, 1, 1, 0])
        #expect(table.rows[0] == [1, 2])
        #expect(abs(table.weights[0][0] - 1) < 1e-6)  // co 4 / sqrt(4·4)
        #expect(abs(table.weights[0][1] - 0.25) < 1e-6)  // (1 / sqrt(4·1))²
        #expect(table.rows[3].isEmpty && table.rows[4].isEmpty)
        settings.neighbours = 1
        #expect(CoPurchaseTable(baskets: Self.baskets, items: 5, settings: settings).rows[0] == [1])
    }

    @Test func evidenceIsTheWeightedMeanOfTheHistoryRows() {
        let table = CoPurchaseTable(baskets: Self.baskets, items: 5, settings: .init())
        let e = table.evidence([(item: 1, weight: 3), (item: 3, weight: 1)])
        #expect(abs(e[0]! - 0.75) < 1e-6)  // (3·1 + 1·0) / 4
        #expect(e[3] == nil && e[4] == nil)
        #expect(table.evidence([]).isEmpty)
    }

    @Test func aColdItemBorrowsItsNearestWarmItemsRowsBothWays() {
        var settings = CoPurchaseTable.Settings()
        settings.borrow = 1
        var table = CoPurchaseTable(baskets: Self.baskets, items: 5, settings: settings)
        // Learned-space vectors (2-d): item 4 sits on item 1, far from the rest.
        let projected: [Float] = [0, 1, /* 1 */ 1, 0, /* 2 */ 0, 1, /* 3 */ -1, 0, /* 4 */ 1, 0]
        table.borrowRows(projected: projected, dimension: 2, settings: settings)
        // 4 takes 1's row (0 at 1.0, 2 at 0.25) ...
        #expect(table.rows[4] == [0, 2])
        // ... and buying 0 now gives evidence to the cold item, as it does to 1.
        let e = table.evidence([(item: 0, weight: 1)])
        #expect(abs(e[4]! - e[1]!) < 1e-6 && e[4]! > 0)
        // Warm rows are otherwise unchanged; an item not co-bought with 1 gives none.
        #expect(table.evidence([(item: 3, weight: 1)])[4] == nil)
    }

    @Test func mismatchedRowsAreRefused() {
        #expect(throws: TowerError.self) { try CoPurchaseTable(rows: [[1]], weights: [[1]], baskets: [1]) }
        #expect(throws: TowerError.self) { try CoPurchaseTable(rows: [[]], weights: [[1]], baskets: [1]) }
        #expect(throws: Never.self) { try CoPurchaseTable(rows: [[1], [0]], weights: [[0.5], [0.5]], baskets: [1, 1]) }
    }
}
