import API
import App
import Synchronization
import Testing

@Suite("Readiness registry: cached /health body")
struct ReadinessBodyCacheTests {
    @Test func cachedBodyFollowsReadinessAndSectionValues() {
        let registry = ReadinessRegistry()
        let count = Mutex(0)
        registry.setSection("products") { .int(count.withLock { $0 }) }
        let loading = registry.register("catalog")
        func check() {
            let (ready, body) = registry.healthBody()
            let report = registry.healthReport()
            #expect(ready == report.ready)
            #expect(body == report.json.renderedBytes)
        }
        check()
        #expect(!registry.healthBody().ready)
        loading.markReady()
        check()
        #expect(registry.healthBody().ready)
        #expect(String(decoding: registry.healthBody().body, as: UTF8.self).contains(#""products":0"#))
        count.withLock { $0 = 42 }
        check()
        #expect(String(decoding: registry.healthBody().body, as: UTF8.self).contains(#""products":42"#))
        registry.setSection("index") { .object([("vectors", .int(7))]) }
        check()
        #expect(String(decoding: registry.healthBody().body, as: UTF8.self).contains(#""vectors":7"#))
    }
}

@Suite("Readiness registry: waiting for readiness")
struct ReadinessWaitTests {
    @Test func waitersResumeWhenTheLastComponentIsReady() async throws {
        let registry = ReadinessRegistry()
        let catalog = registry.register("catalog"), index = registry.register("index")
        let waiter = Task { try await registry.waitUntilReady() }
        catalog.markReady()
        #expect(!registry.isReady)
        index.markReady()
        try await waiter.value
        #expect(registry.isReady)
        try await registry.waitUntilReady()  // already ready: returns at once
    }

    @Test func aFailedComponentReleasesWaitersWithItsReason() async throws {
        let registry = ReadinessRegistry()
        let catalog = registry.register("catalog")
        let waiter = Task { try await registry.waitUntilReady() }
        catalog.markFailed("disk I/O error")
        await #expect(throws: ReadinessFailure.self) { try await waiter.value }
        do {
            try await registry.waitUntilReady()
            Issue.record("a failed registry must not report ready")
        } catch let failure as ReadinessFailure {
            #expect(failure.component == "catalog" && failure.reason == "disk I/O error")
        }
        #expect(!registry.isReady)
    }
}
