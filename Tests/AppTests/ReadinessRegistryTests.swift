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
