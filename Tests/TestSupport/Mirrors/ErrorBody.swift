/// Mirror of every error answer: `{"error": {"code": "snake_case_code", "message": "human sentence"}}`.
package struct ErrorBody: Decodable, Sendable, Equatable {
    /// The `error` object (also the `error` of a batch item).
    package struct Detail: Decodable, Sendable, Equatable {
        /// The code of the one error table (`ErrorCode` in openapi.yaml), or an image decoder's code.
        package var code: String
        /// A sentence for humans, naming the field at fault.
        package var message: String
    }

    /// The error.
    package var error: Detail
}
