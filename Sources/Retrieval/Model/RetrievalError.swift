/// Failures of the retrieval services, each with a stable snake_case code; the API maps them to HTTP statuses.
public enum RetrievalError: Error, Sendable, Equatable {
    /// A field is missing, of the wrong type or out of range (400).
    case invalid(code: String = "invalid_field", message: String)
    /// A field is larger than its configured limit (413).
    case tooLarge(code: String = "field_too_large", message: String)
    /// Well-formed but unusable input, such as an undecodable image (422).
    case unprocessable(code: String, message: String)
    /// No product with this id (404).
    case notFound(message: String)
    /// The service is still starting (503).
    case notReady(message: String)
    /// The database cannot be written (disk full, read-only) (503).
    case storageUnavailable(message: String)
    /// An upstream dependency timed out (504).
    case upstreamTimeout(message: String)
    /// Anything else (500); the message is safe to show.
    case internalError(message: String)

    /// The snake_case error code for the API body.
    public var code: String {
        switch self {
        case .invalid(let code, _), .tooLarge(let code, _), .unprocessable(let code, _): code
        case .notFound: "not_found"
        case .notReady: "not_ready"
        case .storageUnavailable: "storage_unavailable"
        case .upstreamTimeout: "upstream_timeout"
        case .internalError: "internal_error"
        }
    }

    /// The human-readable message.
    public var message: String {
        switch self {
        case .invalid(_, let m), .tooLarge(_, let m), .unprocessable(_, let m), .notFound(let m), .notReady(let m),
             .storageUnavailable(let m), .upstreamTimeout(let m), .internalError(let m): m
        }
    }
}
