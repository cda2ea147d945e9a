/// A validated configuration value.
package enum ConfigValue: Sendable, Equatable, CustomStringConvertible {
    /// An integer.
    case int(Int)
    /// A number.
    case double(Double)
    /// A boolean.
    case bool(Bool)
    /// A string (also choices).
    case string(String)

    /// Plain text form, as an environment variable would hold it.
    package var description: String {
        switch self {
        case .int(let i): String(i)
        case .double(let d): String(d)
        case .bool(let b): String(b)
        case .string(let s): s
        }
    }
}

extension ConfigKey {
    /// Parses and validates `raw` for this key; `source` names where it came from, for the error message.
    func parse(_ raw: String, source: String) throws(ConfigError) -> ConfigValue {
        func fail(_ why: String) -> ConfigError {
            ConfigError.invalidValue(key: name, source: source, value: secret ? "<redacted>" : raw, reason: why)
        }
        let text = raw.trimmingSpacesAndNewlines
        switch kind {
        case .int(let range):
            guard let v = Int(text) else { throw fail("expected an integer") }
            guard range.contains(v) else { throw fail("must be within \(range.lowerBound)...\(range.upperBound)") }
            return .int(v)
        case .double(let range):
            guard let v = Double(text), v.isFinite else { throw fail("expected a number") }
            guard range.contains(v) else { throw fail("must be within \(range.lowerBound)...\(range.upperBound)") }
            return .double(v)
        case .bool:
            switch text.lowercased() {
            case "true", "1", "yes", "on": return .bool(true)
            case "false", "0", "no", "off": return .bool(false)
            default: throw fail("expected true or false")
            }
        case .string(let allowEmpty):
            guard allowEmpty || !text.isEmpty else { throw fail("must not be empty") }
            if let validator, let why = validator(text) { throw fail(why) }
            return .string(secret ? raw : text)
        case .choice(let choices):
            guard choices.contains(text) else { throw fail("must be one of: " + choices.joined(separator: ", ")) }
            return .string(text)
        }
    }
}

extension String {
    var trimmingSpacesAndNewlines: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
