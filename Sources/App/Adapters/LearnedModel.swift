import Foundation
import Recommend
import Retrieval

/// A trained twin-tower model (`ampere rec-train`) as the `RecommendationModel` port: the item tower over a content
/// vector, the user tower over a history weighted as training weighed it (event type × recency half-life).
package final class LearnedModel: RecommendationModel {
    package let towers: TwinTowers
    package let file: ModelFile.Header
    /// Where it was read from (for `/health`), if from a file.
    package let path: String?

    /// The co-purchase neighbours of the training log by product id (format 2; nil for a format-1 file).
    package let coPurchase: ModelFile.CoPurchase?
    /// Product id → row of `coPurchase`.
    let row: [String: Int]
    /// `coPurchase` by row, for its evidence (`CoPurchaseTable.evidence`).
    let table: CoPurchaseTable?

    package init(towers: TwinTowers, header: ModelFile.Header, path: String? = nil, coPurchase: ModelFile.CoPurchase? = nil) {
        self.towers = towers
        self.file = header
        self.path = path
        self.coPurchase = coPurchase
        var row: [String: Int] = [:]
        for (i, id) in (coPurchase?.ids ?? []).enumerated() { row[id] = i }
        self.row = row
        // `ModelFile.read` validated the sizes and checksum; a table built in process is consistent by construction.
        table = coPurchase.flatMap {
            try? CoPurchaseTable(rows: $0.rows.map { $0.map(Int32.init) }, weights: $0.weights,
                                 baskets: $0.baskets.map(Int32.init))
        }
    }

    package var blend: Double { Double(coPurchase?.blend ?? 0) }

    /// Σₕ wₕ·(co-purchase row of h) / Σₕ wₕ by product id, and each history product's training basket count.
    package func coPurchaseEvidence(_ history: [(id: String, weight: Double)]) -> [String: Double] {
        guard let table, let ids = coPurchase?.ids else { return [:] }
        let rows = history.compactMap { h in row[h.id].map { (item: $0, weight: Float(h.weight)) } }
        var out: [String: Double] = [:]
        for (j, e) in table.evidence(rows) { out[ids[j]] = Double(e) }
        return out
    }

    /// Training baskets holding `id` (0 if unknown).
    package func baskets(_ id: String) -> Int { row[id].map { coPurchase!.baskets[$0] } ?? 0 }

    package func knowsCoPurchase(_ id: String) -> Bool { row[id] != nil }

    package var spaceID: String { file.space }
    package var version: String { "\(file.trainedAt) \(file.checksum)" }
    package var dimension: Int { towers.dimension }

    package func itemVector(content: [Float]) -> [Float] { towers.itemVector(content: content) }

    package func userVector(history: [(content: [Float], type: EventType, age: Double)]) -> [Float] {
        userVector(projected: history.prefix(file.settings.historyLimit).filter { $0.type.weight > 0 }
            .map { (towers.itemVector(content: $0.content), $0.type, $0.age) })
    }

    package func userVector(projected history: [(vector: [Float], type: EventType, age: Double)]) -> [Float] {
        let halfLife = file.settings.halfLifeDays * 86_400
        var items: [[Float]] = [], weights: [Float] = []
        for event in history.prefix(file.settings.historyLimit) where event.type.weight > 0 {
            items.append(event.vector)
            let decay = halfLife > 0 ? RecommendService.exp2(-event.age / halfLife) : 1
            weights.append(Float(event.type.weight * decay))
        }
        return towers.userVector(items: items, weights: weights)
    }
}

