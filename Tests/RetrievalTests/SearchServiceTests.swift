import Retrieval
import RetrievalFakes
import Testing

@Suite("SearchService through the fakes")
struct SearchServiceTests {
    static let catalog: [ProductDraft] = [
        ProductDraft(id: "apple", title: "Crimson apple orchard fruit", brand: "Acme", category: "Fruit", price: 3),
        ProductDraft(id: "cider", title: "Crimson apple orchard juice", brand: "Bolt", category: "Drinks", price: 5),
        ProductDraft(id: "violin", title: "Maple violin bow rosin", brand: "Strad", category: "Music", price: 900),
        ProductDraft(id: "drill", title: "Cordless drill battery charger", brand: "Acme", category: "Tools", price: 120),
    ]

    static func harness(summarizer: EchoSummarizer? = EchoSummarizer(),
                        options: SearchService.Options = SearchService.Options()) async throws -> RetrievalHarness {
        let h = RetrievalHarness(summarizer: summarizer, options: options)
        try await h.add(catalog)
        return h
    }

    @Test func vectorModeUsesOnlyTheVectorChannelWhileHybridFusesInTheLexicalOne() async throws {
        let h = try await Self.harness()
        let violin = try #require(try await h.vector(of: "violin"))
        // The vector points at the violin, the text names the drill.
        let vectorOnly = try await h.search.search(SearchQuery(text: "cordless drill", vector: violin, mode: .vector))
        #expect(vectorOnly.hits.first?.id == "violin")
        #expect(vectorOnly.hits.allSatisfy { $0.lexicalScore == nil && $0.vectorScore == $0.score })
        #expect(h.store.lexicalSearches.isEmpty)

        let hybrid = try await h.search.search(SearchQuery(text: "cordless drill", vector: violin, mode: .hybrid))
        #expect(h.store.lexicalSearches.count == 1)
        // RRF: the drill is first lexically and somewhere in the vector list, the violin only first in vectors.
        #expect(hybrid.hits.map(\.id).prefix(2) == ["drill", "violin"])
        let drill = try #require(hybrid.hits.first)
        #expect(drill.lexicalScore != nil && drill.vectorScore != nil)
        #expect(drill.score < 2.0 / 61 && drill.score > 1.0 / 61)
        #expect(hybrid.hits.filter { $0.lexicalScore != nil }.map(\.id) == ["drill"])
        // A given vector is used as is: nothing was encoded for either query.
        #expect(h.encoder.calls.count == Self.catalog.count)
    }

    @Test func aTextQueryIsEncodedAsAQuery() async throws {
        let h = try await Self.harness()
        let result = try await h.search.search(SearchQuery(text: "maple violin", mode: .vector))
        #expect(result.hits.first?.id == "violin")
        #expect(h.encoder.calls.last == FixedEncoder.Call(text: "maple violin", imageCount: 0, isQuery: true))
    }

    @Test func theFilterIsAppliedInsideTheChannelsSoTheClosestFilteredOutProductNeverAppears() async throws {
        // One candidate per channel: a filter applied after the search would leave nothing.
        let options = SearchService.Options(candidatesPerHit: 1, minCandidates: 1)
        let h = try await Self.harness(options: options)
        let apple = try #require(try await h.vector(of: "apple"))
        for mode in SearchMode.allCases {
            let result = try await h.search.search(SearchQuery(text: "crimson apple", vector: apple, k: 1,
                                                               filter: SearchFilter(brand: " BOLT "), mode: mode))
            #expect(result.hits.map(\.id) == ["cider"], "mode \(mode)")
            #expect(result.hits.first?.brand == "Bolt")
        }
        #expect(h.index.searches.allSatisfy { $0.filtered && $0.k == 1 })
        // The brand's own key list went with the predicate, and it held every key the predicate accepted.
        #expect(h.index.searches.allSatisfy { ($0.candidates ?? 0) > 0 && $0.missed == 0 })
        #expect(h.store.lexicalSearches.map(\.filter) == [SearchFilter(brand: " BOLT ")])

        // Without the filter the apple itself wins: the filter, not the geometry, kept it out.
        let unfiltered = try await h.search.search(SearchQuery(vector: apple, k: 1, mode: .vector))
        #expect(unfiltered.hits.map(\.id) == ["apple"])
    }

