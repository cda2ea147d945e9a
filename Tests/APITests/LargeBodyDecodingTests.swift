import Dispatch
import Foundation
import Testing
import TestSupport
@testable import API

/// Issue 14 #1: large JSON bodies are decoded off the Swift concurrency pool, and an oversized `vector` is refused
/// from its raw bytes before JSONDecoder spends most of a second on it.
@Suite("Large body decoding")
struct LargeBodyDecodingTests {
    static func body(vectorLength n: Int, prefix: String = "") -> [UInt8] {
        Array(("{\(prefix)\"vector\" : [" + Array(repeating: "0.25", count: n).joined(separator: ",") + "]}").utf8)
    }

    @Test func theRawVectorCheckCountsOnlyTheVectorKey() throws {
        try SearchBody.precheck(Self.body(vectorLength: 4096))
        #expect(throws: (any Error).self) { try SearchBody.precheck(Self.body(vectorLength: 4097)) }
        // `"mode":"vector"` is a value, and a quoted key inside a string is escaped: neither is the vector.
        try SearchBody.precheck(Array(#"{"mode":"vector","text":"a \"vector\":[1,2,3]"}"#.utf8))
        let long = "\"text\":\"\\\"vector\\\":[" + String(repeating: "1,", count: 5000) + "1]\","
        try SearchBody.precheck(Self.body(vectorLength: 10, prefix: long))
        try SearchBody.precheck([])
        try SearchBody.precheck(Array(#"{"vector""#.utf8))
    }

    @Test func largeBodiesAreDecodedOnTheDecodeLane() async throws {
        let lane = DecodeLane(width: 1)
        #expect(withUnsafeCurrentTask { $0 != nil })  // the test body runs in a task on the pool
        // The work runs in no task at all: on a queue of the lane's own, not on a pool thread.
        let inTask = try await lane.run { withUnsafeCurrentTask { $0 != nil } }
        #expect(!inTask)
    }

    @Test(arguments: TestMode.allCases)
    func anOversizedVectorIsRefusedAsInvalid(mode: TestMode) async throws {
        let app = try await CatalogHarness.start(mode: mode)
        defer { app.stop() }
        let huge = try await app.send("POST", "/search", body: Self.body(vectorLength: 200_000),
                                      headers: [("Content-Type", "application/json")])
        #expect(huge.status == 400, "\(huge.text)")
        #expect(huge.errorCode == "invalid_vector")
        // A large body that is fine still decodes (on the lane) and answers.
        let padded = "\"text\":\"" + String(repeating: "lamp ", count: 3_000) + "\","
        let ok = try await app.send("POST", "/search", body: Self.body(vectorLength: 8, prefix: padded),
                                    headers: [("Content-Type", "application/json")])
        #expect(ok.status == 400 || ok.status == 200, "\(ok.text)")
        #expect(ok.errorCode != "invalid_json", "\(ok.text)")
    }
}
