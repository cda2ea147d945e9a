import App
import Testing
import TestSupport
import VectorMath

@Suite("The app over a real socket")
struct AppLiveTests {
    @Test func healthFollowsReadiness() async throws {
        let tester = try AppTester()
        defer { tester.stop() }
        let c = try tester.client()
        try await tester.waitUntilReady()
        let ok = try await c.request("GET", "/health")
        #expect(ok.status == 200)
        #expect(ok.text.hasPrefix(#"{"status":"ok","products":0,"index":{"vectors":0,"dimension":791,"#))

        let extra = tester.app.readiness.register("extra")
        let starting = try await c.request("GET", "/health")
        #expect(starting.status == 503)
        #expect(starting.text.hasPrefix(#"{"status":"starting","pending":["extra"],"products":0,"index":{"#))

        tester.app.readiness.setSection("index") { .object([("count", .int(42)), ("dim", .int(384))]) }
        tester.app.readiness.setSection("encoder") { .string("builtin") }
        extra.markReady()
        let ready = try await c.request("GET", "/health")
        #expect(ready.status == 200)
        // Sections in registration order: the app's own (products, index, snapshot, recommender, kernels, cluster), then the
        // test's. The kernel path is the app's own choice (another test may force a different one meanwhile).
        #expect(ready.text.hasPrefix(#"{"status":"ok","products":0,"index":{"count":42,"dim":384},"snapshot":{"failing":false,"consecutive_failures":0},"recommender":{"mode":"day_zero","#))
        let endings = KernelISA.available.map {
            #""fallback":"content","cold_users":"popularity"},"kernels":{"isa":"\#($0.rawValue)"},"cluster":{"mode":"single"},"encoder":"builtin"}"#
        }
        #expect(endings.contains { ready.text.hasSuffix($0) }, "\(ready.text)")
    }

    @Test func metricsCountRequestsByRouteMethodAndStatus() async throws {
        let tester = try AppTester()
        defer { tester.stop() }
        let c = try tester.client()
        try await tester.waitUntilReady()
        for _ in 0..<3 { _ = try await c.request("GET", "/health") }
        _ = try await c.request("GET", "/no/such/path")
        _ = try await c.request("PATCH", "/health")
        let text = try await c.request("GET", "/metrics").text
        #expect(text.contains(#"http_requests_total{route="/health",method="GET",status="200"} 3"#))
        #expect(text.contains(#"http_requests_total{route="unmatched",method="GET",status="404"} 1"#))
        #expect(text.contains(#"http_requests_total{route="unmatched",method="PATCH",status="405"} 1"#))
        #expect(text.contains(#"http_request_duration_seconds_count{route="/health",method="GET"} 3"#))
        #expect(text.contains(#"http_request_duration_seconds_bucket{route="/health",method="GET",le="+Inf"} 3"#))
        #expect(text.contains("# TYPE http_request_duration_seconds histogram"))
        #expect(text.contains("http_open_connections 1"))
        let rss = try #require(text.split(separator: "\n").first { $0.hasPrefix("process_resident_memory_bytes ") })
        #expect((Double(rss.split(separator: " ")[1]) ?? 0) > 1_000_000)
        #expect(text.contains("process_start_time_seconds 1"))
    }

    @Test func badDataDirectoryFailsAtStartNamingTheKey() throws {
        let dir = try TemporaryDirectory()
        let file = try dir.write("not-a-dir", "x")
        #expect {
            _ = try AppTester(settings: ["data.dir": file + "/sub"])
        } throws: { error in
            "\(error)".contains("data.dir")
        }
    }

    @Test func dataDirectoryIsCreated() async throws {
        let dir = try TemporaryDirectory()
        let tester = try AppTester(settings: ["data.dir": dir.path + "/a/b"])
        defer { tester.stop() }
        var isDirectory = false
        #expect(FileSystem.isDirectory(dir.path + "/a/b", &isDirectory) && isDirectory)
    }
}

import Foundation

enum FileSystem {
    static func isDirectory(_ path: String, _ result: inout Bool) -> Bool {
        var flag: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &flag)
        result = flag.boolValue
        return exists
    }
}
