@testable import App
import Config
import CoreMetrics
import Logging
import Retrieval
import Synchronization
import Testing
import TestSupport
import VectorMath

@Suite("Runtime options: the configuration translated in one pure function")
struct RuntimeOptionsTests {
    @Test func defaultsTranslate() throws {
        let o = RuntimeOptions(try AmpereSettings.load())
        #expect(o.textEncoder.kind == .auto && o.textEncoder.threads == 2 && o.textEncoder.maxTokens == 64)
        #expect(o.queryMaxTokens == 28)
        #expect(o.fusion.text == 1 && o.fusion.visual == 0.5)
        #expect(o.stack.hnsw.M == 16 && o.stack.hnsw.efConstruction == 200 && o.stack.search.defaultEf == 64)
        #expect(o.stack.search.lexicalWeights == LexicalWeights(title: 5, brand: 2, body: 1))
        #expect(o.stack.search.maxLexicalTerms == 32 && o.stack.search.commonTermShare == 0.1)
        #expect(o.stack.synchronous == .full)
        #expect(o.summarizer.llm == nil && o.summarizer.deadline == 3)
        #expect(o.snapshotEvery == 10_000 && o.lexicalMaintenanceIdleSeconds == 2)
    }

    @Test("kernels.isa reaches the index's distance kernels (the options are made before start() selects a path)",
          arguments: KernelISA.available)
    func kernelsReachTheIndex(isa: KernelISA) throws {
        let o = RuntimeOptions(try AmpereSettings.load(overrides: ["kernels.isa": isa.rawValue]))
        #expect(o.stack.hnsw.kernels == isa)
        let auto = RuntimeOptions(try AmpereSettings.load(overrides: ["kernels.isa": "auto"]))
        #expect(auto.stack.hnsw.kernels == KernelISA.available.max())
    }

    @Test func everyTranslatedKeyIsReadFromTheConfiguration() throws {
        let o = RuntimeOptions(try AmpereSettings.load(overrides: [
            "encoder.text": "hashing", "encoder.query_max_tokens": "0", "encoder.visual_weight": "0",
            "index.m": "8", "index.ef_search": "99", "search.bm25_title": "7", "search.max_query_terms": "5",
            "storage.synchronous": "normal", "llm.base_url": "http://127.0.0.1:9/v1", "llm.model": "m",
            "llm.deadline_s": "0", "llm.max_tokens": "17", "index.snapshot_every": "3",
            "storage.fts_maintenance_idle_s": "0", "limits.max_transcript_chars": "10",
            "summarizer.cache_entries": "12", "llm.api": "completion",
        ]))
        #expect(o.textEncoder.kind == .hashing)
        #expect(o.queryMaxTokens == nil)  // 0 reads as much as an appearance
        #expect(o.fusion.visual == 0)
        #expect(o.stack.hnsw.M == 8 && o.stack.hnsw.efSearch == 99 && o.stack.search.defaultEf == 99)
        #expect(o.stack.search.lexicalWeights.title == 7 && o.stack.search.maxLexicalTerms == 5)
        #expect(o.stack.synchronous == .normal)
        #expect(o.summarizer.llm?.baseURL == "http://127.0.0.1:9/v1" && o.summarizer.llm?.model == "m")
        #expect(o.summarizer.llm?.maxTokens == 17 && o.summarizer.deadline == nil)
        #expect(o.summarizer.llm?.api.rawValue == "completion")
        let chat = RuntimeOptions(try AmpereSettings.load(overrides: ["llm.base_url": "http://127.0.0.1:9/v1"]))
        #expect(chat.summarizer.llm?.api.rawValue == "chat")  // the default
        #expect(o.summarizer.maxTranscriptBytes == 40)
        #expect(o.snapshotEvery == 3 && o.lexicalMaintenanceIdleSeconds == 0)
        #expect(o.summaryCacheEntries == 12)
    }

    @Test func inputLimitsFollowTheLimitsKeys() throws {
        let limits = RuntimeOptions.inputLimits(try AmpereSettings.load(overrides: [
            "limits.max_batch": "7", "limits.max_images": "3", "limits.max_k": "9", "limits.max_ef": "11",
        ]))
        #expect(limits.maxBatch == 7 && limits.maxImages == 3 && limits.maxK == 9 && limits.maxEf == 11)
    }

    @Test func theRecommendKeysTranslate() throws {
        let defaults = RuntimeOptions(try AmpereSettings.load())
        #expect(defaults.eventRetentionDays == 365 && defaults.stack.recommend.historyLimit == 50)
        #expect(defaults.stack.recommend.repeatWindow == 500)
        #expect(defaults.stack.recommend.halfLifeSeconds == 30 * 86_400)
        let o = RuntimeOptions(try AmpereSettings.load(overrides: [
            "recommend.events_retention_days": "0", "recommend.history_limit": "7", "recommend.half_life_days": "0.5",
            "index.ef_search": "99", "recommend.repeat_window": "33",
        ]))
        #expect(o.eventRetentionDays == 0 && o.stack.recommend.historyLimit == 7 && o.stack.recommend.repeatWindow == 33)
        #expect(o.stack.recommend.halfLifeSeconds == 43_200 && o.stack.recommend.defaultEf == 99)
    }
}

