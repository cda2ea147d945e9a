import App
import Foundation
import Testing
import TestSupport
import VectorMath

@Suite("kernels.isa: chosen at start, shown on /health and /metrics")
struct KernelsSettingTests {
    // Every path this host can run (an unavailable one is covered by `forcedAVX512`).
    @Test("a forced path is what /health and the ampere_kernels_isa gauge report", arguments: KernelISA.available)
    func forcedPathIsReported(isa: KernelISA) async throws {
        let tester = try AppTester(settings: ["kernels.isa": isa.rawValue])
        defer { tester.stop() }
        let c = try tester.client()
        try await tester.waitUntilReady()
        let health = try JSONDecoder().decode(HealthAnswer.self, from: Data(try await c.request("GET", "/health").body))
        #expect(health.kernels.isa == isa.rawValue)
        let metrics = try await c.request("GET", "/metrics").text
        #expect(metrics.contains("ampere_kernels_isa{isa=\"\(isa.rawValue)\"} 1"), "\(metrics.prefix(2000))")
        #expect(metrics.contains("# HELP ampere_kernels_isa"))
    }

    @Test("auto takes the widest available path")
    func autoIsWidest() async throws {
        let tester = try AppTester(settings: ["kernels.isa": "auto"])
        defer { tester.stop() }
        try await tester.waitUntilReady()
        let answer = try await tester.client().request("GET", "/health")
        let health = try JSONDecoder().decode(HealthAnswer.self, from: Data(answer.body))
        #expect(health.kernels.isa == KernelISA.available.max()?.rawValue)
    }

    @Test("forcing avx512 where it cannot run fails at start naming the key; where it can, the server starts")
    func forcedAVX512() throws {
        if KernelISA.available.contains(.avx512) {
            let tester = try AppTester(settings: ["kernels.isa": "avx512"])
            tester.stop()
        } else {
            #expect {
                _ = try AppTester(settings: ["kernels.isa": "avx512"])
            } throws: { error in
                "\(error)".contains("kernels.isa=avx512")
            }
        }
    }

    @Test("an unknown value is refused by the configuration, before anything starts")
    func unknownValueRefused() {
        #expect(throws: (any Error).self) { _ = try AppTester(settings: ["kernels.isa": "amx"]) }
    }
}
