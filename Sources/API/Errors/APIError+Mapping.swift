import HTTPServer
import Retrieval

// The two translations into the one code table (`APIError.Code`, whose `status` is the only code -> status
// switch): Retrieval's typed codes and the HTTP layer's own errors. Both are exhaustive with no default, so a new
// case anywhere fails to compile until it has a place in the table.

extension APIError.Code {
    /// The API code of a retrieval failure.
    package init(_ code: RetrievalError.Code) {
        switch code {
        case .invalidJSON: self = .invalidJSON
        case .invalidField: self = .invalidField
        case .missingField: self = .missingField
        case .invalidID: self = .invalidID
        case .emptyQuery: self = .emptyQuery
        case .invalidVector: self = .invalidVector
        case .invalidImage: self = .invalidImage
        case .fieldTooLarge: self = .fieldTooLarge
        case .tooManyImages: self = .tooManyImages
        case .tooManyItems: self = .tooManyItems
        case .tooManyExamples: self = .tooManyExamples
        case .unprocessable: self = .unprocessable
        case .unsupportedImageFormat: self = .unsupportedImageFormat
        case .imageTooLarge: self = .imageTooLarge
        case .imageSizeMismatch: self = .imageSizeMismatch
        case .corruptImage: self = .corruptImage
        case .notFound: self = .notFound
        case .notReady: self = .notReady
        case .storageUnavailable: self = .storageUnavailable
        case .upstreamTimeout: self = .upstreamTimeout
        case .internalError: self = .internalError
        }
    }

    /// The API code of an error the HTTP server answers itself.
    package init(_ error: HTTPServerError) {
        switch error {
        case .badRequest: self = .badRequest
        case .contentTooLarge: self = .payloadTooLarge
        case .uriTooLong: self = .uriTooLong
        case .headerFieldsTooLarge: self = .headersTooLarge
        case .notFound: self = .notFound
        case .methodNotAllowed: self = .methodNotAllowed
        case .expectationFailed: self = .expectationFailed
        case .notImplemented: self = .notImplemented
        case .versionNotSupported: self = .httpVersionNotSupported
        case .requestTimeout: self = .requestTimeout
        case .unavailable: self = .unavailable
        case .internalError: self = .internalError
        }
    }
}

/// Retrieval's errors answer through the same table as every other error: the code picks the status.
extension RetrievalError: HTTPResponseError {
    public var status: HTTPStatus { HTTPStatus(APIError.Code(kind).status) }
    public var code: String { APIError.Code(kind).rawValue }
    /// A 503 the client should retry (storage or the cluster's primary unavailable, still loading) says when.
    public var headers: HTTPHeaders {
        switch kind {
        case .storageUnavailable, .notReady: ["Retry-After": "1"]
        default: HTTPHeaders()
        }
    }
}
