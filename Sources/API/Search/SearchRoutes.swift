import HTTPServer
import Retrieval

/// `POST /search` (read access): a text, transcript, images, vector or `like` query with filters, answered with
/// hits and a `Server-Timing` header. The search runs on `WorkLane.shared`, off the Swift concurrency pool, and
/// is charged rate-limit tokens by `cost`.
package enum SearchRoutes {
    /// Registers `/search`; `search` answers the service, or throws `not_ready` while it is loading.
    package static func register(on table: inout EndpointTable, search: @escaping @Sendable () throws -> SearchService,
                                limits: InputLimits, defaultMode: SearchMode, bodyLimit: Int,
                                cost: SearchCost = SearchCost(), lane: WorkLane = .shared) {
        table.post("/search", access: .read, bodyLimit: bodyLimit) { request in
            let query = try await RequestBody.decode(SearchBody.self, from: request, precheck: SearchBody.precheck) {
                try $0.query(limits: limits, defaultMode: defaultMode)
            }
            let service = try search()
            let result = try await lane.run { try await service.search(query) }
            RequestContext.current?.charge(cost.extraTokens(for: result.timings))
            var response = try HTTPResponse.json(encoding: SearchJSON(result))
            response.headers.add("Server-Timing", serverTiming(result.timings))
            return response
        }
    }

    /// The `Server-Timing` header value (W3C Server Timing): one `name;dur=ms` metric per search stage.
    static func serverTiming(_ timings: SearchTimings) -> String {
        timings.stages.map { stage in
            let micros = Int((stage.millis * 1000).rounded())
            let fraction = String(micros % 1000)
            return "\(stage.name);dur=\(micros / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
        }.joined(separator: ", ")
    }
}
