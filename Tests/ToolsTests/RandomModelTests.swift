import App
import Foundation
import Testing
@testable import Tools

/// `bench-recommend`'s seeded random model: with co-purchase ids it is a format-2 file whose table covers them
/// (so the benchmark pays for the evidence), the same seed gives the same file, and without ids it has no table.
@Suite struct RandomModelTests {
    static func path() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("ampere-random-\(UUID().uuidString).json").path
    }

    @Test func aCoPurchaseTableOverTheGivenIdsIsWrittenAndReadBack() throws {
        let ids = (0..<50).map { "p\($0)" }
        let (a, b, plain) = (Self.path(), Self.path(), Self.path())
        defer { for p in [a, b, plain] { try? FileManager.default.removeItem(atPath: p) } }
        try RecTrain.randomModel(space: "s", inputDimension: 8, dimension: 4, seed: 3, path: a, coPurchase: ids, baskets: 40)
        try RecTrain.randomModel(space: "s", inputDimension: 8, dimension: 4, seed: 3, path: b, coPurchase: ids, baskets: 40)
        let model = try ModelFile.read(path: a)
        #expect(model.coPurchase?.ids == ids && model.blend == 32)
        #expect(ids.contains { model.baskets($0) > 0 } && ids.allSatisfy { model.knowsCoPurchase($0) })
        let busiest = try #require(ids.max { model.baskets($0) < model.baskets($1) })
        #expect(!model.coPurchaseEvidence([(id: busiest, weight: 1)]).isEmpty)
        #expect(try ModelFile.read(path: b).coPurchase == model.coPurchase)
        try RecTrain.randomModel(space: "s", inputDimension: 8, dimension: 4, seed: 3, path: plain)
        #expect(try ModelFile.read(path: plain).coPurchase == nil)
    }
}
