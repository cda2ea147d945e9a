import HTTPServer
import Retrieval

/// `POST /recommend` (read access): products like the examples, for a user or an inline history, or for what a
/// page or live stream shows, in the stored content space.
package enum RecommendRoutes {
    /// Registers `/recommend`; `service` answers the recommender, or throws `not_ready` while it is loading.
    package static func register(on table: inout EndpointTable, service: @escaping @Sendable () throws -> RecommendService,
                                limits: InputLimits, bodyLimit: Int) {
        table.post("/recommend", access: .read, bodyLimit: bodyLimit) { request in
            let query = try RequestBody.decode(RecommendBody.self, from: request).query(limits: limits)
            return try .json(encoding: RecommendJSON(try await service().recommend(query)))
        }
    }
}
