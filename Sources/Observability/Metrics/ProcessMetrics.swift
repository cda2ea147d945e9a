import CoreMetrics
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Process gauges refreshed at each scrape: resident memory, start time, CPU seconds, open descriptors.
package enum ProcessMetrics {
    /// Registers the gauges and a collector that refreshes them before every render.
    package static func register(on registry: PrometheusRegistry, factory: PrometheusMetricsFactory) {
        registry.describe("process_resident_memory_bytes", "Resident memory size in bytes.")
        registry.describe("process_start_time_seconds", "Start time of the process since the Unix epoch in seconds.")
        registry.describe("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.")
        registry.describe("process_open_fds", "Number of open file descriptors.")
        let rss = Gauge(label: "process_resident_memory_bytes", factory: factory)
        let start = Gauge(label: "process_start_time_seconds", factory: factory)
        let cpu = Gauge(label: "process_cpu_seconds_total", factory: factory)
        let fds = Gauge(label: "process_open_fds", factory: factory)
        registry.describe("log_dropped_lines_total",
                          "Log lines dropped because the log output could not keep up (bounded log buffer).")
        let droppedLines = Counter(label: "log_dropped_lines_total", factory: factory)
        let droppedSeen = Mutex(0)
        let started = startTime()
        start.record(started)
        registry.addCollector {
            // The sink counts drops lock-free on the logging path; the counter catches up at scrape time.
            let now = LogSink.droppedLinesTotal
            let delta = droppedSeen.withLock { seen -> Int in
                defer { seen = max(seen, now) }
                return now - seen
            }
            if delta > 0 { droppedLines.increment(by: delta) }
            rss.record(Double(residentBytes()))
            cpu.record(cpuSeconds())
            fds.record(Double(openDescriptors()))
        }
    }

    /// Current RSS from `/proc/self/statm` (field 2, in pages).
    package static func residentBytes() -> Int {
        guard let text = readSmallFile("/proc/self/statm") else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// Seconds since the epoch at which the process started: boot time + start ticks from `/proc/self/stat`.
    package static func startTime() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var up = timespec()
        clock_gettime(CLOCK_BOOTTIME, &up)
        let boot = Double(now.tv_sec - up.tv_sec) + Double(now.tv_nsec - up.tv_nsec) / 1e9
        guard let stat = readSmallFile("/proc/self/stat"), let close = stat.lastIndex(of: ")") else { return boot }
        // Field 22 (starttime) counted from the first field after the ")" of the command name, which is field 3.
        let rest = stat[stat.index(after: close)...].split(separator: " ")
        guard rest.count > 19, let ticks = Double(rest[19]) else { return boot }
        return (boot + ticks / Double(sysconf(Int32(_SC_CLK_TCK)))).rounded()
    }

    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    static func openDescriptors() -> Int {
        guard let dir = opendir("/proc/self/fd") else { return 0 }
        defer { closedir(dir) }
        var count = 0
        while readdir(dir) != nil { count += 1 }
        return max(0, count - 3)  // ".", ".." and the descriptor opendir itself holds
    }

    static func readSmallFile(_ path: String) -> String? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { Glibc.close(fd) }
        var buffer = [UInt8](repeating: 0, count: 1024)
        let n = read(fd, &buffer, buffer.count)
        guard n > 0 else { return nil }
        return String(decoding: buffer[0..<n], as: UTF8.self)
    }
}
