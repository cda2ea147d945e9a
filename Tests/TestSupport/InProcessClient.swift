import HTTPServer

/// How an app test reaches the app: `inProcess` calls the router directly (the real routes, guard and handlers,
/// no socket), `live` goes over a real socket on port 0. Parameterise a test over both with
/// `@Test(arguments: TestMode.allCases)`, as HummingbirdTesting runs one body against `.router` and `.live`.
package enum TestMode: String, Sendable, CaseIterable, CustomStringConvertible {
    /// The router called directly.
    case inProcess
    /// A real socket on 127.0.0.1.
    case live

    package var description: String { rawValue }
}

/// Sends requests straight to a `Router` the way the server's connection does: the head is parsed by the real
/// parser, the route's preflight runs on the head, its body limit is checked, then the handler runs and a thrown
/// `HTTPResponseError` becomes its JSON error response (anything else a 500). HEAD answers without a body.
/// What only a socket has (framing, gzip, keep-alive, timeouts) is left to `live` tests.
package struct InProcessClient: Sendable {
    /// The routes (the app's guarded router).
    package let router: Router
    /// The body limit of routes without their own (`limits.max_body_bytes`).
    package let defaultBodyLimit: Int

    /// A client over `router`.
    package init(router: Router, defaultBodyLimit: Int) {
        self.router = router
        self.defaultBodyLimit = defaultBodyLimit
    }

    /// One exchange.
    package func request(_ method: String, _ path: String, headers: [(String, String)] = [],
                        body: [UInt8] = []) async throws -> RawResponse {
        var text = "\(method) \(path) HTTP/1.1\r\nHost: in-process\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        if !body.isEmpty || method == "POST" { text += "Content-Length: \(body.count)\r\n" }
        var parser = HTTPParser()
        let bytes = Array((text + "\r\n").utf8)
        let parsed: HTTPParser.Event
        do {
            parsed = try bytes.withUnsafeBufferPointer { try parser.parse($0).event }
        } catch let error as HTTPParseError {
            return Self.raw(HTTPResponse.error(status: error.kind.status, code: error.kind.code, message: error.message))
        }
        guard case .head(let head) = parsed else { throw InProcessError("the request head did not parse: \(parsed)") }
        let response = await respond(head, body: body)
        return Self.raw(response, dropBody: head.method == .head)
    }

    func respond(_ head: HTTPRequestHead, body: [UInt8]) async -> HTTPResponse {
        switch router.lookup(method: head.method, path: head.path) {
        case .notFound:
            return HTTPServerError.notFound.response
        case .methodNotAllowed(let allowed):
            var response = HTTPServerError.methodNotAllowed.response
            response.headers.add("Allow", allowed.map(\.rawValue).joined(separator: ", "))
            return response
        case .found(let match):
            if let preflight = match.route.preflight, let refusal = preflight(head, "127.0.0.1") { return refusal }
            let limit = match.route.bodyLimit ?? defaultBodyLimit
            guard body.count <= limit else {
                return HTTPResponse.error(status: HTTPServerError.contentTooLarge.status,
                                          code: HTTPServerError.contentTooLarge.code,
                                          message: "The request body is larger than \(limit) bytes.")
            }
            let request = HTTPRequest(head: head, body: body, pathParameters: match.parameters,
                                      requestID: "in-process", peer: "127.0.0.1")
            do {
                switch match.route.handler {
                case .sync(let handler): return try handler(request)
                case .async(let handler): return try await handler(request)
                }
            } catch let known as any HTTPResponseError {
                return known.response
            } catch {
                return HTTPServerError.internalError.response
            }
        }
    }

    static func raw(_ response: HTTPResponse, dropBody: Bool = false) -> RawResponse {
        RawResponse(status: response.status.code, headers: response.headers, body: dropBody ? [] : response.body,
                    rawHead: "HTTP/1.1 \(response.status.code)\r\n")
    }
}

/// A request the in-process client could not build.
package struct InProcessError: Error, CustomStringConvertible {
    package let description: String
    init(_ description: String) { self.description = description }
}
