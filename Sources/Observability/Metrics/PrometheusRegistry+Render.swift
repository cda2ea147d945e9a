extension PrometheusRegistry {
    /// The whole exposition: `# HELP`, `# TYPE` and samples per family, families in creation order.
    package func render() -> String {
        let collectors = state.withLock { $0.collectors }
        for collect in collectors { collect() }
        let families = state.withLock { s in s.order.compactMap { s.families[$0] } }
        var out = ""
        out.reserveCapacity(4096)
        for family in families where !family.series.isEmpty {
            out += "# HELP \(family.name) \(PrometheusText.escapeHelp(family.help ?? family.name))\n"
            out += "# TYPE \(family.name) \(family.kind.rawValue)\n"
            for series in family.series {
                switch series.handler {
                case .counter(let c): out += "\(family.name)\(series.key) \(PrometheusText.number(c.value))\n"
                case .gauge(let g): out += "\(family.name)\(series.key) \(PrometheusText.number(g.value))\n"
                case .histogram(let h): renderHistogram(h, name: family.name, labels: series.labels, into: &out)
                }
            }
        }
        return out
    }

    private func renderHistogram(_ h: PrometheusHistogram, name: String, labels: [(String, String)], into out: inout String) {
        let snap = h.snapshot
        for (bound, count) in zip(h.bounds, snap.cumulative) {
            out += "\(name)_bucket\(PrometheusText.labelSet(labels + [("le", PrometheusText.number(bound))])) \(count)\n"
        }
        out += "\(name)_bucket\(PrometheusText.labelSet(labels + [("le", "+Inf")])) \(snap.count)\n"
        out += "\(name)_sum\(PrometheusText.labelSet(labels)) \(PrometheusText.number(snap.sum))\n"
        out += "\(name)_count\(PrometheusText.labelSet(labels)) \(snap.count)\n"
    }
}
