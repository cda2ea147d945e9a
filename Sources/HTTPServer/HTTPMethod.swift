/// An HTTP request method. Any RFC 9110 token is accepted; the common ones have constants.
public struct HTTPMethod: Hashable, Sendable, CustomStringConvertible {
    /// The method token exactly as sent (methods are case-sensitive).
    public let rawValue: String

    /// Wraps a method token.
    public init(_ rawValue: String) { self.rawValue = rawValue }

    /// `GET`.
    public static let get = HTTPMethod("GET")
    /// `HEAD`.
    public static let head = HTTPMethod("HEAD")
    /// `POST`.
    public static let post = HTTPMethod("POST")
    /// `PUT`.
    public static let put = HTTPMethod("PUT")
    /// `DELETE`.
    public static let delete = HTTPMethod("DELETE")
    /// `PATCH`.
    public static let patch = HTTPMethod("PATCH")
    /// `OPTIONS`.
    public static let options = HTTPMethod("OPTIONS")

    /// The methods known by name; anything else is reported as `OTHER` in metrics to keep label sets bounded.
    public static let known: [HTTPMethod] = [.get, .head, .post, .put, .delete, .patch, .options]

    /// The method token.
    public var description: String { rawValue }

    /// Interns the common methods so parsing `GET` does not allocate a new String per request.
    static func intern(_ bytes: UnsafeBufferPointer<UInt8>) -> HTTPMethod {
        switch bytes.count {
        case 3 where bytes[0] == 0x47 && bytes[1] == 0x45 && bytes[2] == 0x54: return .get
        case 4 where bytes[0] == 0x50 && bytes[1] == 0x4F && bytes[2] == 0x53 && bytes[3] == 0x54: return .post
        case 4 where bytes[0] == 0x48 && bytes[1] == 0x45 && bytes[2] == 0x41 && bytes[3] == 0x44: return .head
        default: return HTTPMethod(String(decoding: bytes, as: UTF8.self))
        }
    }
}
