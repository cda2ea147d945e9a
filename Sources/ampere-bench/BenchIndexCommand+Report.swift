import Foundation

extension BenchIndexCommand {
    func printTable(_ sweep: [SweepPoint]) {
        print("")
        print("   ef   recall@\(k)   QPS (1 thr)   QPS (2 thr)   QPS/CPU-s   p50 µs   p99 µs")
        for p in sweep {
            print(String(format: "%5d   %9.4f   %11.0f   %11.0f   %9.0f   %6.0f   %6.0f", p.ef, p.recall, Self.median(p.qpsT1),
                         Self.median(p.qpsT2), Self.median(p.qpsCPU), p.latencyP50, p.latencyP99))
        }
    }

    /// The worker schema of peers.py: build_s, rss_delta_mb, index_file_mb, sweep[{ef, recall, qps_t1, qps_t2,
    /// lat_us_p50, lat_us_p99}], plus our snapshot timings.
    func resultJSON(buildSeconds: Double, buildCPU: Double, rssDelta: Double, snapshot: SnapshotFigures,
                    sweep: [SweepPoint]) -> String {
        func list(_ xs: [Double]) -> String { "[" + xs.map { String(format: "%.3f", $0) }.joined(separator: ", ") + "]" }
        let points = sweep.map { p in
            var s = "{\"ef\": \(p.ef), \"recall\": \(String(format: "%.6f", p.recall)), \"qps_t1\": \(list(p.qpsT1))"
            if !p.qpsT2.isEmpty { s += ", \"qps_t2\": \(list(p.qpsT2))" }
            s += ", \"qps_cpu_t1\": \(list(p.qpsCPU))"
            s += String(format: ", \"lat_us_p50\": %.2f, \"lat_us_p99\": %.2f}", p.latencyP50, p.latencyP99)
            return s
        }
        return String(format: "{\"lib\": \"swift\", \"build_s\": %.3f, \"build_cpu_s\": %.3f, \"rss_delta_mb\": %.2f, \"index_file_mb\": %.2f, ",
                      buildSeconds, buildCPU, rssDelta, snapshot.megabytes)
            + String(format: "\"snapshot_save_s\": %.4f, \"snapshot_load_s\": %.4f, ", snapshot.saveSeconds, snapshot.loadSeconds)
            + "\"sweep\": [" + points.joined(separator: ", ") + "]}"
    }
}
