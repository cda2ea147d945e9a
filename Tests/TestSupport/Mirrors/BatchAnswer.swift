/// Mirror of `BatchResult`: the `POST /products/batch` answer, one result per item in request order.
package struct BatchAnswer: Decodable, Sendable, Equatable {
    /// One item's fate (`BatchItemResult`).
    package struct Item: Decodable, Sendable, Equatable {
        /// The item's `id` as sent (absent when it had no string `id`).
        package var id: String?
        /// What `POST /products` would have answered for it.
        package var status: Int
        /// Present when `status` is neither 200 nor 201.
        package var error: ErrorBody.Detail?
    }

    /// The results.
    package var results: [Item]
}
