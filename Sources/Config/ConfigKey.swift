/// One configuration key: name, type and bounds, default, help text, and whether it is a secret.
///
/// Code reads keys through their typed `Setting`; the app's table of keys is `AmpereSettings.catalog`.
/// Names are `section.key`; the environment variable is `AMPERE_SECTION_KEY`; `config/default.json` nests them.
package struct ConfigKey: Sendable {
    /// Value types and their validation.
    package enum Kind: Sendable {
        /// An integer within bounds.
        case int(ClosedRange<Int>)
        /// A finite number within bounds.
        case double(ClosedRange<Double>)
        /// `true`/`false` (also `1`/`0`, `yes`/`no`, `on`/`off` from the environment).
        case bool
        /// Any string (a filesystem path, a URL, ...); `allowEmpty` says whether "" is valid.
        case string(allowEmpty: Bool)
        /// One of a fixed set of strings.
        case choice([String])
    }

    /// `section.key`, lower snake case.
    package let name: String
    /// Type and bounds.
    package let kind: Kind
    /// Default, written as it would be in the environment; validated like any other value.
    package let defaultValue: String
    /// One line for `--help`, the README and `ampere config`.
    package let help: String
    /// Secrets come only from the environment (never a file or the command line) and are never printed or logged.
    package let secret: Bool
    /// Other environment variables read when `environmentVariable` is unset (documented names such as
    /// `AMPERE_TEXT_ENCODER`).
    package private(set) var environmentAliases: [String] = []
    /// An extra check on a string key's value: returns why it is invalid, or nil. The reason must not quote the
    /// value (it may be a secret).
    package private(set) var validator: (@Sendable (String) -> String?)?

    /// Creates a key; prefer the typed factories below.
    package init(_ name: String, _ kind: Kind, default defaultValue: String, secret: Bool = false, _ help: String) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
        self.secret = secret
        self.help = help
    }

    /// An integer key.
    package static func int(_ name: String, _ value: Int, _ range: ClosedRange<Int>, _ help: String) -> ConfigKey {
        ConfigKey(name, .int(range), default: String(value), help)
    }

    /// A number key.
    package static func double(_ name: String, _ value: Double, _ range: ClosedRange<Double>, _ help: String) -> ConfigKey {
        ConfigKey(name, .double(range), default: String(value), help)
    }

    /// A boolean key.
    package static func bool(_ name: String, _ value: Bool, _ help: String) -> ConfigKey {
        ConfigKey(name, .bool, default: String(value), help)
    }

    /// A string key.
    package static func string(_ name: String, _ value: String, allowEmpty: Bool = false, _ help: String) -> ConfigKey {
        ConfigKey(name, .string(allowEmpty: allowEmpty), default: value, help)
    }

    /// A key restricted to `choices`.
    package static func choice(_ name: String, _ value: String, _ choices: [String], _ help: String) -> ConfigKey {
        ConfigKey(name, .choice(choices), default: value, help)
    }

    /// A secret string, read only from its environment variable; empty by default.
    package static func secret(_ name: String, _ help: String) -> ConfigKey {
        ConfigKey(name, .string(allowEmpty: true), default: "", secret: true, help)
    }

    /// The same key, also read from `variable` when its own environment variable is unset.
    package func alias(_ variable: String) -> ConfigKey {
        var copy = self
        copy.environmentAliases.append(variable)
        return copy
    }

    /// The same key with an extra validity check on its (string) value.
    package func validated(_ check: @escaping @Sendable (String) -> String?) -> ConfigKey {
        var copy = self
        copy.validator = check
        return copy
    }

    /// `AMPERE_SERVER_PORT` for `server.port`.
    package var environmentVariable: String {
        "AMPERE_" + name.uppercased().map { $0 == "." ? "_" : $0 }.map(String.init).joined()
    }

    /// The section (`server` in `server.port`).
    package var section: Substring { name.split(separator: ".", maxSplits: 1)[0] }

    /// The key within its section (`port` in `server.port`).
    package var leaf: Substring { name.split(separator: ".", maxSplits: 1).last ?? "" }

    /// A short type description for documentation: `int 0...65535`, `one of json, text`.
    package var typeDescription: String {
        switch kind {
        case .int(let r): "int \(r.lowerBound)...\(r.upperBound)"
        case .double(let r): "number \(r.lowerBound)...\(r.upperBound)"
        case .bool: "bool"
        case .string: "string"
        case .choice(let c): "one of " + c.joined(separator: ", ")
        }
    }
}
