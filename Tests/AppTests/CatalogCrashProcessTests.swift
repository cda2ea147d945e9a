import Foundation
import Testing
import TestSupport
import VectorMath

/// Issue 14, "crash tests in the suite": the real executable is SIGKILLed while it takes catalog writes (single
/// and batch upserts, replacements, deletes), restarted on the same data directory, and checked: every
/// acknowledged write is there (by GET and by search), no acknowledged delete comes back, and the write that was
/// in flight at the kill is either wholly there or wholly absent. Bounded: four kills, a few dozen writes each;
/// the kill point is a seeded count of acknowledged writes, never a timer.
@Suite("Catalog survives SIGKILL")
struct CatalogCrashProcessTests {
    /// What the server acknowledged for one id: the title it holds, or nil once its delete was acknowledged.
    typealias Ledger = [String: String?]

    @Test func everyAcknowledgedWriteSurvivesKillsDuringWrites() async throws {
        let dir = try TemporaryDirectory()
        let data = dir.file("data")
        var rng = SplitMix64(seed: 20261204)
        var acked: Ledger = [:]
        var inDoubt: [String: Set<String>] = [:]  // id -> titles it may hold (or be absent) after the kill
        let ids = (0..<40).map { "crash-\($0)" }
        var sequence = 0

        for round in 0..<4 {
            let server = try await Self.start(data: data, dir: dir, round: round)
            defer { kill(server.child.process.processIdentifier, SIGKILL) }
            // What an in-doubt id turned out to hold is now its settled state.
            for (id, held) in try await Self.verify(acked, inDoubt: inDoubt, port: server.port) { acked[id] = .some(held) }
            inDoubt = [:]

            let client = try RawHTTPClient(port: server.port, timeout: 30)
            let writes = Int.random(in: 6...14, using: &rng)
            for _ in 0..<writes {
                sequence += 1
                let write = Self.randomWrite(ids: ids, sequence: sequence, rng: &rng)
                let response = try await client.request(write.method, write.target, headers: Self.json, body: write.body)
                try Self.record(write, response, into: &acked)
            }
            // One more write goes out, and the server dies before its answer is read: it may or may not commit.
            sequence += 1
            let last = Self.randomWrite(ids: ids, sequence: sequence, rng: &rng)
            try await client.send(Self.head(last) + last.body)
            kill(server.child.process.processIdentifier, SIGKILL)
            _ = await server.child.waitForExit()
            for (id, title) in last.effects {
                inDoubt[id, default: []].insert(title ?? "")
                if let previous = acked[id] { inDoubt[id]!.insert(previous ?? "") } else { inDoubt[id]!.insert("") }
                acked[id] = nil
            }
        }
        let final = try await Self.start(data: data, dir: dir, round: 4)
        defer { kill(final.child.process.processIdentifier, SIGKILL) }
        _ = try await Self.verify(acked, inDoubt: inDoubt, port: final.port)
        #expect(acked.count >= 10, "too few acknowledged writes to mean anything: \(acked.count)")
    }

    // MARK: - Writes

    struct Write {
        var method: String, target: String, body: [UInt8]
        /// id -> the title it holds afterwards, nil for a delete.
        var effects: [(String, String?)]
    }

    static let json = [("Content-Type", "application/json")]

    static func randomWrite(ids: [String], sequence: Int, rng: inout SplitMix64) -> Write {
        let pick = { (rng: inout SplitMix64) in ids[Int.random(in: 0..<ids.count, using: &rng)] }
        switch Int.random(in: 0..<10, using: &rng) {
        case 0..<4:
            let id = pick(&rng)
            let title = title(sequence, 0)
            return Write(method: "POST", target: "/products", body: encode(ProductFixture(id: id, title: title)),
                         effects: [(id, title)])
        case 4..<8:
            var chosen: [String] = []
            while chosen.count < 5 { let id = pick(&rng); if !chosen.contains(id) { chosen.append(id) } }
            let items = chosen.enumerated().map { ProductFixture(id: $1, title: title(sequence, $0)) }
            return Write(method: "POST", target: "/products/batch", body: encode(["products": items]),
                         effects: items.map { ($0.id, $0.title) })
        default:
            let id = pick(&rng)
            return Write(method: "DELETE", target: "/products/\(id)", body: [], effects: [(id, nil)])
        }
    }

