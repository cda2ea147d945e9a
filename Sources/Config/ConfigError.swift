/// A configuration problem found at start-up. Every message names the key (and where the value came from).
package enum ConfigError: Error, Equatable, CustomStringConvertible {
    /// A value failed validation.
    case invalidValue(key: String, source: String, value: String, reason: String)
    /// A file or flag names a key that does not exist (typos must not be silently ignored).
    case unknownKey(key: String, source: String)
    /// A secret was given somewhere other than its environment variable.
    case secretOutsideEnvironment(key: String, source: String, variable: String)
    /// The config file could not be read or parsed.
    case unreadableFile(path: String, reason: String)

    /// A one-line message for the operator.
    package var description: String {
        switch self {
        case let .invalidValue(key, source, value, reason):
            "invalid value for \(key) from \(source): '\(value)' (\(reason))"
        case let .unknownKey(key, source):
            "unknown configuration key '\(key)' in \(source)"
        case let .secretOutsideEnvironment(key, source, variable):
            "\(key) is a secret and may only be set through the environment variable \(variable), not in \(source)"
        case let .unreadableFile(path, reason):
            "cannot read config file \(path): \(reason)"
        }
    }
}
