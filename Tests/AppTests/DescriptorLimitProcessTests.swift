import Foundation
import HTTPServer
import Testing
import TestSupport

/// The real executable under a small `RLIMIT_NOFILE`: the connection limit is lowered to fit, so a flood gets
/// 503s instead of EMFILE (which used to leave clients hanging in the backlog while the accept loop spun).
@Suite("Descriptor limit")
struct DescriptorLimitProcessTests {
    @Test func theConnectionBudgetLeavesDescriptorsForTheRest() {
        #expect(Server.connectionBudget(configured: 10_000, descriptorLimit: 100) == 68)
        #expect(Server.connectionBudget(configured: 10_000, descriptorLimit: 1_024) == 768)
        #expect(Server.connectionBudget(configured: 10_000, descriptorLimit: 1_048_576) == 10_000)
        #expect(Server.connectionBudget(configured: 50, descriptorLimit: 100) == 50)
        #expect(Server.connectionBudget(configured: 10_000, descriptorLimit: nil) == 10_000)
    }

    @Test func aFloodBeyondTheDescriptorLimitIsAnswered503() async throws {
        let dir = try TemporaryDirectory()
        let portFile = dir.file("port")
        // A hard limit of 100 that the server cannot raise.
        let child = try AmpereProcess(shell: "ulimit -n 100 && exec \"$0\" serve --port 0 --port-file \(portFile) "
                                      + "--data-dir \(dir.file("data")) --set encoder.text=hashing --set log.access=false")
        defer { kill(child.process.processIdentifier, SIGKILL) }
        let log = await child.waitForOutput(containing: "\"msg\":\"started\"")
        let line = try #require(log.split(separator: "\n").first { $0.contains("max_connections lowered") })
        let effective = try #require(line.firstRange(of: #/"effective":"(\d+)"/#).flatMap { Int(line[$0].dropFirst(13).dropLast()) })
        #expect(effective == 68)
        let port = try #require(Int(try String(contentsOfFile: portFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        var held: [RawHTTPClient] = []
        for _ in 0..<effective {
            let client = try RawHTTPClient(port: port, timeout: 30)
            let health = try await client.request("GET", "/health")
            #expect(health.status == 200 || health.status == 503, "\(health.text)")
            #expect(!health.text.contains("Too many open connections"))
            held.append(client)
        }
        for _ in 0..<10 {
            let extra = try RawHTTPClient(port: port, timeout: 30)
            let refused = try #require(try await extra.readResponse())
            #expect(refused.status == 503)
            #expect(refused.text.contains("Too many open connections"))
        }
        // Every held connection is still served.
        let last = try await held[effective - 1].request("GET", "/health")
        #expect(last.status == 200 || last.status == 503)
        held.removeAll()
    }
}

extension AmpereProcess {
    /// Runs `script` with `/bin/sh -c`, `$0` set to the `ampere` executable.
    convenience init(shell script: String) throws {
        try self.init(executable: URL(fileURLWithPath: "/bin/sh"), ["-c", script, Self.executable.path])
    }
}
