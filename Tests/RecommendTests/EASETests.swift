import Foundation
@testable import Recommend
import Testing
import VectorMath

/// EASE co-purchase weights (closed form B = −P/diag(P), P = (XᵀX + λI)⁻¹), the table built from them, and the
/// evidence that keeps positive sums only.
@Suite struct EASETests {
    @Test func theInverseTimesTheRegularisedGramIsTheIdentity() throws {
        var rng = SplitMix64(seed: 7)
        let m = 9
        let baskets = (0..<40).map { _ in (0..<4).map { _ in Int(rng.next() % UInt64(m)) } }
        let gram = EASE.gram(baskets, items: m)
        var p = gram
        try EASE.regularisedInverse(&p, items: m, lambda: 1.5)
        var worst = 0.0
        for i in 0..<m {
            for j in 0..<m {
                var s = 0.0
                for k in 0..<m { s += (gram[i * m + k] + (i == k ? 1.5 : 0)) * p[k * m + j] }
                worst = max(worst, abs(s - (i == j ? 1 : 0)))
            }
        }
        #expect(worst < 1e-9)
        // A singular Gram matrix without a ridge has no inverse.
        var singular = EASE.gram([[0, 1], [0, 1]], items: 2)
        #expect(throws: TowerError.self) { try EASE.regularisedInverse(&singular, items: 2, lambda: 0) }
    }

    @Test func twoItemsGiveTheClosedForm() throws {
        // G = [[3, 2], [2, 2]], λ = 1: B₀₁ = c / (n₀ + λ) = 2/4, B₁₀ = c / (n₁ + λ) = 2/3.
        let t = try #require(try EASE.table(baskets: [[0, 1], [0, 1], [0]], items: 3, lambda: 1, neighbours: 10, maxItems: 10))
        #expect(t.baskets == [3, 2, 0])
        #expect(t.rows[0] == [1] && abs(t.weights[0][0] - 0.5) < 1e-6)
        #expect(t.rows[1] == [0] && abs(t.weights[1][0] - Float(2.0 / 3)) < 1e-6)
        #expect(t.rows[2].isEmpty)
    }

    @Test func aSubstituteGetsANegativeWeightAndNoEvidence() throws {
        // 0 and 1 are each bought with 2, never together: given the history's 0, item 2 explains the co-occurrence
        // and 1 is less likely than an item never seen with either (B₀₁ = −2/7, B₀₂ = 2/3 at λ = 1).
        var settings = CoPurchaseTable.Settings()
        settings.method = .ease
        settings.lambda = 1
        let table = CoPurchaseTable(baskets: [[0, 2], [1, 2], [0, 2], [1, 2], [2]], items: 4, settings: settings)
        #expect(table.rows[0] == [2, 1])  // by magnitude: 2/3, then −2/7
        #expect(abs(table.weights[0][0] - Float(2.0 / 3)) < 1e-6)
        #expect(abs(table.weights[0][1] + Float(2.0 / 7)) < 1e-6)
        let e = table.evidence([(item: 0, weight: 1)])
        #expect(abs(e[2]! - Float(2.0 / 3)) < 1e-6)
        #expect(e[1] == nil && e[3] == nil)
        #expect(e.values.allSatisfy { $0 > 0 })
    }

    @Test func pastItsItemCapTheTableIsTheCosine() {
        let baskets = [[0, 1], [0, 1], [0, 1, 2], [3], [1, 0]]
        var settings = CoPurchaseTable.Settings()
        settings.method = .ease
        settings.easeMaxItems = 3  // four items have baskets
        let capped = CoPurchaseTable(baskets: baskets, items: 5, settings: settings)
        #expect(capped == CoPurchaseTable(baskets: baskets, items: 5, settings: .init()))
        settings.easeMaxItems = 4
        #expect(CoPurchaseTable(baskets: baskets, items: 5, settings: settings) != capped)
    }

    @Test func settingsWithoutAMethodReadAsTheCosine() throws {
        let old = try JSONDecoder().decode(CoPurchaseTable.Settings.self,
                                           from: Data(#"{"neighbours":50,"exponent":1,"borrow":2}"#.utf8))
        #expect(old.method == .cosine && old.neighbours == 50 && old.exponent == 1 && old.borrow == 2)
        var ease = CoPurchaseTable.Settings()
        ease.method = .ease
        ease.lambda = 800
        let back = try JSONDecoder().decode(CoPurchaseTable.Settings.self, from: JSONEncoder().encode(ease))
        #expect(back == ease)
    }
}
