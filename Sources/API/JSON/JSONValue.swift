import HTTPServer

/// A small JSON value with ordered object keys, for bodies assembled from parts registered at run time
/// (the `/health` sections). DTOs with a fixed shape should use `Codable` instead.
package indirect enum JSONValue: Sendable, Equatable {
    /// `null`.
    case null
    /// `true` / `false`.
    case bool(Bool)
    /// An integer.
    case int(Int)
    /// A finite double (non-finite values render as `null`, since JSON has no NaN).
    case double(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object; keys keep their order.
    case object([(String, JSONValue)])

    /// Compact JSON text.
    package var rendered: String {
        var out = ""
        render(into: &out)
        return out
    }

    /// Compact JSON as UTF-8 bytes (what a response body needs, without an intermediate String).
    package var renderedBytes: [UInt8] {
        var out = ""
        out.reserveCapacity(256)
        render(into: &out)
        return Array(out.utf8)
    }

    func render(into out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += i.description
        case .double(let d): out += d.isFinite ? String(d) : "null"
        case .string(let s): JSONText.appendString(s, to: &out)
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                item.render(into: &out)
            }
            out += "]"
        case .object(let fields):
            out += "{"
            for (i, (key, value)) in fields.enumerated() {
                if i > 0 { out += "," }
                JSONText.appendString(key, to: &out)
                out += ":"
                value.render(into: &out)
            }
            out += "}"
        }
    }

    package static func == (a: JSONValue, b: JSONValue) -> Bool { a.rendered == b.rendered }
}
