import Retrieval
import Synchronization

/// An `AppearanceEncoding` that needs no model: a hashed bag of words, L2-normalised.
///
/// Each term of the text (`LexicalAnalyzer.terms`) adds 1 to bucket `fnv1a(term) % dimension`, each image adds 1
/// to the bucket of its bytes' hash, and the sum is normalised; texts sharing words are therefore close, and the
/// same input always gives the same vector. An input with no terms and no images gives the uniform unit vector.
/// Every call is recorded (`calls`) with whether it came through `embedQuery`.
package final class FixedEncoder: AppearanceEncoding, Sendable {
    /// One recorded call.
    package struct Call: Sendable, Equatable {
        /// The text passed in.
        package var text: String?
        /// How many images were passed in.
        package var imageCount: Int
        /// True for `embedQuery`, false for `embed`.
        package var isQuery: Bool

        /// A call record.
        package init(text: String?, imageCount: Int, isQuery: Bool) {
            self.text = text
            self.imageCount = imageCount
            self.isQuery = isQuery
        }
    }

    package let spaceID: String
    package let dimension: Int
    private let recorded = Mutex<[Call]>([])

    /// An encoder of `dimension`-long vectors.
    package init(dimension: Int = 16) {
        precondition(dimension > 0)
        self.dimension = dimension
        self.spaceID = "fixed-bag-of-words-\(dimension)"
    }

    /// Every call so far, in order.
    package var calls: [Call] { recorded.withLock { $0 } }

    package func embed(text: String?, images: [[UInt8]]) async throws -> Embedding {
        recorded.withLock { $0.append(Call(text: text, imageCount: images.count, isQuery: false)) }
        return embedding(text: text, images: images)
    }

    package func embedQuery(text: String?, images: [[UInt8]]) async throws -> Embedding {
        recorded.withLock { $0.append(Call(text: text, imageCount: images.count, isQuery: true)) }
        return embedding(text: text, images: images)
    }

    /// The vector for `text` and `images`, without recording a call (for computing expectations).
    package func vector(text: String?, images: [[UInt8]] = []) -> [Float] {
        embedding(text: text, images: images).fused
    }

    func embedding(text: String?, images: [[UInt8]]) -> Embedding {
        var textBranch: [Float]?
        if let text {
            var v = [Float](repeating: 0, count: dimension)
            for term in LexicalAnalyzer.terms(text) { v[bucket(Array(term.utf8))] += 1 }
            textBranch = normalised(v)
        }
        var visual: [Float]?
        if !images.isEmpty {
            var v = [Float](repeating: 0, count: dimension)
            for image in images { v[bucket(image)] += 1 }
            visual = normalised(v)
        }
        var fused = [Float](repeating: 0, count: dimension)
        for branch in [textBranch, visual].compactMap({ $0 }) {
            for i in 0..<dimension { fused[i] += branch[i] }
        }
        return Embedding(fused: normalised(fused), text: textBranch, visual: visual)
    }

    func bucket(_ bytes: [UInt8]) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a, 64 bit
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return Int(hash % UInt64(dimension))
    }

    func normalised(_ v: [Float]) -> [Float] {
        let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        guard norm > 0 else { return [Float](repeating: 1 / Float(dimension).squareRoot(), count: dimension) }
        return v.map { $0 / norm }
    }
}
