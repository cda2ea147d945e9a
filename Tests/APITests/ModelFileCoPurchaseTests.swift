import App
import Foundation
import Recommend
import Retrieval
import Testing

/// The model file's format 2 carries the co-purchase table and its blend weight; a format-1 file (towers only)
/// still loads, and a table whose checksum does not match is refused.
@Suite struct ModelFileCoPurchaseTests {
    static func towers() throws -> TwinTowers {
        try TwinTowers(inputDimension: 2, dimension: 2, mean: [0, 0], item: [1, 0, 0, 1], user: [1, 0, 0, 1])
    }

    static func path() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("ampere-model-\(UUID().uuidString).json").path
    }

    @Test func theCoPurchaseTableRoundTripsAndScoresByProductID() throws {
        let towers = try Self.towers()
        let table = CoPurchaseTable(baskets: [[0, 1], [0, 1], [0, 2]], items: 3, settings: .init())
        let coPurchase = ModelFile.CoPurchase(ids: ["a", "b", "c"], table: table, blend: 8, settings: .init())
        let path = Self.path()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try ModelFile.write(towers, header: ModelFile.header(for: towers, space: "s", settings: .init(), training: [:]),
                            coPurchase: coPurchase, to: path)
        let model = try ModelFile.read(path: path)
        #expect(model.file.format == "ampere-twin-towers/2")
        #expect(model.coPurchase == coPurchase && model.blend == 8)
        #expect(model.baskets("a") == 3 && model.baskets("zzz") == 0)
        let e = model.coPurchaseEvidence([(id: "b", weight: 1), (id: "unknown", weight: 5)])
        #expect(e.keys.sorted() == ["a"] && abs(e["a"]! - 4.0 / 6.0) < 1e-5, "\(e)")
    }

    @Test func aFormatOneFileStillLoadsWithoutATable() throws {
        let towers = try Self.towers()
        var header = ModelFile.header(for: towers, space: "s", settings: .init(), training: [:])
        header.format = "ampere-twin-towers/1"
        let path = Self.path()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try ModelFile.write(towers, header: header, to: path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!text.contains("copurchase"))
        let model = try ModelFile.read(path: path)
        #expect(model.coPurchase == nil && model.blend == 0)
        #expect(model.coPurchaseEvidence([(id: "a", weight: 1)]).isEmpty)
        header.format = "ampere-twin-towers/9"
        try ModelFile.write(towers, header: header, to: path)
        #expect(throws: ModelFileError.self) { try ModelFile.read(path: path) }
    }

    @Test func aTamperedTableIsRefused() throws {
        let towers = try Self.towers()
        let table = CoPurchaseTable(baskets: [[0, 1]], items: 2, settings: .init())
        let path = Self.path()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try ModelFile.write(towers, header: ModelFile.header(for: towers, space: "s", settings: .init(), training: [:]),
                            coPurchase: .init(ids: ["a", "b"], table: table, blend: 1, settings: .init()), to: path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try text.replacingOccurrences(of: "\"blend\":1", with: "\"blend\":2")
            .write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: ModelFileError.self) { try ModelFile.read(path: path) }
    }
}
