import Foundation
import Testing
import TestSupport

@Suite("API keys in the real executable")
struct GuardProcessTests {
    static let writeKey = "proc-write-key-5f3a9c1e7b2d4086"
    static let readKey = "proc-read-key-8e1b6d2c0a9f4731"

    /// Starts `ampere serve` with `environment` on a seeded data directory, waits for its ready log line, runs
    /// `body` on the port, then SIGTERMs and returns everything the process wrote.
    static func serve(environment: [String: String], _ body: (Int) async throws -> Void) async throws -> String {
        let dir = try TemporaryDirectory()
        let portFile = dir.file("port")
        try await AmpereProcess.seedDataDirectory(dir.file("data"))
        let child = try AmpereProcess(["serve", "--port", "0", "--port-file", portFile, "--data-dir", dir.file("data"),
                                       "--set", "encoder.text=hashing", "--set", "log.level=trace"],
                                      environment: environment)
        _ = await child.waitForOutput(containing: "\"msg\":\"started\"")
        let port = try #require(Int(try String(contentsOfFile: portFile, encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)))
        let ready = await child.waitForOutput(containing: AmpereProcess.readyMarker)
        #expect(ready.contains(AmpereProcess.readyMarker), "\(ready.suffix(600))")
        #expect(try await RawHTTPClient(port: port).request("GET", "/health").status == 200)
        try await body(port)
        kill(child.process.processIdentifier, SIGTERM)
        let (status, out, err) = await child.waitForExit()
        #expect(status == 0)
        return out + err
    }

    @Test func keysNeverAppearInLogsOrConfigOutput() async throws {
        let environment = ["AMPERE_WRITE_KEYS": Self.writeKey, "AMPERE_READ_KEYS": Self.readKey]
        let log = try await Self.serve(environment: environment) { port in
            let body = Array(#"{"text":"lamp"}"#.utf8)
            for auth in ["Bearer \(Self.readKey)", "Bearer \(Self.writeKey)", "Bearer \(Self.writeKey)x", "Basic \(Self.readKey)"] {
                let r = try await RawHTTPClient(port: port).request(
                    "POST", "/search", headers: [("Authorization", auth), ("Content-Type", "application/json")], body: body)
                #expect([200, 401].contains(r.status))
                #expect(!r.text.contains("proc-"))
            }
            let denied = try await RawHTTPClient(port: port).request(
                "DELETE", "/products/x", headers: [("Authorization", "Bearer \(Self.readKey)")])
            #expect(denied.status == 403)
        }
        #expect(log.contains("\"msg\":\"request\""), "the access log was on: \(log.prefix(400))")
        #expect(!log.contains("no API keys configured"))
        for fragment in [Self.writeKey, Self.readKey, "5f3a9c1e", "8e1b6d2c"] { #expect(!log.contains(fragment), "\(fragment)") }

        let config = try AmpereProcess(["config"], environment: environment)
        let (status, out, err) = await config.waitForExit()
        #expect(status == 0)
        #expect(out.contains("auth.write_keys = <set>"), "\(out)")
        #expect(!(out + err).contains(Self.writeKey) && !(out + err).contains(Self.readKey))
    }

    @Test func noKeysMeansAWarningAtStart() async throws {
        let log = try await Self.serve(environment: ["AMPERE_WRITE_KEYS": "", "AMPERE_READ_KEYS": ""]) { _ in }
        #expect(log.contains("no API keys configured"), "\(log.prefix(600))")
    }

    @Test func malformedKeyListStopsStartNamingTheVariableNotTheKey() async throws {
        let child = try AmpereProcess(["serve", "--port", "0"], environment: ["AMPERE_WRITE_KEYS": "\(Self.writeKey),,"])
        let (status, out, err) = await child.waitForExit()
        #expect(status == 78)
        #expect(err.contains("AMPERE_WRITE_KEYS"), "\(err)")
        #expect(err.contains("empty"))
        #expect(!(out + err).contains(Self.writeKey))
    }
}
