import App
import Testing
import TestSupport

/// A keyless instance stays on loopback unless the operator opens it on purpose.
@Suite("Keyless instances refuse a network address")
struct NetworkExposureTests {
    static let writeKey = "write-key-0123456789abcdef"

    @Test func noKeysOnANetworkAddressRefusesToStartAndSaysHowToFixIt() throws {
        for host in ["0.0.0.0", "::", "10.1.2.3"] {
            do {
                let tester = try AppTester(settings: ["server.host": host])
                tester.stop()
                Issue.record("started open on \(host)")
            } catch let error as StartupError {
                let message = error.description
                #expect(message.contains("server.host '\(host)'"))
                #expect(message.contains("AMPERE_WRITE_KEYS") && message.contains("auth.open=true"))
            }
        }
    }

    @Test func keysOrAnExplicitOpenFlagAllowANetworkAddress() async throws {
        let keyed = try AppTester(settings: ["server.host": "0.0.0.0"], environment: ["AMPERE_WRITE_KEYS": Self.writeKey])
        #expect(keyed.port > 0)
        try await keyed.waitUntilReady()
        await keyed.stop()
        let open = try AppTester(settings: ["server.host": "0.0.0.0", "auth.open": "true"])
        #expect(open.port > 0)
        try await open.waitUntilReady()
        await open.stop()
    }

    @Test func loopbackStaysOpenWithoutKeys() async throws {
        for host in ["127.0.0.1", "127.0.0.2", "::1"] {
            let tester = try AppTester(settings: ["server.host": host])
            #expect(tester.port > 0)
            try await tester.waitUntilReady()
            await tester.stop()
        }
    }
}
