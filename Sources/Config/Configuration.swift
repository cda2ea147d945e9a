/// The resolved configuration: every key of the table with its validated value and where it came from.
///
/// Precedence, lowest first: table defaults < config file < `AMPERE_*` environment < command-line overrides.
package struct Configuration: Sendable {
    /// The key table this configuration was resolved against.
    package let keys: [ConfigKey]
    private let values: [String: ConfigValue]
    /// Where each value came from (`default`, `file <path>`, `env AMPERE_...`, `command line`).
    package let sources: [String: String]

    init(keys: [ConfigKey], values: [String: ConfigValue], sources: [String: String]) {
        self.keys = keys
        self.values = values
        self.sources = sources
    }

    /// The value of `key` by name (inside the package: tests and the typed subscript; everything else reads
    /// `configuration[.setting]`). Asking for a key that is not in the table is a programming error.
    package func value(_ key: String) -> ConfigValue {
        guard let v = values[key] else { preconditionFailure("configuration key '\(key)' is not in the key table") }
        return v
    }

    /// An integer key's value.
    package func int(_ key: String) -> Int {
        guard case .int(let v) = value(key) else { preconditionFailure("\(key) is not an int key") }
        return v
    }

    /// A number key's value.
    package func double(_ key: String) -> Double {
        guard case .double(let v) = value(key) else { preconditionFailure("\(key) is not a number key") }
        return v
    }

    /// A boolean key's value.
    package func bool(_ key: String) -> Bool {
        guard case .bool(let v) = value(key) else { preconditionFailure("\(key) is not a bool key") }
        return v
    }

    /// A string or choice key's value.
    package func string(_ key: String) -> String {
        guard case .string(let v) = value(key) else { preconditionFailure("\(key) is not a string key") }
        return v
    }

    /// `key = value  (source)` lines for `ampere config`, secrets shown only as set/unset.
    package var describedLines: [String] {
        keys.map { key in
            let shown = key.secret ? (string(key.name).isEmpty ? "<unset>" : "<set>") : value(key.name).description
            return "\(key.name) = \(shown)  (\(sources[key.name] ?? "default"))"
        }
    }
}
