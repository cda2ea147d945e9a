import HTTPServer
import Retrieval

/// Retrieval's errors answer through the same table as every other error: the code picks the status.
extension RetrievalError: HTTPResponseError {
    public var status: HTTPStatus {
        if let known = APIError.Code(rawValue: code) { return HTTPStatus(known.status) }
        // A code missing from the table still gets the status its case stands for.
        switch self {
        case .invalid: return HTTPStatus(400)
        case .tooLarge: return HTTPStatus(413)
        case .unprocessable: return HTTPStatus(422)
        case .notFound: return HTTPStatus(404)
        case .notReady, .storageUnavailable: return HTTPStatus(503)
        case .upstreamTimeout: return HTTPStatus(504)
        case .internalError: return HTTPStatus(500)
        }
    }
}
