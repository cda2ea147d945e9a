import App
import Cluster
import Postgres
import TestSupport
import Testing

/// Cluster replica mode against real PostgreSQL 15 servers (a primary and a synchronous hot standby made with
/// `pg_basebackup -R`; `pg_promote()` as the failover) with two in-process Ampere nodes. Skipped, saying why, only
/// when the PostgreSQL binaries are missing.
@Suite(.serialized, .enabled(if: PostgresCluster.availability == nil, "\(PostgresCluster.availability ?? "")"))
struct ClusterReplicaTests {
    /// Two replica nodes over one cluster.
    final class Nodes: @unchecked Sendable {
        let pg: PostgresCluster
        let a: AppTester

        var b: AppTester
        let settings: [String: String]

        init(writeRetrySeconds: Double = 30) async throws {
            pg = try PostgresCluster.start(standby: true, synchronous: true)
            settings = ["cluster.mode": "replica", "cluster.pg_url": pg.writeURL, "cluster.pg_read_url": pg.readURL,
                        "cluster.poll_ms": "10", "cluster.write_retry_s": "\(writeRetrySeconds)"]
            a = try AppTester(settings: settings)
            b = try AppTester(settings: settings)
            try await a.waitUntilReady()
            try await b.waitUntilReady()
            try await Self.feed(a).waitForPolls(1)
            try await Self.feed(b).waitForPolls(1)
        }

        static func feed(_ node: AppTester) throws -> ReplicaFeed {
            guard let feed = node.app.retrieval.replica?.feed else { throw ClusterTestError("node has no replica feed") }
            return feed
        }

        func stop() async {
            await a.stop()
            await b.stop()
            pg.stop()
        }
    }

    struct ClusterTestError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    static func put(_ node: AppTester, _ id: String, title: String) async throws -> (status: Int, version: Int64?) {
        let body = #"{"id":"\#(id)","title":"\#(title)","brand":"Acme","media":[{"domain":"live","asr":"this \#(title) is on sale today"}]}"#
        let r = try await node.inProcessClient().request("POST", "/products", headers: [("Content-Type", "application/json")],
                                                         body: Array(body.utf8))
        return (r.status, r.headers["Ampere-Version"].flatMap { Int64($0) })
    }

    static func status(_ node: AppTester, _ id: String) async throws -> Int {
        try await node.inProcessClient().request("GET", "/products/\(id)").status
    }

