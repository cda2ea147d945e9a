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

    package init(towers: TwinTowers, header: ModelFile.Header, path: String? = nil) {
        self.towers = towers
        self.file = header
        self.path = path
    }

    package var spaceID: String { file.space }
    package var version: String { "\(file.trainedAt) \(file.checksum)" }
    package var dimension: Int { towers.dimension }

    package func itemVector(content: [Float]) -> [Float] { towers.itemVector(content: content) }

    package func userVector(history: [(content: [Float], type: EventType, age: Double)]) -> [Float] {
        let halfLife = file.settings.halfLifeDays * 86_400
        var items: [[Float]] = [], weights: [Float] = []
        for event in history.prefix(file.settings.historyLimit) where event.type.weight > 0 {
            items.append(towers.itemVector(content: event.content))
            let decay = halfLife > 0 ? RecommendService.exp2(-event.age / halfLife) : 1
            weights.append(Float(event.type.weight * decay))
        }
        return towers.userVector(items: items, weights: weights)
    }
}

/// The model file: one JSON object with the vector space it was trained in (encoder space id and content
/// dimension), when, with which settings on which data, the parameters, and an FNV-1a checksum over them.
package enum ModelFile {
    package static let format = "ampere-twin-towers/1"

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

        enum CodingKeys: String, CodingKey {
            case format, space, settings, training, checksum
            case inputDimension = "input_dimension", dimension, trainedAt = "trained_at"
        }
    }

    struct Body: Codable {
        var header: Header
        var mean: [Float]
        var item: [Float]
        var user: [Float]
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
    package static func write(_ towers: TwinTowers, header: Header, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(Body(header: header, mean: towers.mean, item: towers.item, user: towers.user))
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
        guard body.header.format == format else {
            throw ModelFileError("model file \(path) has format \(body.header.format), expected \(format)")
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
        return LearnedModel(towers: towers, header: body.header, path: path)
    }
}

/// A model file that cannot be used.
package struct ModelFileError: Error, CustomStringConvertible {
    package var description: String
    package init(_ description: String) { self.description = description }
}
