import App
import ArgumentParser
import Config
import Foundation
import Logging
import Metrics
import Tools

/// `ampere import`: load a catalog file into a running server or a local data directory; resumable.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a catalog (one POST /products body per line) into a server or a data directory.",
        discussion: "Rejected lines are reported with their line number and reason and do not stop the import. "
            + "Progress is recorded after every acknowledged batch in FILE.import-state, so running the same "
            + "command again resumes where it stopped (--restart starts over).")

    @OptionGroup var options: ConfigOptions

    @Argument(help: "The catalog file (JSON lines).")
    var file: String

    @Option(help: "Base URL of a running server, e.g. http://127.0.0.1:8080.")
    var server: String?

    @Option(name: .customLong("data-dir"), help: "Import into this data directory instead of a server.")
    var dataDir: String?

    @Option(help: "Products per batch.")
    var batch: Int = 100

    @Flag(help: "Ignore recorded progress and start from the first line.")
    var restart = false
    @Flag(name: .customLong("encode-only"), help: ArgumentHelp(
        "With --data-dir: encode every product as the import would (summaries included), store nothing, and print "
            + "appearances encoded per second: the encoder's own rate on this catalog's texts.",
        discussion: "The data directory only hosts the encoder's stack; use a scratch one."))
    var encodeOnly = false

    func validate() throws {
        guard (server == nil) != (dataDir == nil) else { throw ValidationError("give exactly one of --server or --data-dir") }
        guard (1...10_000).contains(batch) else { throw ValidationError("--batch must be 1...10000") }
        guard !encodeOnly || dataDir != nil else { throw ValidationError("--encode-only needs --data-dir") }
    }

    func run() async throws {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .warning
            return handler
        }
        let sink: any CatalogImporter.Sink
        var localStack: RetrievalStack?
        var encodeOnlySink: EncodeOnlySink?
        let lock = DataDirectoryLock()  // with --data-dir, held until the command returns (see DataDirectoryLock)
        defer { lock.release() }
        if let server {
            sink = ServerImportSink(server: server, apiKey: ProcessInfo.processInfo.environment["AMPERE_API_KEY"])
        } else {
            let config = try options.load(extra: ["data.dir": dataDir!])
            try FileManager.default.createDirectory(atPath: dataDir!, withIntermediateDirectories: true)
            try lock.acquire(directory: dataDir!, command: "ampere import")
            let stack = try await StackBuilder.build(
                options: RuntimeOptions(config), databasePath: URL(fileURLWithPath: dataDir!).appendingPathComponent("ampere.sqlite").path,
                summarizer: .configured, metricsFactory: NOOPMetricsHandler.instance, logger: Logger(label: "ampere.import"))
            if encodeOnly {
                encodeOnlySink = EncodeOnlySink(stack: stack)
                sink = encodeOnlySink!
            } else {
                sink = LocalImportSink(stack: stack)
                localStack = stack
            }
        }
        let bar = ProgressBar()
        let started = ContinuousClock.now
        // An encode-only run starts at the first line and keeps its progress record in the scratch directory, so
        // it never makes a later import of the same file skip lines.
        let statePath = encodeOnly ? URL(fileURLWithPath: dataDir!).appendingPathComponent("encode-only.import-state").path : nil
        let summary = try await CatalogImporter(path: file, statePath: statePath, batchSize: batch).run(
            into: sink, resume: !restart && !encodeOnly,
            report: { line, code, message in bar.log("line \(line): \(code): \(message)") },
            progress: { done, total in bar.update(done, total) })
        bar.finish()
        if let localStack {
            // What the server would do next: merge the BM25 index's per-batch segments and snapshot the graph, so
            // the first searches and the next start do not pay for either.
            try await localStack.store.mergeLexicalIndex()
            try await localStack.saveSnapshot()
        }
        if let encodeOnlySink {
            let seconds = (ContinuousClock.now - started) / .seconds(1)
            let n = encodeOnlySink.appearances.withLock { $0 }
            Console.error("encoded \(n) appearances of \(summary.stored) products in "
                          + String(format: "%.2f s: %.1f appearances/s (nothing stored)", seconds, Double(n) / seconds))
            if summary.rejected > 0 { throw ExitCode(2) }
            return
        }
        Console.error("imported \(summary.stored), rejected \(summary.rejected)"
                      + (summary.resumedFrom > 0 ? ", resumed after line \(summary.resumedFrom)" : ""))
        if summary.rejected > 0 { throw ExitCode(2) }
    }
}
