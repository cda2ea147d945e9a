@testable import Summarizer
import Testing

/// A catalog loaded at start-up is counted on several lanes into tables of their own and merged once: the counts
/// must equal one `add` per text, for ASCII, accented and CJK texts with brands and model codes alike.
@Suite struct ProductVocabularyBulkTests {
    static let texts: [ProductText] = [
        ProductText(pageText: "Sony WH-1000XM4 wireless headphones\nnoise cancelling, 30 h battery"),
        ProductText(pageText: "Sony WH-1000XM5 wireless headphones\nsilver"),
        ProductText(pageText: "Crème brûlée torch\nbutane, café use"),
        ProductText(pageText: "无线 蓝 牙 耳 机\n降噪 耳 机 XM4"),
        ProductText(pageText: "Bose QC45 headphones\n"),
        ProductText(pageText: "White hanging heart T-light holder"),
        ProductText(title: "Trail runner 2", brand: "Northpeak", details: ["size 42", "GTX-900 membrane"]),
    ]

    static func same(_ a: VocabularySnapshot, _ b: VocabularySnapshot) -> Bool {
        a.documentCount == b.documentCount && a.documentFrequency == b.documentFrequency
            && a.brandFrequency == b.brandFrequency && a.modelFrequency == b.modelFrequency
    }

    @Test(arguments: [1, 2, 3, 16])
    func countingOnLanesEqualsOneAddPerText(lanes: Int) {
        let one = ProductVocabulary()
        for text in Self.texts + Self.texts.prefix(3) { one.add(text) }
        let bulk = ProductVocabulary()
        bulk.add(contentsOf: Array(Self.texts + Self.texts.prefix(3)), lanes: lanes)
        #expect(Self.same(one.snapshot(), bulk.snapshot()))
        #expect(bulk.productCount == 10)
        // What a bulk load counted, a remove un-counts exactly.
        for text in Self.texts { bulk.remove(text); one.remove(text) }
        #expect(Self.same(one.snapshot(), bulk.snapshot()))
    }

    @Test func anEmptyLoadChangesNothing() {
        let v = ProductVocabulary()
        v.add(contentsOf: [], lanes: 2)
        #expect(v.productCount == 0 && v.snapshot().documentFrequency.isEmpty)
    }
}
