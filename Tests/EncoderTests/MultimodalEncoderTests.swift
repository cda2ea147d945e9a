import Encoder
import Logging
import Testing

@Suite("multimodal encoder actor")
struct MultimodalEncoderTests {
    static func make(visual: FakeVisualEncoder = FakeVisualEncoder(),
                     load: @escaping @Sendable () throws -> any TextEncoder = { HashingTextEncoder(dimension: 16) }) -> MultimodalEncoder {
        MultimodalEncoder(visual: visual, weights: FusionWeights(text: 1, visual: 1), logger: Logger(label: "test"), loadText: load)
    }

    static func close(_ a: [Float], _ b: [Float]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) < 1e-6 }
    }

    @Test("not ready before start; ready after; embeds text, images and both")
    func lifecycle() async throws {
        let visual = FakeVisualEncoder()
        let encoder = Self.make(visual: visual)
        #expect(encoder.readiness == .starting && !encoder.isReady)
        await #expect(throws: EncoderError.self) { try await encoder.embed(texts: ["x"], images: []) }
        encoder.start()
        try await encoder.waitUntilReady()
        #expect(encoder.readiness == .ready(text: "hashing-v1", visual: "fake-visual", dimension: 20))

        let both = try await encoder.embed(texts: ["red mug"], images: [FakeVisualEncoder.solid(255, 0, 0)])
        #expect(both.vector.count == 20 && both.text?.count == 16 && both.visual?.count == 4)
        let textOnly = try await encoder.embed(texts: ["red mug"], images: [])
        #expect(textOnly.visual == nil && Self.close(textOnly.text!, both.text!))
        let imageOnly = try await encoder.embed(texts: nil, images: [FakeVisualEncoder.solid(255, 0, 0)])
        #expect(imageOnly.text == nil && Self.close(imageOnly.visual!, both.visual!))
        // Inference ran on the encoder's own queue, never on the concurrency pool.
        #expect(!visual.calls.withLock { $0 }.isEmpty && visual.calls.withLock { $0 }.allSatisfy { $0 })
    }

    @Test("empty input is rejected; blank texts count as no text")
    func emptyInput() async throws {
        let encoder = Self.make()
        encoder.start()
        try await encoder.waitUntilReady()
        await #expect(throws: EncoderError.invalidInput("item 0 has neither text nor images")) {
            try await encoder.embed(texts: ["  ", ""], images: [])
        }
        await #expect(throws: EncoderError.self) { try await encoder.embed(texts: nil, images: []) }
    }

    @Test("several frames average into one visual vector; several texts into one text vector")
    func averaging() async throws {
        let encoder = Self.make()
        encoder.start()
        try await encoder.waitUntilReady()
        let red = FakeVisualEncoder.solid(255, 0, 0), blue = FakeVisualEncoder.solid(0, 0, 255)
        let mixed = try await encoder.embed(texts: nil, images: [red, blue]).visual!
        let r = FakeVisualEncoder().encode(red), b = FakeVisualEncoder().encode(blue)
        #expect(Self.close(EmbeddingFusion.average([r, b])!, mixed))
        let batch = try await encoder.embed([.init(texts: ["a"]), .init(texts: ["b", "c"]), .init(images: [red])])
        #expect(batch.count == 3 && batch[2].text == nil)
        let h = HashingTextEncoder(dimension: 16)
        #expect(Self.close(batch[1].text!, EmbeddingFusion.average([h.encode("b"), h.encode("c")])!))
    }

    @Test("a failed load is reported, and waiting callers are released with an error")
    func failedLoad() async throws {
        let encoder = Self.make(load: { throw EncoderError.modelFiles("no weights here") })
        let waiting = Task { try await encoder.waitUntilReady() }
        encoder.start()
        await #expect(throws: EncoderError.self) { try await waiting.value }
        guard case .failed(let message) = encoder.readiness else { Issue.record("expected .failed"); return }
        #expect(message.contains("no weights here"))
        await #expect(throws: EncoderError.self) { try await encoder.embed(texts: ["x"], images: []) }
    }

    @Test("with the real MiniLM branch, the text block equals MiniLMTextEncoder's vector")
    func realTextBranch() async throws {
        let text = try ModelFiles.load()
        let encoder = Self.make(load: { text })
        encoder.start()
        try await encoder.waitUntilReady()
        let f = try await encoder.embed(texts: ["This is an example sentence"], images: [FakeVisualEncoder.solid(1, 2, 3)])
        #expect(f.vector.count == 388)
        #expect(ModelFiles.cosine(f.text!, MiniLMReference.cases[0].vector) >= 0.9999)
    }
}