@Suite("Maintenance loops on an injected clock")
struct MaintenanceLoopTests {
    /// A stack over a temporary database with the hashing encoder (no model files, loads in milliseconds).
    static func stack(in directory: TemporaryDirectory, options: RuntimeOptions) async throws -> RetrievalStack {
        var quiet = Logger(label: "test.runtime")
        quiet.logLevel = .warning
        return try await StackBuilder.build(options: options, databasePath: directory.path + "/ampere.sqlite",
                                            summarizer: .none, metricsFactory: NOOPMetricsHandler.instance, logger: quiet)
    }

    @Test func snapshotLoopSavesOnceEnoughChangesAccumulatedAndStopsWhenAsked() async throws {
        let directory = try TemporaryDirectory()
        var options = RuntimeOptions(try AmpereSettings.load(overrides: ["encoder.text": "hashing"]))
        options.snapshotEvery = 2
        let stack = try await Self.stack(in: directory, options: options)
        let clock = ManualClock()
        let stop = Atomic<Bool>(false)
        let saves = Mutex<[String]>([])
        let loops = MaintenanceLoops(clock: clock, options: options, logger: Logger(label: "test"),
                                     stopping: { stop.load(ordering: .relaxed) })
        let loop = Task {
            await loops.snapshots(stack) { reason in
                saves.withLock { $0.append(reason) }
                return (try? await stack.saveSnapshot()) != nil
            }
        }
        _ = try await stack.catalog.upsert(ProductDraft(id: "p1", title: "Desk lamp"))
        await clock.sleeping()
        clock.advance(by: .seconds(30))  // one change: below the threshold, nothing saved
        await clock.sleeping()
        #expect(saves.withLock { $0 }.isEmpty)
        _ = try await stack.catalog.upsert(ProductDraft(id: "p2", title: "Floor lamp"))
        clock.advance(by: .seconds(30))
        await clock.sleeping()
        #expect(saves.withLock { $0 } == ["2 changes"])
        #expect(try await stack.store.changesSinceSnapshot() == 0)
        clock.advance(by: .seconds(30))  // nothing new: no second save
        await clock.sleeping()
        #expect(saves.withLock { $0 }.count == 1)
        stop.store(true, ordering: .relaxed)
        clock.advance(by: .seconds(30))
        await loop.value  // the loop ends once stopping is set
    }

    @Test func retentionPurgesEventsOlderThanTheRetentionAtStartAndOnEveryCheck() async throws {
        let directory = try TemporaryDirectory()
        var options = RuntimeOptions(try AmpereSettings.load(overrides: [
            "encoder.text": "hashing", "recommend.events_retention_days": "10"]))
        options.retentionCheckSeconds = 60
        let stack = try await Self.stack(in: directory, options: options)
        let day = 86_400.0
        try await stack.recommend.ingest([
            Event(user: "u", productID: "old", type: .view, timestamp: 1 * day),
            Event(user: "u", productID: "mid", type: .view, timestamp: 15 * day),
            Event(user: "u", productID: "new", type: .view, timestamp: 25 * day),
        ])
        let clock = ManualClock()
        let stop = Atomic<Bool>(false)
        let now = Mutex<Double>(20 * day)  // the wall clock the loop reads
        let loops = MaintenanceLoops(clock: clock, options: options, logger: Logger(label: "test"),
                                     stopping: { stop.load(ordering: .relaxed) })
        let loop = Task { await loops.eventRetention(stack, now: { now.withLock { $0 } }) }
        await clock.sleeping()  // the first purge ran before the first sleep
        #expect(try await stack.events.history(user: "u", limit: 10).map(\.productID) == ["new", "mid"])
        now.withLock { $0 = 30 * day }
        clock.advance(by: .seconds(60))
        await clock.sleeping()
        #expect(try await stack.events.history(user: "u", limit: 10).map(\.productID) == ["new"])
        stop.store(true, ordering: .relaxed)
        clock.advance(by: .seconds(60))
        await loop.value
    }

    @Test func loopsWithTheirIntervalOffReturnAtOnce() async throws {
        let directory = try TemporaryDirectory()
        var options = RuntimeOptions(try AmpereSettings.load(overrides: ["encoder.text": "hashing"]))
        options.snapshotEvery = 0
        options.lexicalMaintenanceIdleSeconds = 0
        options.eventRetentionDays = 0
        let stack = try await Self.stack(in: directory, options: options)
        let loops = MaintenanceLoops(clock: ManualClock(), options: options, logger: Logger(label: "test"),
                                     stopping: { false })
        await loops.snapshots(stack) { _ in Issue.record("no snapshot expected"); return false }
        await loops.eventRetention(stack, now: { Issue.record("no purge expected"); return 0 })
        await loops.lexicalMaintenance(stack)  // returns without ever sleeping on the (never advanced) clock
    }
}
