import App
import ArgumentParser
import Config
import FoundationEssentials
import Logging
import Metrics
import Observability
import Tools

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
        MallocTuning.configure()
        var flags: [String: String] = [:]
        if let host { flags["server.host"] = host }
        if let port { flags["server.port"] = String(port) }
        if let dataDir { flags["data.dir"] = dataDir }
        let config = try options.load(extra: flags)

        let sink = LogSink()
        let level = Logger.Level(rawValue: config[.logLevel]) ?? .info
        let format = StructuredLogHandler.Format(rawValue: config[.logFormat]) ?? .json
        LoggingSystem.bootstrap { StructuredLogHandler(label: $0, sink: sink, format: format, level: level) }
        let registry = PrometheusRegistry(buckets: AmpereApp.metricBuckets)
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        let logger = Logger(label: "ampere")

        let app = AmpereApp(configuration: config, logger: logger, metrics: registry)
        do {
            let bound = try app.start()
            if let portFile { try PortFile.write(bound, to: portFile) }
            logger.info("started", metadata: ["port": "\(bound)", "data_dir": "\(config[.dataDir])"])
        } catch {
            logger.critical("start failed", metadata: ["error": "\(error)"])
            sink.flush()
            Console.error("ampere: \(error)")
            if case StartupError.openOnNetwork = error { throw ExitCode(78) }  // EX_CONFIG: a setting to change
            throw ExitCode(1)
        }
        let sig = ShutdownSignals.wait()
        logger.info("signal received; draining", metadata: ["signal": "\(sig)"])
        let clean = app.shutdownAndWait()
        logger.info("stopped", metadata: ["clean": "\(clean)"])
        sink.flush()
    }
}
