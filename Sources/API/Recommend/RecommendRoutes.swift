import HTTPServer
import Retrieval

/// `POST /recommend` (read access): products like the examples, for a user or an inline history, or for what a
/// page or live stream shows, in the stored content space. The ranking runs on the work lane (`WorkLane`).
package enum RecommendRoutes {
    /// Registers `/recommend`; `service` answers the recommender, or throws `not_ready` while it is loading.
    package static func register(on table: inout EndpointTable, service: @escaping @Sendable () throws -> RecommendService,
                                limits: InputLimits, bodyLimit: Int, lane: WorkLane = .shared) {
        table.post("/recommend", access: .read, bodyLimit: bodyLimit) { request in
            let query = try RequestBody.decode(RecommendBody.self, from: request).query(limits: limits)
            let recommender = try service()
            return try .json(encoding: RecommendJSON(try await lane.run { try await recommender.recommend(query) }))
        }
    }
}
