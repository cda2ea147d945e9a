import Config
import HTTPServer

extension Configuration {
    /// The contents of `config/default.json`: every non-secret key with its default, nested by section, in table
    /// order. A test checks the committed file equals this, so the file can never drift from the table.
    package static func defaultsJSON(keys: [ConfigKey] = AmpereSettings.catalog) -> String {
        var sections: [(String, [ConfigKey])] = []
        for key in keys where !key.secret {
            let section = String(key.section)
            if let i = sections.firstIndex(where: { $0.0 == section }) { sections[i].1.append(key) }
            else { sections.append((section, [key])) }
        }
        var out = "{\n"
        for (i, (section, members)) in sections.enumerated() {
            out += "  \(JSONText.quoted(section)): {\n"
            for (j, key) in members.enumerated() {
                out += "    \(JSONText.quoted(String(key.leaf))): \(jsonLiteral(key))"
                out += j + 1 < members.count ? ",\n" : "\n"
            }
            out += i + 1 < sections.count ? "  },\n" : "  }\n"
        }
        return out + "}\n"
    }

    static func jsonLiteral(_ key: ConfigKey) -> String {
        switch key.kind {
        case .int, .bool: key.defaultValue
        case .double: Double(key.defaultValue).map { $0 == $0.rounded() ? String(Int($0)) : String($0) } ?? key.defaultValue
        case .string, .choice: JSONText.quoted(key.defaultValue)
        }
    }
}
