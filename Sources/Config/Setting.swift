/// A configuration key together with the Swift type of its value, so that reading it is `config[.serverPort]`:
/// a misspelt key or a wrong type is a compile error, not a run-time trap.
///
/// Declare a setting once, as a static member of `Setting` constrained to its value type, and list it in the key
/// table (`Setting.catalog`, in the app):
///
/// ```swift
/// extension Setting where Value == Int {
///     package static var serverPort: Setting<Int> { .int("server.port", 8080, 0...65535, "TCP port.") }
/// }
/// let port = configuration[.serverPort]
/// ```
package struct Setting<Value: SettingValue>: Sendable {
    /// The untyped key: name, kind, default, help.
    package let key: ConfigKey

    init(_ key: ConfigKey) { self.key = key }

    /// The same setting, also read from `variable` when its own environment variable is unset.
    package func alias(_ variable: String) -> Setting { Setting(key.alias(variable)) }

    /// The same setting with an extra validity check on its value.
    package func validated(_ check: @escaping @Sendable (String) -> String?) -> Setting { Setting(key.validated(check)) }
}

extension Setting where Value == Int {
    /// An integer setting within `range`.
    package static func int(_ name: String, _ value: Int, _ range: ClosedRange<Int>, _ help: String) -> Setting {
        Setting(.int(name, value, range, help))
    }
}

extension Setting where Value == Double {
    /// A number setting within `range`.
    package static func double(_ name: String, _ value: Double, _ range: ClosedRange<Double>, _ help: String) -> Setting {
        Setting(.double(name, value, range, help))
    }
}

extension Setting where Value == Bool {
    /// A boolean setting.
    package static func bool(_ name: String, _ value: Bool, _ help: String) -> Setting { Setting(.bool(name, value, help)) }
}

extension Setting where Value == String {
    /// A string setting.
    package static func string(_ name: String, _ value: String, allowEmpty: Bool = false, _ help: String) -> Setting {
        Setting(.string(name, value, allowEmpty: allowEmpty, help))
    }

    /// A setting restricted to `choices`.
    package static func choice(_ name: String, _ value: String, _ choices: [String], _ help: String) -> Setting {
        Setting(.choice(name, value, choices, help))
    }

    /// A secret, read only from its environment variable; empty by default.
    package static func secret(_ name: String, _ help: String) -> Setting { Setting(.secret(name, help)) }
}

/// The Swift types a setting can have.
package protocol SettingValue: Sendable {
    /// The value held by `value`, which the key's kind guarantees is of this type.
    static func unwrap(_ value: ConfigValue) -> Self?
}

extension Int: SettingValue {
    package static func unwrap(_ value: ConfigValue) -> Int? { if case .int(let v) = value { v } else { nil } }
}

extension Double: SettingValue {
    package static func unwrap(_ value: ConfigValue) -> Double? { if case .double(let v) = value { v } else { nil } }
}

extension Bool: SettingValue {
    package static func unwrap(_ value: ConfigValue) -> Bool? { if case .bool(let v) = value { v } else { nil } }
}

extension String: SettingValue {
    package static func unwrap(_ value: ConfigValue) -> String? { if case .string(let v) = value { v } else { nil } }
}

extension Configuration {
    /// The value of `setting`. Reading a setting the configuration was not loaded with is a programming error.
    package subscript<V>(_ setting: Setting<V>) -> V {
        guard let v = V.unwrap(value(setting.key.name)) else {
            preconditionFailure("\(setting.key.name) does not hold a \(V.self)")
        }
        return v
    }
}
