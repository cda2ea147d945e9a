import Testing
@testable import Retrieval

@Suite("Code agreement over stored title codes")
struct CodeAgreementTitleCodesTests {
    static func record(_ key: Int64, _ id: String, _ title: String, _ domain: Domain = .page) -> StoredAppearanceRecord {
        StoredAppearanceRecord(key: key, productID: id, meta: AppearanceMeta(domain: domain, title: title, brand: nil,
                                                                             category: nil, price: nil), vector: [])
    }

    @Test func entriesKeepTheirTitleCodesThroughInsertAndUpsert() {
        let directory = AppearanceDirectory()
        directory.insert(Self.record(1, "p1", "Sigma 50mm F1.4 DG HSM Art"))
        #expect(directory.entry(1)?.titleCodes == ["50mm", "f1", "4"])
        // An upsert replaces the appearance and its title: the codes follow the new title.
        directory.apply(CatalogWrite(product: nil, created: false, removedKeys: [1],
                                     added: [Self.record(2, "p1", "Sigma 14mm F1.8 DG"), Self.record(3, "p1", "Sigma 14mm F1.8 DG", .live)],
                                     sequence: 2, previousPageText: nil))
        #expect(directory.entry(1) == nil)
        #expect(directory.entry(2)?.titleCodes == ["14mm", "f1", "8"])
        #expect(directory.entry(3)?.titleCodes == ["14mm", "f1", "8"])
        directory.insert(Self.record(4, "p2", "Wool blanket, queen"))
        #expect(directory.entry(4)?.titleCodes == [])
        #expect(directory.productCount == 2)
    }

    @Test func rerankingWithStoredCodesEqualsRerankingWithTitles() {
        let titles = LexicalAnalyzerSamples.listings + LexicalAnalyzerSamples.international
        let directory = AppearanceDirectory()
        for (i, title) in titles.enumerated() { directory.insert(Self.record(Int64(i), "p\(i)", title)) }
        var rng = SampleRandom(seed: 42)
        for query in titles.prefix(40) {
            let queryTerms = Set(LexicalAnalyzer.terms(query))
            let ranked = (0..<25).map { _ -> (id: String, score: Double) in
                (id: "p\(Int(rng.next() % UInt64(titles.count)))", score: Double(rng.next() % 1000) / 1000)
            }.sorted { $0.score > $1.score }
            let agreement = CodeAgreement(strength: 0.5)
            let byTitle = agreement.rerank(ranked, queryTerms: queryTerms, depth: 20) { titles[Int($0.dropFirst())!] }
            let byCodes = agreement.rerank(ranked, queryTerms: queryTerms, depth: 20,
                                           titleCodes: { directory.entry(Int64($0.dropFirst())!)?.titleCodes })
            #expect(byTitle.map(\.id) == byCodes.map(\.id), "query \(query.debugDescription)")
            #expect(byTitle.map(\.score) == byCodes.map(\.score), "query \(query.debugDescription)")
        }
    }
}
