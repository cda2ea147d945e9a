import FoundationEssentials

extension Configuration {
    /// Resolves every key: defaults, then the JSON file (if any), then `AMPERE_*` variables, then `overrides`
    /// (from command-line flags, keyed by key name). Any bad value, unknown key or misplaced secret throws.
    package static func load(
        keys: [ConfigKey], file: String? = nil, environment: [String: String] = [:],
        overrides: [String: String] = [:]
    ) throws(ConfigError) -> Configuration {
        var values: [String: ConfigValue] = [:]
        var sources: [String: String] = [:]
        let byName = Dictionary(keys.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        for key in keys {
            values[key.name] = try key.parse(key.defaultValue, source: "the built-in defaults")
            sources[key.name] = "default"
        }
        if let file {
            for (name, raw) in try readFile(file) {
                let source = "file \(file)"
                guard let key = byName[name] else { throw .unknownKey(key: name, source: source) }
                if key.secret { throw .secretOutsideEnvironment(key: name, source: source, variable: key.environmentVariable) }
                values[name] = try key.parse(raw, source: source)
                sources[name] = source
            }
        }
        for key in keys {
            guard let variable = ([key.environmentVariable] + key.environmentAliases).first(where: { environment[$0] != nil }),
                  let raw = environment[variable] else { continue }
            let source = "env \(variable)"
            values[key.name] = try key.parse(raw, source: source)
            sources[key.name] = source
        }
        for (name, raw) in overrides.sorted(by: { $0.key < $1.key }) {
            guard let key = byName[name] else { throw .unknownKey(key: name, source: "the command line") }
            if key.secret {
                throw .secretOutsideEnvironment(key: name, source: "the command line", variable: key.environmentVariable)
            }
            values[name] = try key.parse(raw, source: "the command line")
            sources[name] = "command line"
        }
        return Configuration(keys: keys, values: values, sources: sources)
    }

    /// Reads a config file `{"section": {"key": value}}` into `section.key → raw string` pairs.
    static func readFile(_ path: String) throws(ConfigError) -> [(String, String)] {
        let data: Data
        let tree: ConfigFileNode
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .unreadableFile(path: path, reason: "\(error)")
        }
        do {
            tree = try JSONDecoder().decode(ConfigFileNode.self, from: data)
        } catch {
            throw .unreadableFile(path: path, reason: "not valid JSON (\(error))")
        }
        guard case .object(let sections) = tree else { throw .unreadableFile(path: path, reason: "top level must be an object") }
        var pairs: [(String, String)] = []
        for (section, node) in sections.sorted(by: { $0.key < $1.key }) {
            guard case .object(let fields) = node else { throw .unknownKey(key: section, source: "file \(path)") }
            for (leaf, value) in fields.sorted(by: { $0.key < $1.key }) {
                let name = "\(section).\(leaf)"
                guard let raw = value.scalarText else {
                    throw .invalidValue(key: name, source: "file \(path)", value: "<object>", reason: "expected a scalar")
                }
                pairs.append((name, raw))
            }
        }
        return pairs
    }
}

/// A JSON config file node: sections are objects, values scalars.
enum ConfigFileNode: Decodable {
    case object([String: ConfigFileNode])
    case scalar(String)
    case null

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null } else if let b = try? c.decode(Bool.self) { self = .scalar(String(b)) }
        else if let i = try? c.decode(Int.self) { self = .scalar(String(i)) }
        else if let d = try? c.decode(Double.self) { self = .scalar(String(d)) }
        else if let s = try? c.decode(String.self) { self = .scalar(s) }
        else { self = .object(try c.decode([String: ConfigFileNode].self)) }
    }

    var scalarText: String? {
        if case .scalar(let s) = self { return s }
        return nil
    }
}
