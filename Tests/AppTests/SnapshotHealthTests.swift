import Foundation
import Testing
import TestSupport
@testable import App

/// A snapshot that cannot be written shows on `/health` (`snapshot.failing`, the error, the failure count) and
/// on `/metrics`; a successful one shows its sequence, size and durations, and clears `failing`.
@Suite("Snapshot health and metrics")
struct SnapshotHealthTests {
    @Test(arguments: TestMode.allCases)
    func aFailingSnapshotShowsOnHealthAndMetrics(mode: TestMode) async throws {
        let elsewhere = try TemporaryDirectory()
        // A snapshot directory under a regular file: mkdir fails with ENOTDIR, for root too.
        let file = try elsewhere.write("not-a-dir", "x")
        let app = try await CatalogHarness.start(mode: mode, settings: ["index.snapshot_dir": file + "/snapshots"])
        defer { app.stop() }
        let fresh = try await app.health()
        #expect(fresh.snapshot == HealthAnswer.Snapshot(failing: false, consecutiveFailures: 0))
        #expect(try await app.post("/products", CatalogFixtures.product("p1", title: "Desk lamp")).status == 201)
        let runtime = app.tester.app.retrieval
        #expect(await runtime.snapshot(reason: "test") == false)
        #expect(await runtime.snapshot(reason: "test") == false)
        let health = try await app.get("/health")
        #expect(health.status == 200)  // still serving: searches and writes do not need the snapshot
        let snapshot = try health.decode(HealthAnswer.self).snapshot
        #expect(snapshot.failing)
        #expect(snapshot.consecutiveFailures == 2)
        #expect(snapshot.lastError?.contains("mkdir") == true, "\(snapshot)")
        #expect(snapshot.lastFailureAt != nil && snapshot.lastSuccessAt == nil)
        let metrics = try await app.get("/metrics").text
        #expect(metrics.contains("ampere_index_snapshot_failures_total 2"))
        #expect(metrics.contains("ampere_index_snapshots_total 0") || !metrics.contains("ampere_index_snapshots_total "))
    }

    @Test func aSuccessfulSnapshotShowsItsSequenceSizeAndDurations() async throws {
        let app = try await CatalogHarness.start(mode: .inProcess)
        defer { app.stop() }
        #expect(try await app.post("/products", CatalogFixtures.product("p1", title: "Desk lamp")).status == 201)
        #expect(try await app.post("/products", CatalogFixtures.product("p2", title: "Floor lamp")).status == 201)
        #expect(await app.tester.app.retrieval.snapshot(reason: "test"))
        let snapshot = try await app.health().snapshot
        #expect(!snapshot.failing && snapshot.consecutiveFailures == 0)
        #expect(snapshot.sequence == 2)
        let bytes = try #require(snapshot.bytes)
        #expect(bytes > 2 * 791 * 4)
        let name = try #require(snapshot.file)
        #expect(FileManager.default.fileExists(atPath: app.tester.dataDirectory.path + "/" + name))
        #expect(snapshot.lastSuccessAt != nil && snapshot.seconds != nil && snapshot.lockSeconds != nil)
        let metrics = try await app.get("/metrics").text
        #expect(metrics.contains("ampere_index_snapshots_total 1"))
        #expect(metrics.contains("ampere_index_snapshot_bytes \(bytes)"))
        #expect(metrics.contains("ampere_index_snapshot_sequence 2"))
        #expect(metrics.contains("ampere_index_snapshot_seconds_count 1"))
    }

    @Test func backoffDoublesPerFailureUpToTheCap() {
        let waits = (0...8).map { SnapshotStatus.backoffSeconds(failures: $0, base: 30, cap: 1_800) }
        #expect(waits == [30, 60, 120, 240, 480, 960, 1_800, 1_800, 1_800])
        #expect(SnapshotStatus.backoffSeconds(failures: 1_000, base: 30, cap: 1_800) == 1_800)
    }
}
