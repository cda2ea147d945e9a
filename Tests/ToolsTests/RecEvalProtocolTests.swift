import CZlib
import Foundation
import Retrieval
import Testing
@testable import Tools

/// `ampere rec-eval`'s reading of the log and its protocol, on a small hand-made log (never the shared data).
@Suite("rec-eval: the log and the protocol")
struct RecEvalProtocolTests {
    static let csv = #"""
        InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
        500001,10001,"MUG, RED",6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom
        500001,10002,MUG BLUE,2,2010-12-01 08:27:00,2.55,17850.0,United Kingdom
        500001,POST,POSTAGE,1,2010-12-01 08:26:00,18,17850.0,United Kingdom
        C500002,10001,MUG RED,-1,2010-12-02 09:00:00,2.55,17850.0,United Kingdom
        500003,10003,"TEA ""POT""",0,2010-12-02 10:00:00,5,17850.0,United Kingdom
        500004,10003,TEA POT,1,2010-12-03 10:00:00,5,,United Kingdom
        500005,10003,TEA POT,1,2010-12-04 11:00:00,5,17850.0,United Kingdom
        500005,10001,MUG RED,1,2010-12-04 11:00:00,2.55,17850.0,United Kingdom
        500006,10004A,JUG,3,2010-12-05 12:00:00,4,12347.0,Iceland
        """#

    @Test func cleaningFollowsTheFourRulesAndBasketsGroupByInvoice() {
        let log = RetailLog.parse(Self.csv)
        #expect(log.lines == 5)  // POST, the cancellation, quantity 0 and the guest row are dropped
        #expect(log.baskets.map(\.invoice) == ["500001", "500005", "500006"])
        #expect(log.baskets[0].items == ["10001", "10002"] && log.baskets[0].time == "2010-12-01 08:26:00")
        #expect(log.baskets[0].customer == "17850")
        #expect(log.baskets[0].seconds == 1_291_191_960)  // 2010-12-01T08:26:00Z
        #expect(RetailLog.fields(#"1,"A, ""B""",3"#) == ["1", #"A, "B""#, "3"])
        #expect(RetailLog.isProductCode("85123A") && !RetailLog.isProductCode("DCGS0003") && !RetailLog.isProductCode("1234"))
    }

    /// The shared log ships gzipped; `load` inflates it with zlib (every member, as `gzip -dc` does) and refuses a
    /// damaged file.
    @Test func aGzippedLogLoadsAsThePlainTextDoes() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("receval-gz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = Array(Self.csv.utf8)
        let cut = text.count / 2
        let members = try [Array(text[..<cut]), Array(text[cut...])].map(Self.gzip)
        let path = dir.appendingPathComponent("log.csv.gz").path
        try Data(members.joined()).write(to: URL(fileURLWithPath: path))
        let loaded = try RetailLog.load(path: path)
        let plain = RetailLog.parse(Self.csv)
        #expect(loaded.lines == plain.lines && loaded.lines == 5)
        #expect(loaded.baskets.map(\.invoice) == plain.baskets.map(\.invoice))
        #expect(loaded.baskets.map(\.items) == plain.baskets.map(\.items))

        let damaged = dir.appendingPathComponent("damaged.csv.gz").path
        var bytes = members[0]
        for i in 12..<bytes.count - 8 { bytes[i] ^= 0x5A }
        try Data(bytes).write(to: URL(fileURLWithPath: damaged))
        #expect(throws: (any Error).self) { _ = try RetailLog.load(path: damaged) }
        #expect(throws: (any Error).self) { _ = try RetailLog.load(path: dir.appendingPathComponent("none.gz").path) }
    }

    /// One gzip member holding `bytes`.
    static func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: czlib_deflate_capacity(bytes.count))
        let n = czlib_deflate_once(bytes, bytes.count, &out, out.count, 6, 15 + 16)
        guard n > 0 else { throw CocoaError(.coderInvalidValue) }
        return Array(out[0..<n])
    }

    @Test func casesTargetTheLastBasketInEachSetting() {
        let p = RecEvalProtocol(log: RetailLog.parse(Self.csv), catalog: ["10001", "10002", "10003", "10004A", "10005"])
        let all = p.settings[0], newOnly = p.settings[1]
        #expect(all.cases.map(\.user) == ["17850"])  // 12347 has one basket: training data, not a case
        let c = all.cases[0]
        #expect(c.targets == [0, 2] && c.history == [0: 1, 1: 1] && c.excluded.isEmpty)
        #expect(c.events.map(\.item) == [0, 1])
        #expect(newOnly.cases[0].targets == [2] && newOnly.cases[0].drawn == 2 && newOnly.cases[0].excluded == [0, 1])
        #expect(all.training.count == 2)  // the target basket is not training data
        #expect(all.popularity == [1, 1, 0, 1, 0])
        #expect(p.cold.count == 1)  // five items: one full block
    }

    @Test func theDrawIsTheReadmesHash() {
        // int(sha256("0:12347").hexdigest()[:16], 16) mod n, over the targets sorted by code.
        let digest = SHA256.hash(Array("0:12347".utf8))
        let head = digest.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        for n in [1, 2, 7, 22] {
            #expect(RecEvalProtocol.draw(Set(0..<n), user: "12347", items: []) == Int(head % UInt64(n)))
        }
    }

    @Test func topTenBreaksTiesByCodeAndSkipsExcluded() {
        let scores: [Double] = [1, 3, 3, 0, 2, 3, 5, 0, 0, 0, 0, 0, 0]
        #expect(topTen(scores, excluded: [6]) == [1, 2, 5, 4, 0, 3, 7, 8, 9, 10])
        var acc = RecEvalAccumulator()
        acc.add(top: [1, 2, 5], targets: [2, 9], drawn: 2)
        acc.add(top: [1, 2, 5], targets: [7], drawn: 7)
        let s = acc.score(setting: "x", method: "m", catalog: 10)
        #expect(s.hr10 == 0.5 && abs(s.ndcg10 - 0.5 / 1.584962500721156) < 1e-12 && s.recall10 == 0.25)
        #expect(s.coverage10 == 0.3)
    }
}
