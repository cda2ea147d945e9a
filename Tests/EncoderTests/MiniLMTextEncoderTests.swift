import Encoder
import Testing

@Suite("MiniLM text encoder")
struct MiniLMTextEncoderTests {
    @Test("the issue's reference: embed(\"This is an example sentence\")[0..<8]")
    func issueReference() throws {
        let encoder = try ModelFiles.load()
        let v = try encoder.encode(["This is an example sentence"])[0]
        let reference: [Float] = [0.06766, 0.06350, 0.04871, 0.07930, 0.03745, 0.00265, 0.03937, -0.00710]
        #expect(v.count == 384)
        for i in 0..<8 { #expect(abs(v[i] - reference[i]) < 2e-5, "dimension \(i): \(v[i]) vs \(reference[i])") }
    }

    @Test("cosine >= 0.9999 with the numpy reference", arguments: MiniLMReference.cases.indices)
    func matchesNumpyReference(index: Int) throws {
        let encoder = try ModelFiles.load()
        let c = MiniLMReference.cases[index]
        #expect(encoder.tokenizer.encode(c.text).count == c.tokenCount)
        let v = try encoder.encode([c.text])[0]
        let cos = ModelFiles.cosine(v, c.vector)
        #expect(cos >= 0.9999, "cosine \(cos) for \(c.text.prefix(40))")
    }

    @Test("a batch (one forward pass, mixed lengths) equals encoding one by one")
    func batchingEqualsOneByOne() throws {
        let encoder = try ModelFiles.load()
        let texts = MiniLMReference.cases.map(\.text) + ["", "short", "a slightly longer product title, blue"]
        let batch = try encoder.encode(texts)
        #expect(batch.count == texts.count)
        for (i, t) in texts.enumerated() {
            let single = try encoder.encode([t])[0]
            #expect(ModelFiles.cosine(batch[i], single) > 0.99999, "text \(i)")
            let maxDiff = zip(batch[i], single).map { abs($0 - $1) }.max()!
            #expect(maxDiff < 1e-5, "text \(i): max difference \(maxDiff)")
        }
    }

    @Test("very long and degenerate inputs are truncated and encode without crashing")
    func longAndDegenerateInputs() throws {
        let encoder = try ModelFiles.load()
        let huge = String(repeating: "Ünïcödé wörds, 商品 and punctuation!!! ", count: 20_000)
        let noSpaces = String(repeating: "x", count: 100_000)
        let vs = try encoder.encode([huge, noSpaces, "\u{0}\u{7}\u{FFFD}", String(repeating: "😀", count: 1000)])
        #expect(encoder.tokenizer.encode(huge).count == 256)
        for v in vs {
            #expect(v.count == 384)
            let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            #expect(abs(norm - 1) < 1e-4)
            #expect(v.allSatisfy { $0.isFinite })
        }
    }

    @Test("raw token ids: over-long, empty and out-of-range sequences are handled, not trapped on")
    func rawTokenIDs() throws {
        let e = try ModelFiles.load()
        let ids = e.tokenizer.encode(MiniLMReference.longText)
        let overLong = Array(ids.dropLast()) + [Int32](repeating: 2773, count: 600) + [102]
        let vs = e.encode(tokenIDs: [overLong, [], [101, 999_999, -5, 102]])
        #expect(vs.count == 3 && vs.allSatisfy { $0.count == 384 && $0.allSatisfy { $0.isFinite } })
        // Cutting keeps the first 255 ids and [SEP]: the same as tokenizing with truncation.
        #expect(ModelFiles.cosine(vs[0], MiniLMReference.cases[4].vector) >= 0.9999)
    }

    @Test("a query-side token budget reads the first tokens of the text, like encoding the cut token ids")
    func queryTokenBudget() throws {
        let e = try ModelFiles.load()
        let ids = e.tokenizer.encode(MiniLMReference.longText)
        #expect(ids.count > 16)
        let cut = Array(ids.prefix(15)) + [ids.last!]
        let budget = try e.encode([MiniLMReference.longText], maxTokens: 16)[0]
        #expect(ModelFiles.cosine(budget, e.encode(tokenIDs: [cut])[0]) >= 0.99999)
        let full = try e.encode([MiniLMReference.longText])[0]
        #expect(ModelFiles.cosine(budget, full) < 0.9999)  // it really read less
        // A budget above the text's length or the tokenizer's limit changes nothing.
        #expect(ModelFiles.cosine(try e.encode(["red kettle"], maxTokens: 200)[0], try e.encode(["red kettle"])[0]) >= 0.99999)
    }

    @Test("concurrent callers (sharing the spare scratch buffers) get the same vectors as a lone caller")
    func concurrentCallers() async throws {
        let e = try ModelFiles.load()
        let texts = MiniLMReference.cases.map(\.text)
        let expected = try e.encode(texts)
        try await withThrowingTaskGroup(of: [[Float]].self) { group in
            for _ in 0..<4 { group.addTask { try e.encode(texts) } }
            for try await got in group {
                for (g, x) in zip(got, expected) { #expect(zip(g, x).allSatisfy { abs($0 - $1) < 1e-6 }) }
            }
        }
    }

    @Test("every parallel schedule and thread count gives bit-identical embeddings, for one query and for a batch")
    func schedulesAreBitIdentical() throws {
        let e = try ModelFiles.load()
        let batch = MiniLMReference.cases.map { e.tokenizer.encode($0.text) }
        let reference = MiniLMModel(weights: e.model.weights, threads: 1, schedule: .staticSplit)
        let expectedBatch = reference.embed(batch), expectedOne = reference.embed([batch[0]])
        for schedule in ParallelSchedule.allCases {
            for threads in [2, 3] {
                let model = MiniLMModel(weights: e.model.weights, threads: threads, schedule: schedule)
                for _ in 0..<3 {  // the team's helpers are hot after the first pass, asleep before it
                    #expect(model.embed([batch[0]]) == expectedOne, "\(schedule) \(threads) threads")
                }
                #expect(model.embed(batch) == expectedBatch, "\(schedule) \(threads) threads, batch")
            }
        }
    }

    @Test("related sentences score higher than unrelated ones")
    func semanticOrdering() throws {
        let e = try ModelFiles.load()
        let v = try e.encode(["insulated stainless steel water bottle", "vacuum flask that keeps drinks cold",
                              "wireless bluetooth headphones"])
        #expect(ModelFiles.cosine(v[0], v[1]) > ModelFiles.cosine(v[0], v[2]) + 0.1)
    }
}
