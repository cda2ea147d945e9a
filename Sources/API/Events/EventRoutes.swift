import Foundation
import HTTPServer
import Retrieval

/// `POST /events` (write access): a batch of interaction events, stored in one transaction and acknowledged after
/// the commit, with a result per event; `DELETE /users/{id}/events` (write access): erasure of one user's events.
package enum EventRoutes {
    /// Registers the event routes; `service` answers the recommender, or throws `not_ready` while it is loading.
    package static func register(on table: inout EndpointTable, service: @escaping @Sendable () throws -> RecommendService,
                                limits: InputLimits, bodyLimit: Int) {
        table.post("/events", access: .write, bodyLimit: bodyLimit) { request in
            let batch = try RequestBody.decode(EventsBody.self, from: request)
            guard batch.events.count <= limits.maxBatch else {
                throw RetrievalError.tooLarge(code: .tooManyItems, message: "a batch holds at most \(limits.maxBatch) events")
            }
            let now = Date().timeIntervalSince1970
            var valid: [Event] = []
            var results: [EventResultJSON] = []
            for item in batch.events {
                do {
                    valid.append(try item.body.get().event(now: now))
                    results.append(EventResultJSON(status: 201, error: nil))
                } catch let error as RetrievalError {
                    results.append(EventResultJSON(status: error.status.code,
                                                   error: ErrorJSON(code: error.code, message: error.message)))
                }
            }
            // One transaction for every valid event; a failed commit fails the request (nothing acknowledged).
            try await service().ingest(valid)
            return try .json(encoding: EventsResultJSON(accepted: valid.count, results: results))
        }
        table.delete("/users/{id}/events", access: .write) { request in
            let id = request.pathParameters["id"] ?? ""
            guard InputLimits.isValidID(id) else {
                throw RetrievalError.invalid(code: .invalidID, message: "user id must be 1-128 characters of [A-Za-z0-9._:-]")
            }
            try await service().erase(user: id)
            return HTTPResponse(status: 204)
        }
    }
}
