import Encoder
import Foundation

/// The image side of an evaluation set: catalogue products with a photo, and the video/live queries
/// that carry key frames, decoded once.
struct EvalImages {
    struct Query { let domain: String; let frames: [RGBImage]; let gold: Set<String> }

    var catalog: [(id: String, image: RGBImage)] = []
    var catalogImages: [[UInt8]] = []
    var queries: [Query] = []

    /// Reads `catalog.jsonl` and `queries.jsonl` from `folder`; first photo per product, every frame.
    static func load(folder: String, minSide: Int = 0, extraOverlay: Bool = false) throws -> EvalImages {
        var set = EvalImages()
        let decoder = ImageDecoder()
        for line in try lines(folder + "/catalog.jsonl") {
            guard let id = line["id"] as? String, let images = line["images"] as? [String], let first = images.first,
                  let bytes = Data(base64Encoded: first) else { continue }
            set.catalogImages.append([UInt8](bytes))
            set.catalog.append((id, try decoder.decode([UInt8](bytes), minSide: minSide)))
        }
        for line in try lines(folder + "/queries.jsonl") {
            guard let domain = line["domain"] as? String, let images = line["images"] as? [String],
                  let gold = line["gold"] as? [String] else { continue }
            let frames = try images.compactMap { Data(base64Encoded: $0) }.map { try decoder.decode([UInt8]($0), minSide: minSide) }
            set.queries.append(Query(domain: domain, frames: extraOverlay ? frames.map(BenchOverlay.apply) : frames,
                                     gold: Set(gold)))
        }
        return set
    }

    private static func lines(_ path: String) throws -> [[String: Any]] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return try text.split(separator: "\n").compactMap {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    /// Recall@1 per domain and MRR (over the catalogue photos only) for `encoder`.
    /// Also the mean cosine of query-to-gold and query-to-other pairs (how far apart the two are tells
    /// fusion how much a visual score says).
    func recall(_ encoder: any VisualEncoder)
        -> (video: Double, live: Double, all: Double, mrr: Double, goldCos: Double, otherCos: Double) {
        let gallery = catalog.map { encoder.encode($0.image) }
        var hits: [String: (Int, Int)] = [:]
        var mrr = 0.0
        var goldSum = 0.0, goldN = 0, otherSum = 0.0, otherN = 0
        for q in queries {
            guard let v = encoder.encode(frames: q.frames) else { continue }
            let scores = gallery.map { g in zip(g, v).reduce(Float(0)) { $0 + $1.0 * $1.1 } }
            for (i, score) in scores.enumerated() {
                if q.gold.contains(catalog[i].id) { goldSum += Double(score); goldN += 1 } else { otherSum += Double(score); otherN += 1 }
            }
            let order = scores.indices.sorted { scores[$0] > scores[$1] }
            let rank = order.firstIndex { q.gold.contains(catalog[$0].id) } ?? order.count
            mrr += rank < 10 ? 1 / Double(rank + 1) : 0
            let h = hits[q.domain, default: (0, 0)]
            hits[q.domain] = (h.0 + (rank == 0 ? 1 : 0), h.1 + 1)
        }
        func r(_ k: String) -> Double { hits[k].map { Double($0.0) / Double(max(1, $0.1)) } ?? 0 }
        let total = hits.values.reduce((0, 0)) { ($0.0 + $1.0, $0.1 + $1.1) }
        return (r("video"), r("live"), Double(total.0) / Double(max(1, total.1)), mrr / Double(max(1, queries.count)),
                goldSum / Double(max(1, goldN)), otherSum / Double(max(1, otherN)))
    }
}
