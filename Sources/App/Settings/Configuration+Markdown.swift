import Config

extension Configuration {
    /// The README's configuration reference table, generated from the key table (a test keeps the README equal).
    package static func markdownTable(keys: [ConfigKey] = AmpereSettings.catalog) -> String {
        var out = "| key | environment | type | default | meaning |\n|---|---|---|---|---|\n"
        for key in keys {
            let shown = key.secret ? "(secret, env only)" : key.defaultValue.isEmpty ? "\"\"" : "`\(key.defaultValue)`"
            out += "| `\(key.name)` | `\(key.environmentVariable)` | \(key.typeDescription) | \(shown) | \(key.help) |\n"
        }
        return out
    }
}
