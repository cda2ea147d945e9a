/// A complete HTTP response as received (body already capped by the client's size limit).
public struct ClientResponse: Sendable {
    /// Status code of the final response (after any `100 Continue`).
    public var status: Int
    /// Header fields of the final response, names as sent by the server.
    public var headers: [(name: String, value: String)]
    /// Raw body bytes.
    public var body: [UInt8]

    /// Creates a response value (the client builds these; tests may too).
    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first value of the header `name`, compared case-insensitively as HTTP requires.
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }

    /// The body decoded as UTF-8 (invalid sequences repaired), for diagnostics and text payloads.
    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}