/// The model file: one JSON object with the vector space it was trained in (encoder space id and content
/// dimension), when, with which settings on which data, the parameters, and an FNV-1a checksum over them.
package enum ModelFile {
    package static let format = "ampere-twin-towers/2"
    /// Older formats still read: 1 has no co-purchase table.
    package static let readable = ["ampere-twin-towers/1", format]

    /// The co-purchase table by product id (`CoPurchaseTable`) and the blend weight chosen on validation.
    package struct CoPurchase: Codable, Sendable, Equatable {
        package var ids: [String]
        package var rows: [[Int]]
        package var weights: [[Float]]
        package var baskets: [Int]
        package var blend: Float
        package var settings: CoPurchaseTable.Settings

        package init(ids: [String], table: CoPurchaseTable, blend: Float, settings: CoPurchaseTable.Settings) {
            self.ids = ids
            rows = table.rows.map { $0.map(Int.init) }
            weights = table.weights
            baskets = table.baskets.map(Int.init)
            self.blend = blend
            self.settings = settings
        }

        func validate() throws {
            guard rows.count == ids.count, weights.count == ids.count, baskets.count == ids.count,
                  zip(rows, weights).allSatisfy({ $0.count == $1.count }),
                  rows.allSatisfy({ $0.allSatisfy { $0 >= 0 && $0 < ids.count } }),
                  weights.allSatisfy({ $0.allSatisfy(\.isFinite) }), blend.isFinite, blend >= 0 else {
                throw ModelFileError("co-purchase table sizes do not match")
            }
        }

        /// FNV-1a over ids, rows, weights, baskets and the blend.
        var checksum: String {
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            func mix(_ x: UInt64) { for s in stride(from: 0, to: 64, by: 8) { h = (h ^ ((x >> UInt64(s)) & 0xff)) &* 0x100_0000_01b3 } }
            for id in ids { for b in id.utf8 { mix(UInt64(b)) }; mix(0xff) }
            for r in rows { mix(UInt64(r.count)); for j in r { mix(UInt64(j)) } }
            for w in weights { for x in w { mix(UInt64(x.bitPattern)) } }
            for b in baskets { mix(UInt64(b)) }
            mix(UInt64(blend.bitPattern))
            let hex = String(h, radix: 16)
            return "fnv1a64:" + String(repeating: "0", count: 16 - hex.count) + hex
        }
    }

    /// Everything but the parameters.
    package struct Header: Codable, Sendable, Equatable {
        package var format: String
        /// `AppearanceEncoding.spaceID` of the encoder whose vectors the towers take.
        package var space: String
        package var inputDimension: Int
        package var dimension: Int
        /// ISO-8601, UTC.
        package var trainedAt: String
        package var settings: TowerTrainer.Settings
        /// What it was trained on (free form: data, examples, seconds, loss).
        package var training: [String: String]
        /// `fnv1a64:<16 hex digits>` over the parameters (`TwinTowers.checksum`).
        package var checksum: String
        /// The same over the co-purchase table (format 2 with a table).
        package var coPurchaseChecksum: String?

        enum CodingKeys: String, CodingKey {
            case format, space, settings, training, checksum
            case inputDimension = "input_dimension", dimension, trainedAt = "trained_at"
            case coPurchaseChecksum = "copurchase_checksum"
        }
    }

    struct Body: Codable {
        var header: Header
        var mean: [Float]
        var item: [Float]
        var user: [Float]
        var copurchase: CoPurchase?
    }

    /// The header for `towers` trained now in `space`.
    package static func header(for towers: TwinTowers, space: String, settings: TowerTrainer.Settings,
                               training: [String: String], trainedAt: Date = Date()) -> Header {
        let formatter = ISO8601DateFormatter()
        return Header(format: format, space: space, inputDimension: towers.inputDimension, dimension: towers.dimension,
                      trainedAt: formatter.string(from: trainedAt), settings: settings, training: training,
                      checksum: checksumText(towers))
    }

    static func checksumText(_ towers: TwinTowers) -> String {
        let hex = String(towers.checksum, radix: 16)
        return "fnv1a64:" + String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// Writes the model atomically.
    package static func write(_ towers: TwinTowers, header: Header, coPurchase: CoPurchase? = nil, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var header = header
        header.coPurchaseChecksum = coPurchase?.checksum
        let data = try encoder.encode(Body(header: header, mean: towers.mean, item: towers.item, user: towers.user,
                                           copurchase: coPurchase))
        try data.write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    /// Reads and verifies a model file (format, sizes, checksum).
    package static func read(path: String) throws -> LearnedModel {
        let body: Body
        do {
            body = try JSONDecoder().decode(Body.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw ModelFileError("cannot read model file \(path): \(error)")
        }
        guard readable.contains(body.header.format) else {
            throw ModelFileError("model file \(path) has format \(body.header.format), expected one of \(readable)")
        }
        if let table = body.copurchase {
            try table.validate()
            guard table.checksum == body.header.coPurchaseChecksum else {
                throw ModelFileError("model file \(path): co-purchase checksum \(table.checksum) does not match")
            }
        }
        let towers: TwinTowers
        do {
            towers = try TwinTowers(inputDimension: body.header.inputDimension, dimension: body.header.dimension,
                                    mean: body.mean, item: body.item, user: body.user)
        } catch {
            throw ModelFileError("model file \(path): \(error)")
        }
        guard checksumText(towers) == body.header.checksum else {
            throw ModelFileError("model file \(path): checksum \(checksumText(towers)) does not match \(body.header.checksum)")
        }
        return LearnedModel(towers: towers, header: body.header, path: path, coPurchase: body.copurchase)
    }
}

/// A model file that cannot be used.
package struct ModelFileError: Error, CustomStringConvertible {
    package var description: String
    package init(_ description: String) { self.description = description }
}
