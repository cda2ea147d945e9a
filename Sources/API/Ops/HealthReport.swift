/// What `/health` reports: whether every component is ready, which are still starting, and extra sections
/// (`products`, `index`, ... registered by the components that own them).
package struct HealthReport: Sendable {
    /// True when every registered component is ready.
    package var ready: Bool
    /// Components still starting, by name (empty when ready).
    package var pending: [String]
    /// Ordered sections, rendered as top-level fields after `status`; a `null` section is left out.
    package var sections: [(String, JSONValue)]

    /// Creates a report.
    package init(ready: Bool, pending: [String] = [], sections: [(String, JSONValue)] = []) {
        self.ready = ready
        self.pending = pending
        self.sections = sections
    }

    /// `{"status":"ok"|"starting", ["pending":[...],] <sections>}`.
    package var json: JSONValue {
        var fields: [(String, JSONValue)] = [("status", .string(ready ? "ok" : "starting"))]
        if !ready { fields.append(("pending", .array(pending.map { .string($0) }))) }
        for section in sections {
            if case .null = section.1 { continue }
            fields.append(section)
        }
        return .object(fields)
    }
}

/// Produces the current health report; the App's readiness registry implements it.
package protocol HealthReporting: Sendable {
    /// A snapshot, computed on each `/health` call (keep it cheap: it is on the liveness-probe path).
    func healthReport() -> HealthReport

    /// Readiness and the rendered `/health` body (`healthReport().json`); implementations may reuse the bytes
    /// while nothing in the report changed.
    func healthBody() -> (ready: Bool, body: [UInt8])
}

extension HealthReporting {
    /// Renders `healthReport()` on every call.
    package func healthBody() -> (ready: Bool, body: [UInt8]) {
        let report = healthReport()
        return (report.ready, report.json.renderedBytes)
    }
}
