/// An LLM API key that cannot leak through string interpolation, `print`, `dump` or logging.
///
/// The key only ever comes from `AMPERE_LLM_API_KEY`; the raw value is visible only inside this module,
/// where it goes into the Authorization header and nowhere else.
public struct APIKey: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    let value: String

    /// Wraps a key; empty strings are rejected (an empty key means "no key").
    public init?(_ value: String) {
        guard !value.isEmpty else { return nil }
        self.value = value
    }

    /// Always redacted.
    public var description: String { "<redacted>" }
    /// Always redacted.
    public var debugDescription: String { "<redacted>" }
    /// Redacted for `dump` and Mirror-based printers.
    public var customMirror: Mirror { Mirror(self, children: []) }
}
