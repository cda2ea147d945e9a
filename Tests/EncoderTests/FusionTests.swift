import Encoder
import Testing

@Suite("fusion")
struct FusionTests {
    static func dot(_ a: [Float], _ b: [Float]) -> Float { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }
    static func norm(_ a: [Float]) -> Float { dot(a, a).squareRoot() }

    let fusion = EmbeddingFusion(textDimension: 3, visualDimension: 4, weights: FusionWeights(text: 1, visual: 0.5))
    let queryText: [Float] = [1, 2, 2]
    let productText: [Float] = [2, 1, 2]
    let productImage: [Float] = [1, 0, 0, 1]

    @Test("a text-only query scores the same against a product with and without photos")
    func missingBranchContributesNothing() {
        let query = fusion.fuse(text: queryText, visual: nil).vector
        let withPhoto = fusion.fuse(text: productText, visual: productImage).vector
        let withoutPhoto = fusion.fuse(text: productText, visual: nil).vector
        #expect(Self.dot(query, withPhoto) == Self.dot(query, withoutPhoto))
        // And the score is the text cosine scaled by s_t²: the visual block adds nothing.
        let (st, _) = fusion.weights.scales
        let textCos = Self.dot(EmbeddingFusion.normalized(queryText), EmbeddingFusion.normalized(productText))
        #expect(abs(Self.dot(query, withPhoto) - st * st * textCos) < 1e-6)
        // Why no renormalisation: cosine on fused vectors would favour the product *without* a photo.
        let cosine = { (a: [Float], b: [Float]) in Self.dot(a, b) / (Self.norm(a) * Self.norm(b)) }
        #expect(cosine(query, withoutPhoto) > cosine(query, withPhoto) + 0.05)
    }

    @Test("the missing branch is an exact zero block; the branches keep their own vectors")
    func layout() {
        let f = fusion.fuse(text: nil, visual: productImage)
        #expect(f.vector.count == 7 && f.vector[0..<3].allSatisfy { $0 == 0 })
        #expect(f.text == nil && f.visual == EmbeddingFusion.normalized(productImage))
        let t = fusion.fuse(text: queryText, visual: nil)
        #expect(t.vector[3..<7].allSatisfy { $0 == 0 })
    }

    @Test("branches are L2-normalised before weighting; both present gives a unit vector")
    func normalisation() {
        let f = fusion.fuse(text: queryText.map { $0 * 100 }, visual: productImage)
        #expect(abs(Self.norm(f.vector) - 1) < 1e-6)
        let (st, sv) = fusion.weights.scales
        #expect(abs(Self.norm(Array(f.vector[0..<3])) - st) < 1e-6)
        #expect(abs(Self.norm(Array(f.vector[3..<7])) - sv) < 1e-6)
        #expect(abs(st / sv - 2) < 1e-6)  // weights 1 : 0.5
    }

    @Test("weights shift the balance between branches")
    func weights() {
        let textHeavy = EmbeddingFusion(textDimension: 3, visualDimension: 4, weights: FusionWeights(text: 1, visual: 0.1))
        let imageHeavy = EmbeddingFusion(textDimension: 3, visualDimension: 4, weights: FusionWeights(text: 0.1, visual: 1))
        // Query matches the product's photo exactly but not its text.
        let qt: [Float] = [1, 0, 0], pt: [Float] = [0, 1, 0]
        for (f, expectHigh) in [(textHeavy, false), (imageHeavy, true)] {
            let s = Self.dot(f.fuse(text: qt, visual: productImage).vector, f.fuse(text: pt, visual: productImage).vector)
            #expect((s > 0.5) == expectHigh)
        }
    }

    @Test("several frames average into one unit visual vector; no frames is nil")
    func frameAveraging() {
        let avg = EmbeddingFusion.average([[1, 0, 0, 0], [0, 1, 0, 0]])!
        #expect(abs(avg[0] - avg[1]) < 1e-7 && abs(Self.norm(avg) - 1) < 1e-6 && avg[2] == 0)
        #expect(EmbeddingFusion.average([]) == nil)
    }
}
