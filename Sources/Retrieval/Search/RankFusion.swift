/// Reciprocal-rank fusion of ranked lists (Cormack et al., 2009): score = Σ weight / (k + rank).
///
/// RRF needs no score calibration between channels (cosine and BM25 live on different scales), which is why it
/// is the default way the hybrid mode combines them.
public struct RankFusion: Sendable {
    /// The damping constant; 60 is the usual choice.
    public var k: Double
    /// Weight of the vector channel.
    public var vectorWeight: Double
    /// Weight of the lexical channel.
    public var lexicalWeight: Double

    /// Creates a fusion with the given constants.
    public init(k: Double = 60, vectorWeight: Double = 1, lexicalWeight: Double = 1) {
        self.k = k
        self.vectorWeight = vectorWeight
        self.lexicalWeight = lexicalWeight
    }

    /// Fuses two ranked id lists (best first) into one, best first, with fused scores.
    public func fuse(vector: [String], lexical: [String]) -> [(id: String, score: Double)] {
        var scores: [String: Double] = [:]
        var firstSeen: [String: Int] = [:]
        for (rank, id) in vector.enumerated() {
            scores[id, default: 0] += vectorWeight / (k + Double(rank + 1))
            if firstSeen[id] == nil { firstSeen[id] = firstSeen.count }
        }
        for (rank, id) in lexical.enumerated() {
            scores[id, default: 0] += lexicalWeight / (k + Double(rank + 1))
            if firstSeen[id] == nil { firstSeen[id] = firstSeen.count }
        }
        return scores.map { ($0.key, $0.value) }.sorted {
            $0.1 != $1.1 ? $0.1 > $1.1 : firstSeen[$0.0]! < firstSeen[$1.0]!
        }
    }
}