    /// A title only this write uses, made of letters so that the hashing encoder and BM25 both key on it.
    static func title(_ sequence: Int, _ item: Int) -> String {
        let letters = Array("abcdefghij")
        let word = String(String(sequence * 7 + item).map { letters[Int(String($0))!] })
        return "Crash \(word)q\(["lamp", "kettle", "jacket", "mug", "chair"][item % 5]) zq\(word)"
    }

    struct Query: Encodable { var text: String, k: Int }

    static func encode<T: Encodable>(_ value: T) -> [UInt8] { Array(try! JSONEncoder().encode(value)) }

    static func head(_ write: Write) -> [UInt8] {
        var head = "\(write.method) \(write.target) HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
        if !write.body.isEmpty { head += "Content-Length: \(write.body.count)\r\n" }
        return Array((head + "\r\n").utf8)
    }

    static func record(_ write: Write, _ response: RawResponse, into acked: inout Ledger) throws {
        switch write.target {
        case "/products/batch":
            #expect(response.status == 200, "\(response.text)")
            let answer = try JSONDecoder().decode(BatchAnswer.self, from: Data(response.body))
            for (item, effect) in zip(answer.results, write.effects) where item.status == 200 || item.status == 201 {
                acked[effect.0] = .some(effect.1)
            }
        default:
            if write.method == "DELETE" {
                #expect(response.status == 204 || response.status == 404, "\(response.text)")
                acked[write.effects[0].0] = .some(nil)
            } else {
                #expect(response.status == 200 || response.status == 201, "\(response.text)")
                if response.status < 300 { acked[write.effects[0].0] = .some(write.effects[0].1) }
            }
        }
    }

    // MARK: - Server and checks

    static func start(data: String, dir: TemporaryDirectory, round: Int) async throws -> (child: AmpereProcess, port: Int) {
        let portFile = dir.file("port-\(round)")
        let child = try AmpereProcess(["serve", "--port", "0", "--port-file", portFile, "--data-dir", data,
                                       "--set", "encoder.text=hashing", "--set", "log.access=false"])
        let log = await child.waitForOutput(containing: "\"msg\":\"catalog ready\"")
        #expect(log.contains("catalog ready"), "\(log)")
        let port = try #require(Int(try String(contentsOfFile: portFile, encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)))
        return (child, port)
    }

    /// Every settled id holds what was acknowledged (GET, and search by its title finds it in the first 10); an
    /// id in doubt is absent or holds one of the titles it was sent. Returns what each id in doubt holds.
    static func verify(_ acked: Ledger, inDoubt: [String: Set<String>], port: Int) async throws -> Ledger {
        var found: Ledger = [:]
        let client = try RawHTTPClient(port: port, timeout: 30)
        for (id, expected) in acked {
            let got = try await client.request("GET", "/products/\(id)")
            if let title = expected {
                #expect(got.status == 200, "\(id): acknowledged '\(title)', got \(got.status) \(got.text)")
                guard got.status == 200 else { continue }
                let product = try JSONDecoder().decode(ProductAnswer.self, from: Data(got.body))
                #expect(product.title == title, "\(id)")
                let search = try await client.request("POST", "/search", headers: json,
                                                      body: encode(Query(text: title, k: 10)))
                #expect(search.text.contains("\"\(id)\""), "\(id) '\(title)' not found by search: \(search.text)")
            } else {
                #expect(got.status == 404, "\(id): delete acknowledged, came back: \(got.text)")
            }
        }
        for (id, titles) in inDoubt {
            let got = try await client.request("GET", "/products/\(id)")
            if got.status == 404 {
                #expect(titles.contains(""), "\(id) vanished though never deleted")
                found[id] = .some(nil)
                continue
            }
            #expect(got.status == 200, "\(got.text)")
            let product = try JSONDecoder().decode(ProductAnswer.self, from: Data(got.body))
            #expect(titles.contains(product.title), "\(id) holds '\(product.title)', sent only \(titles)")
            found[id] = .some(product.title)
        }
        return found
    }
}
