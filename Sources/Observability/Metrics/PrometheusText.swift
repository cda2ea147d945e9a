/// Helpers for the Prometheus text exposition format 0.0.4.
enum PrometheusText {
    /// Metric and label names: `[a-zA-Z_:][a-zA-Z0-9_:]*` (labels without `:`); other characters become `_`.
    static func sanitizeName(_ name: String, allowColon: Bool = true) -> String {
        var out = ""
        for (i, scalar) in name.unicodeScalars.enumerated() {
            let c = Character(scalar)
            let ok = (c.isASCII && (c.isLetter || c == "_" || (allowColon && c == ":"))) || (i > 0 && c.isASCII && c.isNumber)
            out.append(ok ? c : "_")
        }
        return out.isEmpty ? "_" : out
    }

    /// Label values: backslash, double quote and newline are escaped.
    static func escapeLabelValue(_ value: String) -> String {
        guard value.contains(where: { $0 == "\\" || $0 == "\"" || $0 == "\n" }) else { return value }
        var out = ""
        for c in value {
            switch c {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(c)
            }
        }
        return out
    }

    /// HELP text: backslash and newline are escaped (quotes are not, per the format).
    static func escapeHelp(_ text: String) -> String {
        text.replacingAll("\\", "\\\\").replacingAll("\n", "\\n")
    }

    /// `{a="1",b="2"}` or "" for no labels.
    static func labelSet(_ labels: [(String, String)]) -> String {
        guard !labels.isEmpty else { return "" }
        return "{" + labels.map { "\(sanitizeName($0.0, allowColon: false))=\"\(escapeLabelValue($0.1))\"" }
            .joined(separator: ",") + "}"
    }

    /// Sample values: integers without a fraction, `+Inf`/`-Inf`/`NaN` as the format spells them.
    static func number(_ v: Double) -> String {
        if v.isNaN { return "NaN" }
        if v.isInfinite { return v > 0 ? "+Inf" : "-Inf" }
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return String(v)
    }
}

extension String {
    func replacingAll(_ target: String, _ replacement: String) -> String {
        guard contains(target) else { return self }
        return split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
