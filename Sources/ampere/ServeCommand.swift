#if canImport(Glibc)
import Glibc
#endif
import App
import ArgumentParser
import FoundationEssentials
import Logging
import Metrics

/// `ampere serve`: run the HTTP service until SIGTERM/SIGINT, then drain and exit 0.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Start the HTTP service.",
        discussion: "Listens until SIGTERM or SIGINT, then stops accepting, finishes in-flight requests "
            + "within server.drain_timeout_s and exits 0.")

    @OptionGroup var options: ConfigOptions

    @Option(help: "Address to listen on (server.host).")
    var host: String?

    @Option(help: "Port to listen on; 0 picks a free port (server.port).")
    var port: Int?

    @Option(name: .customLong("data-dir"), help: "Data directory for SQLite and snapshots (data.dir).")
    var dataDir: String?

    @Option(name: .customLong("port-file"), help: "Write the bound port to this file once listening.")
    var portFile: String?

    func run() throws {
        Self.limitMallocArenas()
        var flags: [String: String] = [:]
        if let host { flags["server.host"] = host }
        if let port { flags["server.port"] = String(port) }
        if let dataDir { flags["data.dir"] = dataDir }
        let config = try options.load(extra: flags)

        let sink = LogSink()
        let level = Logger.Level(rawValue: config.string("log.level")) ?? .info
        let format = StructuredLogHandler.Format(rawValue: config.string("log.format")) ?? .json
        LoggingSystem.bootstrap { StructuredLogHandler(label: $0, sink: sink, format: format, level: level) }
        let registry = PrometheusRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        let logger = Logger(label: "ampere")

        let app = AmpereApp(configuration: config, logger: logger, metrics: registry)
        do {
            let bound = try app.start()
            if let portFile { try PortFile.write(bound, to: portFile) }
            logger.info("started", metadata: ["port": "\(bound)", "data_dir": "\(config.string("data.dir"))"])
        } catch {
            logger.critical("start failed", metadata: ["error": "\(error)"])
            sink.flush()
            Console.error("ampere: \(error)")
            throw ExitCode(1)
        }
        let sig = ShutdownSignals.wait()
        logger.info("signal received; draining", metadata: ["signal": "\(sig)"])
        let clean = app.shutdownAndWait()
        logger.info("stopped", metadata: ["clean": "\(clean)"])
        sink.flush()
    }

    /// glibc gives threads that contend for malloc their own arenas (up to 8 per core) and seldom returns their
    /// free pages, so the server's RSS kept climbing under `scripts/load-test`; two arenas and a fixed mmap threshold
    /// keep it flat (README, Reliability). An explicit `MALLOC_ARENA_MAX` in the environment turns this off.
    static func limitMallocArenas() {
        #if canImport(Glibc)
        // <malloc.h> is not in the Glibc module: look `mallopt` up instead (M_ARENA_MAX is -8 in glibc).
        guard ProcessInfo.processInfo.environment["MALLOC_ARENA_MAX"] == nil,
              let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        _ = mallopt(-8, 2)  // M_ARENA_MAX
        // M_MMAP_THRESHOLD fixed at 1 MiB: blocks this large (graph arrays, snapshot bytes, batch bodies) are mapped
        // and unmapped on free. glibc's default threshold grows to the size of the largest block freed, after which
        // a snapshot's transient buffers stay in the heap and RSS kept the peak (+25 MB after one snapshot).
        _ = mallopt(-3, 1 << 20)
        #endif
    }
}