    @Test func priceCategoryAndDomainFilters() async throws {
        let h = try await Self.harness()
        try await h.add([ProductDraft(id: "lute", title: "Lute strings", category: "Music", price: 40,
                                      media: [MediaDraft(domain: .video, asr: "crimson apple lute strings")])])
        let apple = try #require(try await h.vector(of: "apple"))
        for mode in SearchMode.allCases {
            let pricey = try await h.search.search(SearchQuery(text: "crimson apple", vector: apple,
                                                               filter: SearchFilter(priceMin: 100), mode: mode))
            #expect(Set(pricey.hits.map(\.id)) == ["violin", "drill"])
            let band = try await h.search.search(SearchQuery(text: "crimson apple", vector: apple,
                                                             filter: SearchFilter(priceMin: 4, priceMax: 40), mode: mode))
            #expect(Set(band.hits.map(\.id)) == ["cider", "lute"])
            let music = try await h.search.search(SearchQuery(text: "crimson", vector: apple,
                                                              filter: SearchFilter(category: "music"), mode: mode))
            #expect(Set(music.hits.map(\.id)) == ["violin", "lute"])
            let videos = try await h.search.search(SearchQuery(text: "crimson apple", vector: apple,
                                                               filter: SearchFilter(domains: [.video]), mode: mode))
            #expect(videos.hits.map(\.id) == ["lute"])
            #expect(videos.hits.first?.domain == .video)
        }
    }

    @Test func likeExcludesTheProductItselfAndFindsItsNeighbour() async throws {
        let h = try await Self.harness()
        for mode in SearchMode.allCases {
            let result = try await h.search.search(SearchQuery(like: "apple", k: 1, mode: mode))
            #expect(result.hits.map(\.id) == ["cider"], "mode \(mode)")
            let all = try await h.search.search(SearchQuery(like: "apple", k: 10, mode: mode))
            #expect(all.hits.count == Self.catalog.count - 1)
            #expect(!all.hits.contains { $0.id == "apple" })
        }
        // The stored vector is the query: nothing new was encoded.
        #expect(h.encoder.calls.count == Self.catalog.count)
    }

    @Test func aVectorOfTheWrongDimensionIsInvalidVector() async throws {
        let h = try await Self.harness()
        let error = await #expect(throws: RetrievalError.self) {
            try await h.search.search(SearchQuery(vector: [1, 0, 0]))
        }
        #expect(error?.kind == .invalidVector)
        #expect(h.index.searches.isEmpty)
    }

    @Test func anUnknownLikeIsNotFound() async throws {
        let h = try await Self.harness()
        let error = await #expect(throws: RetrievalError.self) {
            try await h.search.search(SearchQuery(like: "nope"))
        }
        #expect(error?.kind == .notFound)
    }

    @Test func aTranscriptGoesThroughTheSummarizerAndTheResultCarriesTheSummary() async throws {
        let summarizer = EchoSummarizer(words: 4)
        let h = try await Self.harness(summarizer: summarizer)
        let asr = "maple violin bow rosin um so yeah like and subscribe"
        let result = try await h.search.search(SearchQuery(asr: asr, mode: .vector))
        #expect(summarizer.transcripts == [asr])
        #expect(result.summary == Summary(text: "maple violin bow rosin", source: .extractive))
        #expect(h.encoder.calls.last == FixedEncoder.Call(text: "maple violin bow rosin", imageCount: 0, isQuery: true))
        #expect(result.hits.first?.id == "violin")
    }

    @Test func withoutSummarizerARawTranscriptIsEncodedLikeAnAppearance() async throws {
        let h = try await Self.harness(summarizer: nil)
        let asr = "maple violin bow rosin um so yeah"
        let result = try await h.search.search(SearchQuery(asr: asr, mode: .vector))
        #expect(result.summary == nil)
        #expect(h.encoder.calls.last == FixedEncoder.Call(text: asr, imageCount: 0, isQuery: false))
    }

    @Test func kIsRespected() async throws {
        let h = try await Self.harness()
        for mode in SearchMode.allCases {
            for k in 1...5 {
                let result = try await h.search.search(SearchQuery(text: "crimson apple", k: k, mode: mode))
                #expect(result.hits.count == min(k, Self.catalog.count), "k \(k), mode \(mode)")
            }
        }
    }

    @Test func oneHitPerProductWhenAProductHasSeveralAppearances() async throws {
        let h = RetrievalHarness()
        try await h.add(Self.catalog.map { draft in
            var d = draft
            d.media = [MediaDraft(domain: .video, asr: draft.title), MediaDraft(domain: .live, asr: draft.title + " live tonight")]
            return d
        })
        #expect(h.index.count == 3 * Self.catalog.count)
        let cider = try #require(try await h.vector(of: "cider", .live))
        for mode in SearchMode.allCases {
            let result = try await h.search.search(SearchQuery(text: "crimson apple orchard", vector: cider, k: 10,
                                                               mode: mode))
            let ids = result.hits.map(\.id)
            #expect(ids.count == Self.catalog.count)
            #expect(Set(ids).count == ids.count)
        }
        // The hit shows the domain of the product's best appearance: the live one the vector points at.
        let best = try await h.search.search(SearchQuery(vector: cider, k: 1, mode: .vector))
        #expect(best.hits.first?.id == "cider")
        #expect(best.hits.first?.domain == .live)
        #expect(best.hits.first?.vectorScore.map { abs($0 - 1) < 1e-5 } == true)
    }
}
