import App
import Foundation
import Testing
import TestSupport

/// Issue 14 #3: one process per data directory. A second `serve`, `import --data-dir` or `eval --data-dir` on a
/// directory in use is refused at start with the holder's pid and command, instead of quietly keeping its own
/// graph and snapshotting over the first one's.
@Suite("Data directory lock")
struct DataDirectoryLockTests {
    @Test func aSecondHolderIsRefusedNamingTheFirstUntilItLetsGo() throws {
        let dir = try TemporaryDirectory()
        let first = DataDirectoryLock()
        try first.acquire(directory: dir.path, command: "ampere serve")
        #expect(first.isHeld)
        let second = DataDirectoryLock()
        #expect {
            try second.acquire(directory: dir.path, command: "ampere import")
        } throws: { error in
            guard case let StartupError.dataDirectoryInUse(path, holder) = error else { return false }
            return path == dir.path && holder.hasPrefix("pid \(getpid()), ampere serve, since ")
        }
        #expect(!second.isHeld)
        first.release()
        #expect(!first.isHeld)
        try second.acquire(directory: dir.path, command: "ampere import")
        #expect(second.isHeld)
        let text = try String(contentsOfFile: dir.file(DataDirectoryLock.fileName), encoding: .utf8)
        #expect(text.hasPrefix("pid \(getpid()), ampere import, since "), "\(text)")
    }

    @Test func aSecondAppOnTheSameDirectoryDoesNotStartAndTheFirstKeepsServing() async throws {
        let dir = try TemporaryDirectory()
        let first = try AppTester(settings: ["data.dir": dir.path])
        try await first.waitUntilReady()  // a shutdown does not wait for a load in progress (the process exits after it)
        #expect {
            _ = try AppTester(settings: ["data.dir": dir.path])
        } throws: { error in
            "\(error)".contains("is in use by pid \(getpid()), ampere serve")
        }
        let health = try await first.client().request("GET", "/health")
        #expect(health.status == 200 || health.status == 503, "\(health.text)")
        #expect(await first.stop())
        // A graceful stop lets the directory go.
        let again = try AppTester(settings: ["data.dir": dir.path])
        try await again.waitUntilReady()
        #expect(await again.stop())
    }

    @Test func importIsRefusedWhileAServerHoldsTheDirectory() async throws {
        let dir = try TemporaryDirectory()
        let data = dir.file("data")
        let server = try AmpereProcess(["serve", "--port", "0", "--data-dir", data,
                                        "--set", "encoder.text=hashing", "--set", "log.access=false"])
        defer { kill(server.process.processIdentifier, SIGKILL) }
        _ = await server.waitForOutput(containing: "\"msg\":\"started\"")
        let catalog = dir.file("catalog.jsonl")
        try #"{"id":"p1","title":"Brass desk lamp"}"#.write(toFile: catalog, atomically: true, encoding: .utf8)
        let importer = try AmpereProcess(["import", catalog, "--data-dir", data, "--set", "encoder.text=hashing"])
        let result = await importer.waitForExit()
        #expect(result.status != 0)
        #expect(result.stderr.contains("in use by pid \(server.process.processIdentifier), ampere serve"), "\(result.stderr)")
    }
}