    static func searchIDs(_ node: AppTester, _ text: String) async throws -> [String] {
        let r = try await node.inProcessClient().request("POST", "/search", headers: [("Content-Type", "application/json")],
                                                         body: Array(#"{"text":"\#(text)","k":10}"#.utf8))
        // Ids in hit order, read off the JSON without a decoder.
        var ids: [String] = []
        var rest = Substring(r.text)
        while let range = rest.range(of: #""id":""#) {
            rest = rest[range.upperBound...]
            if let end = rest.firstIndex(of: "\"") { ids.append(String(rest[..<end])) }
        }
        return ids
    }

    static func visible(_ node: AppTester, _ version: Int64) async throws -> Bool {
        try await node.app.retrieval.current().catalog.waitVisible(version, timeout: .seconds(30))
    }

    @Test func writesAndDeletesThroughEitherNodeReachBoth() async throws {
        let nodes = try await Nodes()
        do {
            let put = try await Self.put(nodes.a, "kettle-1", title: "copper kettle")
            #expect(put.status == 201)
            let version = try #require(put.version)
            #expect(try await Self.visible(nodes.a, version))
            #expect(try await Self.visible(nodes.b, version))
            #expect(try await Self.status(nodes.b, "kettle-1") == 200)
            #expect(try await Self.searchIDs(nodes.b, "copper kettle").first == "kettle-1")

            // Replace through the other node, then delete through the first.
            let again = try await Self.put(nodes.b, "kettle-1", title: "steel kettle")
            #expect(again.status == 200)
            #expect(try await Self.visible(nodes.a, try #require(again.version)))
            let page = try await nodes.a.inProcessClient().request("GET", "/products/kettle-1")
            #expect(page.text.contains("steel kettle"))

            let delete = try await nodes.a.inProcessClient().request("DELETE", "/products/kettle-1?wait=visible")
            #expect(delete.status == 204)
            #expect(delete.headers["Ampere-Visible"] == "true")
            let deleted = try #require(delete.headers["Ampere-Version"].flatMap { Int64($0) })
            #expect(try await Self.visible(nodes.b, deleted))
            #expect(try await Self.status(nodes.b, "kettle-1") == 404)
            #expect(try await Self.status(nodes.a, "kettle-1") == 404)
            #expect(!(try await Self.searchIDs(nodes.b, "steel kettle").contains("kettle-1")))
            // PostgreSQL holds the truth: nothing left of the product there either.
            #expect(try nodes.pg.sql("SELECT count(*) FROM products WHERE id = 'kettle-1'") == "0")
        } catch {
            await nodes.stop()
            throw error
        }
        await nodes.stop()
    }

    /// The outbox cursor trap: a transaction that takes its change row first but commits last must still be
    /// delivered (a `seq > cursor` tail skips it once a later change has moved the cursor past it).
    @Test func aTransactionCommittingLateIsNotSkipped() async throws {
        let nodes = try await Nodes()
        do {
            let slow = try PGConnection(conninfo: nodes.pg.writeURL)
            try slow.execute("BEGIN")
            try slow.execute("""
                INSERT INTO products (id, title, space_id, version) VALUES ('slow-1', 'slow product', 'x',
                    pg_current_xact_id()::text::bigint)
                """)
            let fast = try await Self.put(nodes.a, "fast-1", title: "fast product")
            #expect(fast.status == 201)
            // Let both feeds look at PostgreSQL several times while the slow transaction is still open.
            let feedB = try Nodes.feed(nodes.b)
            await feedB.waitForPolls(feedB.status.polls + 3)
            #expect(try await Self.status(nodes.b, "slow-1") == 404)
            try slow.execute("COMMIT")
            #expect(try await Self.visible(nodes.b, try #require(fast.version)))
            // Seeing `fast` says nothing about `slow` (that is the trap): wait for two polls of each feed, so one
            // of them started after the commit (under load node a's feed had not, and the check below raced it).
            let feedA = try Nodes.feed(nodes.a)
            await feedA.waitForPolls(feedA.status.polls + 2)
            await feedB.waitForPolls(feedB.status.polls + 2)
            #expect(try await Self.status(nodes.b, "fast-1") == 200)
            #expect(try await Self.status(nodes.b, "slow-1") == 200)
            #expect(try await Self.status(nodes.a, "slow-1") == 200)
        } catch {
            await nodes.stop()
            throw error
        }
        await nodes.stop()
    }

    /// A node restarted after the change rows it missed were purged reconciles instead of tailing past the hole;
    /// a node restarted otherwise resumes from its cursor.
    @Test func aRestartedNodeCatchesUpEvenPastPurgedChanges() async throws {
        let nodes = try await Nodes()
        do {
            let first = try await Self.put(nodes.a, "r-1", title: "first item")
            #expect(try await Self.visible(nodes.b, try #require(first.version)))
            let directory = nodes.b.dataDirectory
            await nodes.b.stop()
            let missed = try await Self.put(nodes.a, "r-2", title: "missed item")
            let gone = try await nodes.a.inProcessClient().request("DELETE", "/products/r-1")
            #expect(gone.status == 204)
            // Purge every change row, as retention would after storage.change_log_days.
            let purged = try await nodes.a.app.retrieval.replica!.writer.purgeChanges(olderThanDays: -1)
            #expect(purged >= 3)
            nodes.b = try AppTester(settings: nodes.settings, reusing: directory)
            try await nodes.b.waitUntilReady()
            #expect(try await Self.visible(nodes.b, try #require(missed.version)))
            #expect(try await Self.status(nodes.b, "r-2") == 200)
            #expect(try await Self.status(nodes.b, "r-1") == 404)
            #expect(try Nodes.feed(nodes.b).status.reconciles == 1)
        } catch {
            await nodes.stop()
            throw error
        }
        await nodes.stop()
    }

    /// With no primary at all, a write is refused with 503 and Retry-After once its retry budget is spent (never a
    /// hang, never a false success), while searches keep being answered from the node's own copy.
    @Test func aWriteWithoutAPrimaryIsRefusedAndSearchesGoOn() async throws {
        let nodes = try await Nodes(writeRetrySeconds: 0.5)
        do {
            let first = try await Self.put(nodes.a, "s-1", title: "survivor lamp")
            #expect(try await Self.visible(nodes.b, try #require(first.version)))
            nodes.pg.killPrimary()
            let body = #"{"id":"s-2","title":"lost lamp"}"#
            let refused = try await nodes.a.inProcessClient().request(
                "POST", "/products", headers: [("Content-Type", "application/json")], body: Array(body.utf8))
            #expect(refused.status == 503)
            #expect(refused.errorCode == "storage_unavailable")
            #expect(refused.headers["Retry-After"] != nil)
            #expect(try await Self.searchIDs(nodes.b, "survivor lamp").first == "s-1")
            #expect(try await Self.status(nodes.a, "s-2") == 404)
        } catch {
            await nodes.stop()
            throw error
        }
        await nodes.stop()
    }

    /// Kill the primary under a write loop and promote the standby: every acknowledged write is on both nodes.
    @Test func promotingTheStandbyUnderWritesKeepsEveryAcknowledgedWrite() async throws {
        let nodes = try await Nodes()
        do {
            var acknowledged: [String] = []
            var refused = 0
            var last: Int64 = 0
            for i in 0..<60 {
                if i == 20 {
                    nodes.pg.killPrimary()
                    // A write now waits (retrying on fresh connections) until the standby takes over.
                    async let promoted: Void = Task.detached { try nodes.pg.promoteStandby() }.value
                    let during = try await Self.put(i % 2 == 0 ? nodes.a : nodes.b, "w-\(i)", title: "item \(i)")
                    try await promoted
                    if during.status == 201, let v = during.version { acknowledged.append("w-\(i)"); last = max(last, v) }
                    else { refused += 1 }
                    continue
                }
                let put = try await Self.put(i % 2 == 0 ? nodes.a : nodes.b, "w-\(i)", title: "item \(i)")
                if put.status == 201, let v = put.version {
                    acknowledged.append("w-\(i)")
                    last = max(last, v)
                } else {
                    refused += 1
                }
            }
            #expect(acknowledged.count >= 58, "refused \(refused)")
            #expect(try await Self.visible(nodes.a, last))
            #expect(try await Self.visible(nodes.b, last))
            for id in acknowledged {
                #expect(try await Self.status(nodes.a, id) == 200, "\(id) missing on a")
                #expect(try await Self.status(nodes.b, id) == 200, "\(id) missing on b")
            }
            // Both feeds noticed the new timeline and reconciled against it.
            #expect(try Nodes.feed(nodes.a).status.timeline == 2)
            #expect(try Nodes.feed(nodes.b).status.timeline == 2)
        } catch {
            await nodes.stop()
            throw error
        }
        await nodes.stop()
    }
}
