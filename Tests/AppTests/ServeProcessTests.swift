import Foundation
import Testing
import TestSupport

/// Runs the built `ampere` executable as a child process (`ChildProcess`: posix_spawn, not Foundation's
/// `Process`, whose `run` can crash on Linux). Blocking waits happen on a private queue, never on the cooperative
/// pool.
final class AmpereProcess: @unchecked Sendable {
    let process: ChildProcess
    private let queue = DispatchQueue(label: "ampere.test.process")
    /// Everything read from stdout so far; only touched on `queue`.
    private var stdoutText = ""

    static var executable: URL {
        // swift test runs the test bundle from the build products directory, next to the `ampere` binary.
        let here = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let sibling = here.appendingPathComponent("ampere")
        if FileManager.default.isExecutableFile(atPath: sibling.path) { return sibling }
        return URL(fileURLWithPath: RepositoryFiles.path(".build/debug/ampere"))
    }

    init(executable: URL = AmpereProcess.executable, _ arguments: [String], environment: [String: String] = [:]) throws {
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { _, new in new }
        process = try ChildProcess(executable: executable.path, arguments, environment: env)
    }

    /// Reads stdout until what was read so far (by any call) contains `marker`, or EOF; returns all of stdout read.
    /// A blocking pipe read: it returns when the child writes, never on a timer.
    func waitForOutput(containing marker: String) async -> String {
        await withCheckedContinuation { continuation in
            queue.async {
                let handle = self.process.stdout!
                while !self.stdoutText.contains(marker) {
                    let chunk = handle.availableData
                    if chunk.isEmpty { break }
                    self.stdoutText += String(decoding: chunk, as: UTF8.self)
                }
                continuation.resume(returning: self.stdoutText)
            }
        }
    }

    /// Waits for exit; returns the status, all of stdout (including what `waitForOutput` read) and stderr.
    func waitForExit() async -> (status: Int32, stdout: String, stderr: String) {
        await withCheckedContinuation { continuation in
            queue.async {
                // Both pipes at once: a child blocked on a full stderr pipe would never close its stdout.
                let group = DispatchGroup()
                nonisolated(unsafe) var err = Data()
                let errHandle = self.process.stderr!
                DispatchQueue.global().async(group: group) { err = errHandle.readDataToEndOfFile() }
                let out = self.process.stdout!.readDataToEndOfFile()
                group.wait()
                self.process.waitUntilExit()
                self.stdoutText += String(decoding: out, as: UTF8.self)
                continuation.resume(returning: (self.process.terminationStatus, self.stdoutText,
                                                String(decoding: err, as: UTF8.self)))
            }
        }
    }

    /// The log line `ampere serve` writes once it is ready, given a data directory from `seedDataDirectory`.
    static let readyMarker = "\"reason\":\"rebuilt at start\""

    /// Stores one product in `path` (an app in this process, stopped without its shutdown snapshot), so that an
    /// `ampere serve` on it rebuilds the index and, right after marking itself ready, saves a snapshot and logs
    /// `readyMarker`: the child's readiness becomes a line on its stdout to wait for, not a `/health` to poll.
    static func seedDataDirectory(_ path: String) async throws {
        let seed = try await CatalogHarness.start(mode: .inProcess,
                                                  settings: ["data.dir": path, "storage.fts_maintenance_idle_s": "0"])
        let stored = try await seed.post("/products", CatalogFixtures.product("seed-1", title: "Brass desk lamp"))
        #expect(stored.status == 201, "\(stored.text)")
        seed.stop()
    }
}

@Suite("ampere executable")
struct ServeProcessTests {
    @Test func serveWritesPortFileAnswersAndDrainsOnSIGTERM() async throws {
        let dir = try TemporaryDirectory()
        let portFile = dir.file("port")
        try await AmpereProcess.seedDataDirectory(dir.file("data"))
        let child = try AmpereProcess(["serve", "--port", "0", "--port-file", portFile, "--data-dir", dir.file("data"),
                                       "--set", "encoder.text=hashing"])
        let log = await child.waitForOutput(containing: "\"msg\":\"started\"")
        #expect(log.contains("\"msg\":\"started\""))
        let port = try #require(Int(try String(contentsOfFile: portFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        let client = try RawHTTPClient(port: port)
        // The catalog loads in the background (/health says 503 "starting" until then); the child's log says when
        // it is up.
        let ready = await child.waitForOutput(containing: AmpereProcess.readyMarker)
        #expect(ready.contains(AmpereProcess.readyMarker), "\(ready.suffix(600))")
        let health = try await client.request("GET", "/health", headers: [("X-Request-ID", "probe-1")])
        #expect(health.status == 200, "\(health.text)")
        #expect(health.headers["X-Request-ID"] == "probe-1")

        kill(child.process.processIdentifier, SIGTERM)
        let (status, out, _) = await child.waitForExit()
        #expect(status == 0)
        #expect(out.contains("\"msg\":\"drained\""))
        #expect(out.contains("\"request_id\":\"probe-1\""))  // the access-log line
        #expect(throws: (any Error).self) { _ = try RawHTTPClient(port: port, timeout: 1) }
    }

    @Test func badConfigurationFailsNamingTheKey() async throws {
        let child = try AmpereProcess(["serve", "--port", "0"], environment: ["AMPERE_SERVER_MAX_CONNECTIONS": "0"])
        let (status, _, err) = await child.waitForExit()
        #expect(status == 78)
        #expect(err.contains("server.max_connections"))
        #expect(err.contains("AMPERE_SERVER_MAX_CONNECTIONS"))
    }

    @Test func helpExplainsItself() async throws {
        let child = try AmpereProcess(["serve", "--help"])
        let (status, out, _) = await child.waitForExit()
        #expect(status == 0)
        for flag in ["--host", "--port", "--data-dir", "--config", "--port-file"] { #expect(out.contains(flag)) }
    }
}
