/// Mirror of `EventsResult`: the `POST /events` answer, one result per event in request order.
package struct EventsAnswer: Decodable, Sendable, Equatable {
    /// One event's fate (`EventResult`).
    package struct Item: Decodable, Sendable, Equatable {
        /// 201 when stored, else what the event alone would have been answered with.
        package var status: Int
        /// Present when `status` is not 201.
        package var error: ErrorBody.Detail?
    }

    /// Events stored.
    package var accepted: Int
    /// The results.
    package var results: [Item]
}
