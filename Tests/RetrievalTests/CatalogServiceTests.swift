import Retrieval
import RetrievalFakes
import Testing

@Suite("CatalogService through the fakes")
struct CatalogServiceTests {
    static let transcript = "hello everyone today we unbox the crimson kettle it boils water in two minutes flat"

    static func kettle(title: String = "Crimson kettle 1.7L", media: [MediaDraft] = []) -> ProductDraft {
        ProductDraft(id: "kettle", title: title, description: "Stainless steel", brand: "Acme", category: "Kitchen",
                     price: 39, media: media)
    }

    @Test func upsertCreatesThenReplacesAndRetiresTheOldKeys() async throws {
        let h = RetrievalHarness()
        let first = try await h.catalog.upsert(Self.kettle(media: [MediaDraft(domain: .video, asr: Self.transcript)]))
        #expect(first.created)
        let oldKeys = first.product.appearances.map(\.key)
        #expect(oldKeys.count == 2)
        #expect(h.index.keys == Set(oldKeys))
        #expect(h.directory.count == 2)
        #expect(h.directory.productCount == 1)

        let second = try await h.catalog.upsert(Self.kettle(title: "Crimson kettle 2L"))
        #expect(!second.created)
        #expect(second.product.sequence > first.product.sequence)
        let newKeys = second.product.appearances.map(\.key)
        #expect(newKeys.count == 1)
        #expect(Set(newKeys).isDisjoint(with: oldKeys))
        // The index and the directory hold exactly the new appearance; the old keys are gone from both.
        #expect(h.index.keys == Set(newKeys))
        for key in oldKeys { #expect(h.directory.entry(key) == nil) }
        #expect(h.directory.entry(newKeys[0])?.meta.title == "Crimson kettle 2L")
        #expect(h.index.vector(newKeys[0]) == h.encoder.vector(text: second.product.pageText))
        #expect(h.directory.productCount == 1)
        #expect(try await h.catalog.count() == 1)
        #expect(try await h.catalog.product(id: "kettle").title == "Crimson kettle 2L")
        // The vocabulary holds the current page text only: the replaced one was taken out after the commit.
        #expect(h.summarizer?.vocabulary == [second.product.pageText])
    }

    @Test func mediaTranscriptsAreSummarizedAndTheSummaryIsWhatIsStoredAndEncoded() async throws {
        let h = RetrievalHarness(summarizer: EchoSummarizer(words: 6))
        let live = "welcome back to the stream folks the kettle is on sale tonight only"
        let frame: [UInt8] = [0xFF, 0xD8, 1, 2, 3]
        let stored = try await h.catalog.upsert(Self.kettle(media: [
            MediaDraft(domain: .video, asr: Self.transcript),
            MediaDraft(domain: .live, asr: live),
            MediaDraft(domain: .video, frames: [frame]),
        ])).product
        let summarizer = try #require(h.summarizer)
        #expect(summarizer.transcripts == [Self.transcript, live])

        #expect(stored.appearances.map(\.domain) == [.page, .video, .live, .video])
        let video = stored.appearances[1]
        #expect(video.text == "hello everyone today we unbox the")
        #expect(video.summary == Summary(text: "hello everyone today we unbox the", source: .extractive))
        #expect(stored.appearances[2].text == "welcome back to the stream folks")
        // Frames only: no text, no summary, and the encoder saw no text.
        #expect(stored.appearances[3].text == "")
        #expect(stored.appearances[3].summary == nil)
        #expect(stored.appearances[3].imageCount == 1)

        let texts = h.encoder.calls.map(\.text)
        #expect(texts == [stored.pageText, video.text, stored.appearances[2].text, nil])
        #expect(!texts.contains(Self.transcript))  // the raw transcript is never encoded
        #expect(h.encoder.calls.allSatisfy { !$0.isQuery })
        #expect(h.index.vector(video.key) == h.encoder.vector(text: video.text))
        #expect(h.store.spaceIDs == [h.encoder.spaceID])
    }

    @Test func withoutSummarizerTheTranscriptIsStoredAsIs() async throws {
        let h = RetrievalHarness(summarizer: nil)
        let stored = try await h.catalog.upsert(Self.kettle(media: [MediaDraft(domain: .video, asr: Self.transcript)]))
        #expect(stored.product.appearances[1].text == Self.transcript)
        #expect(stored.product.appearances[1].summary == nil)
    }

    @Test func aFailedStoreWriteLeavesIndexDirectoryAndVocabularyUnchanged() async throws {
        let h = RetrievalHarness()
        let original = try await h.catalog.upsert(Self.kettle(media: [MediaDraft(domain: .video, asr: Self.transcript)]))
        let keys = Set(original.product.appearances.map(\.key))
        let vectors = keys.map { h.index.vector($0) }
        let entries = keys.map { h.directory.entry($0) }

        h.store.failNextWrite(with: RetrievalError.storageUnavailable(message: "disk full"))
        let replacement = Self.kettle(title: "Crimson kettle 2L")
        let error = await #expect(throws: RetrievalError.self) { try await h.catalog.upsert(replacement) }
        #expect(error?.kind == .storageUnavailable)

        #expect(h.index.keys == keys)
        #expect(keys.map { h.index.vector($0) } == vectors)
        #expect(keys.map { h.directory.entry($0) } == entries)
        #expect(h.directory.count == 2)
        #expect(try await h.catalog.product(id: "kettle") == original.product)
        // The draft's text was added before the write and taken out again when it failed.
        let summarizer = try #require(h.summarizer)
        #expect(summarizer.events.suffix(2) == [.added(replacement.pageText), .removed(replacement.pageText)])
        #expect(summarizer.vocabulary == [original.product.pageText])

        // A failed create stores nothing either; the next write goes through.
        h.store.failNextWrite(with: RetrievalError.storageUnavailable(message: "disk full"))
        await #expect(throws: RetrievalError.self) { try await h.catalog.upsert(ProductDraft(id: "mug", title: "Mug")) }
        #expect(try await h.catalog.count() == 1)
        #expect(h.directory.productCount == 1)
        let after = try await h.catalog.upsert(ProductDraft(id: "mug", title: "Mug"))
        #expect(after.created)
        #expect(h.index.count == 3)
    }

    @Test func deleteRemovesEverythingDerivedAndAnUnknownIDIsNotFound() async throws {
        let h = RetrievalHarness()
        let unknown = await #expect(throws: RetrievalError.self) { try await h.catalog.delete(id: "nope") }
        #expect(unknown?.kind == .notFound)

        let stored = try await h.catalog.upsert(Self.kettle(media: [MediaDraft(domain: .live, asr: Self.transcript)]))
        try await h.add([ProductDraft(id: "mug", title: "Mug")])
        try await h.catalog.delete(id: "kettle")
        for key in stored.product.appearances.map(\.key) {
            #expect(h.index.vector(key) == nil)
            #expect(h.directory.entry(key) == nil)
        }
        #expect(h.index.count == 1)
        #expect(h.directory.productCount == 1)
        #expect(h.summarizer?.vocabulary == [ProductDraft(id: "mug", title: "Mug").pageText])
        let gone = await #expect(throws: RetrievalError.self) { try await h.catalog.product(id: "kettle") }
        #expect(gone?.kind == .notFound)
        let again = await #expect(throws: RetrievalError.self) { try await h.catalog.delete(id: "kettle") }
        #expect(again?.kind == .notFound)
    }

    @Test func listPagesThroughTheCatalogInIDOrderWithACursor() async throws {
        let h = RetrievalHarness()
        try await h.add(["c", "a", "e", "b", "d"].map { ProductDraft(id: $0, title: "Product \($0)") })
        var seen: [[String]] = []
        var cursors: [String?] = []
        var cursor: String?
        repeat {
            let page = try await h.catalog.list(limit: 2, cursor: cursor)
            seen.append(page.products.map(\.id))
            cursors.append(page.next)
            cursor = page.next
        } while cursor != nil && seen.count < 10
        #expect(seen == [["a", "b"], ["c", "d"], ["e"]])
        #expect(cursors == ["b", "d", nil])
        // A page that exactly fits the rest has no next cursor.
        let all = try await h.catalog.list(limit: 5, cursor: nil)
        #expect(all.products.count == 5)
        #expect(all.next == nil)
        let tail = try await h.catalog.list(limit: 2, cursor: "c")
        #expect(tail.products.map(\.id) == ["d", "e"])
        #expect(tail.next == nil)
    }
}

/// Issue 13, fast ingest: a batch is stored with one transaction, applied to the index in order, and a failed
/// transaction falls back to one product at a time instead of failing them all.
@Suite("CatalogService batches")
struct CatalogServiceBatchTests {
    static func drafts(_ n: Int, prefix: String = "b") -> [ProductDraft] {
        (0..<n).map { ProductDraft(id: "\(prefix)\($0)", title: "Lamp number \($0)", brand: "Acme", category: "Lighting") }
    }

