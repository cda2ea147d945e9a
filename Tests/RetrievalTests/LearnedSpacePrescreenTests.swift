@testable import Retrieval
import RetrievalFakes
import Testing
import VectorMath

/// An item tower that projects the content onto 24 fixed integer-weighted directions: products with the same title
/// share a vector exactly (ties), and the rest spread densely, so that near the cut of a top-k list scores differ by
/// less than the int8 error and the int8 order alone gets the boundary wrong (what the error bound must cover).
struct CoarseModel: RecommendationModel {
    var spaceID: String
    var version = "coarse-1"
    func itemVector(content: [Float]) -> [Float] {
        (0..<24).map { i in content.indices.reduce(Float(0)) { $0 + content[$1] * Float(($1 * 31 + i * 17) % 13 - 6) } }
    }
    func userVector(history: [(content: [Float], type: EventType, age: Double)]) -> [Float] { [] }
}

@Suite("LearnedSpace: the int8 first pass gives the exact scan's answer")
struct LearnedSpacePrescreenTests {
    /// A seeded catalog of short titles from a small vocabulary: repeated titles give identical vectors.
    static func catalog(_ n: Int, seed: UInt64) -> [ProductDraft] {
        let words = ["red", "lamp", "steel", "oak", "desk", "cable", "usb", "phone", "case", "blue", "chair", "mug"]
        var rng = SplitMix64(seed: seed)
        return (0..<n).map { i in
            let title = (0..<(2 + Int(rng.next() % 3))).map { _ in words[Int(rng.next() % UInt64(words.count))] }
            return ProductDraft(id: "p\(i)", title: title.joined(separator: " "), brand: "b\(i % 3)", category: "c", price: 1)
        }
    }

    @Test func thePrescreenedScanEqualsTheExactScanTiesAndFiltersIncluded() async throws {
        let h = RecommendHarness(model: CoarseModel(spaceID: RecommendHarness().base.encoder.spaceID))
        try await h.base.add(Self.catalog(400, seed: 5))
        let space = try #require(h.service.learnedSpace)
        space.sync(directory: h.base.directory, index: h.base.index)
        #expect(space.count == 400)
        var rng = SplitMix64(seed: 9)
        let evenKeys: @Sendable (Int64) -> Bool = { $0 % 2 == 0 }
        var compared = 0
        for round in 0..<60 {
            // Users: a product's own vector (its duplicates tie with it), or a random direction, at several scales.
            var user: [Float]
            if round % 2 == 0 {
                user = try #require(space.vector(forKey: Int64(1 + rng.next() % 400)) ?? space.vector(forKey: 1))
            } else {
                user = (0..<24).map { _ in Float(Int(rng.next() % 2_001) - 1_000) / 1_000 }
            }
            let scale = [Float(0.01), 1, 40][round % 3]
            user = user.map { $0 * scale }
            for count in [1, 3, 10, 57] {
                for allow in [nil, evenKeys] {
                    let exact = space.top(user, count: count, prescreen: false, allow: allow)
                    let fast = space.top(user, count: count, prescreen: true, allow: allow)
                    #expect(fast.map(\.key) == exact.map(\.key), "round \(round) count \(count)")
                    #expect(fast.map(\.score) == exact.map(\.score))
                    compared += 1
                }
            }
        }
        #expect(compared == 480)
    }

    @Test func removalsKeepTheQuantizedRowsInStepWithTheFloats() async throws {
        let h = RecommendHarness(model: CoarseModel(spaceID: RecommendHarness().base.encoder.spaceID))
        try await h.base.add(Self.catalog(120, seed: 6))
        let space = try #require(h.service.learnedSpace)
        space.sync(directory: h.base.directory, index: h.base.index)
        // Deleting moves the last rows into the freed ones; the first pass must read the moved rows' codes.
        for i in stride(from: 0, to: 120, by: 7) { _ = try await h.base.catalog.delete(id: "p\(i)") }
        space.sync(directory: h.base.directory, index: h.base.index)
        #expect(space.count == 120 - 18)
        var rng = SplitMix64(seed: 3)
        for _ in 0..<40 {
            let user = (0..<24).map { _ in Float(Int(rng.next() % 2_001) - 1_000) / 1_000 }
            let exact = space.top(user, count: 5, prescreen: false)
            let fast = space.top(user, count: 5, prescreen: true)
            #expect(fast.map(\.key) == exact.map(\.key))
        }
    }
}
