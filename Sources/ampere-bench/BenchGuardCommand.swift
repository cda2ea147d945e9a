import API
import ArgumentParser
import Dispatch
import Foundation
import Guard
import HTTPServer
import Observability

/// `ampere-bench bench-guard`: nanoseconds the request guard adds to one request, in process (no sockets): the same
/// trivial async handler called directly and through `RequestGuard.router(for:)` (preflight plus handler) with keys, rate
/// limiter and admission gate on, alternating rounds; medians and the difference. `scripts/bench-guard` measures the same end to end.
struct BenchGuardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-guard", abstract: "Per-request cost of the API-key check, rate limiter and admission gate.")

    @Option(help: "Requests per round.") var requests = 200_000
    @Option(help: "Rounds (alternating plain and guarded).") var rounds = 7
    @Option(help: "Configured keys of each role.") var keys = 2

    func run() async throws {
        let read = "bench-read-key-0123456789abcdef0123456789"
        let ring = APIKeyring(writeKeys: (0..<keys).map { "bench-write-key-\($0)-0123456789abcdef" },
                              readKeys: [read] + (1..<max(1, keys)).map { "bench-read-key-\($0)-0123456789abcdef" })
        let registry = PrometheusRegistry()
        let guarding = RequestGuard(
            keyring: ring, limiter: RateLimiter(ratePerSecond: 1e9, burst: Int.max / 2, maxClients: 100_000),
            gate: AdmissionGate(maxInFlight: 64, maxQueued: 256), retryAfterSeconds: 1,
            factory: PrometheusMetricsFactory(registry: registry))
        var table = EndpointTable()
        table.get("/products/{id}", access: .read) { (_: HTTPRequest) async throws -> HTTPResponse in HTTPResponse(status: .ok) }
        let plain = try Self.handler(table.router())
        let guarded = try Self.handler(guarding.router(for: table))
        var request = try Self.request("GET /products/sku-1 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(read)\r\n\r\n")
        request.peer = "127.0.0.1"
        guard try await guarded(request).status.code == 200 else { throw ValidationError("the guarded call failed") }
        var times: [String: [Double]] = ["plain": [], "guarded": []]
        for round in 0..<rounds {
            for (name, handler) in round % 2 == 0 ? [("plain", plain), ("guarded", guarded)] : [("guarded", guarded), ("plain", plain)] {
                let start = DispatchTime.now().uptimeNanoseconds
                var ok = 0
                for _ in 0..<requests { ok &+= try await handler(request).status.code }
                let ns = Double(DispatchTime.now().uptimeNanoseconds - start) / Double(requests)
                guard ok == 200 * requests else { throw ValidationError("a call failed") }
                times[name]!.append(ns)
                print("round \(round + 1)  \(name.padding(toLength: 7, withPad: " ", startingAt: 0))  \(String(format: "%8.1f", ns)) ns/request")
            }
        }
        let token = Array(read.utf8)
        let parts: [(String, () async -> Int)] = [
            ("keyring.identify", { ring.identify(token) == nil ? 0 : 1 }),
            ("limiter.take", { guarding.limiter.take("key:0123abcd", now: DispatchTime.now().uptimeNanoseconds) ?? 1 }),
            ("gate.enter+leave", { let entry = await guarding.gate.enter(); guarding.gate.leave(); return entry == .admitted ? 1 : 0 }),
        ]
        for (name, part) in parts {
            var samples: [Double] = []
            for _ in 0..<rounds {
                let start = DispatchTime.now().uptimeNanoseconds
                var sink = 0
                for _ in 0..<requests { sink &+= await part() }
                samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / Double(requests))
                guard sink == requests else { throw ValidationError("\(name) failed") }
            }
            print("part  \(name.padding(toLength: 17, withPad: " ", startingAt: 0))  median \(String(format: "%7.1f", Self.median(samples))) ns")
        }
        let p = Self.median(times["plain"]!), g = Self.median(times["guarded"]!)
        print(String(format: "median  plain %.1f ns, guarded %.1f ns: the guard adds %.1f ns per request (%d+%d keys)",
                     p, g, g - p, keys, keys))
    }

    /// The route's preflight (if any) and handler, as the server runs them.
    static func handler(_ router: Router) throws -> @Sendable (HTTPRequest) async throws -> HTTPResponse {
        guard case .found(let match) = router.lookup(method: .get, path: "/products/sku-1"),
              case .async(let handler) = match.route.handler else { throw ValidationError("no async route") }
        let preflight = match.route.preflight
        return { request in
            if let refusal = preflight?(request.head, request.peer) { return refusal }
            return try await handler(request)
        }
    }

    static func request(_ text: String) throws -> HTTPRequest {
        var parser = HTTPParser()
        let bytes = Array(text.utf8)
        let (event, _) = try bytes.withUnsafeBufferPointer { try parser.parse($0) }
        guard case .head(let head) = event else { throw ValidationError("unparsable request") }
        return HTTPRequest(head: head, pathParameters: ["id": "sku-1"])
    }

    static func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }
}