    @Test func aBatchIsStoredIndexedAndCountedInTheVocabulary() async throws {
        let h = RetrievalHarness()
        var drafts = Self.drafts(5)
        drafts.append(ProductDraft(id: "b1", title: "Lamp number 1, replaced in the same batch"))
        let results = await h.catalog.upsertBatch(drafts)
        #expect(results.count == 6)
        let created = try results.map { try $0.get().created }
        #expect(created == [true, true, true, true, true, false])
        #expect(try await h.catalog.count() == 5)
        #expect(h.directory.productCount == 5)
        #expect(h.index.keys.count == 5)  // the replaced appearance of b1 left the index
        #expect(try await h.catalog.product(id: "b1").title == "Lamp number 1, replaced in the same batch")
        #expect(h.summarizer?.vocabulary.count == 5)
    }

    @Test func aFailedTransactionIsRetriedOneProductAtATime() async throws {
        let h = RetrievalHarness()
        h.store.failNextWrite(with: RetrievalError.internalError(message: "one bad row"))
        let results = await h.catalog.upsertBatch(Self.drafts(4))
        #expect(results.allSatisfy { (try? $0.get()) != nil })
        #expect(try await h.catalog.count() == 4)
        #expect(h.index.keys.count == 4)
    }

    @Test func aStorageFailureFailsTheWholeBatchAndLeavesNothingBehind() async throws {
        let h = RetrievalHarness()
        h.store.failNextWrite(with: RetrievalError.storageUnavailable(message: "disk full"))
        let results = await h.catalog.upsertBatch(Self.drafts(3))
        for result in results {
            #expect(throws: RetrievalError.self) { try result.get() }
        }
        #expect(try await h.catalog.count() == 0)
        #expect(h.index.keys.isEmpty)
        #expect(h.summarizer?.vocabulary.isEmpty == true)
    }
}
