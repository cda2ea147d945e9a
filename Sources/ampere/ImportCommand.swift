import App
import ArgumentParser
import Foundation
import Logging
import Metrics

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

    func validate() throws {
        guard (server == nil) != (dataDir == nil) else { throw ValidationError("give exactly one of --server or --data-dir") }
        guard (1...10_000).contains(batch) else { throw ValidationError("--batch must be 1...10000") }
    }

    func run() async throws {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .warning
            return handler
        }
        let sink: any CatalogImporter.Sink
        var localStack: RetrievalStack?
        if let server {
            sink = ServerImportSink(server: server, apiKey: ProcessInfo.processInfo.environment["AMPERE_API_KEY"])
        } else {
            let config = try options.load(extra: ["data.dir": dataDir!])
            try FileManager.default.createDirectory(atPath: dataDir!, withIntermediateDirectories: true)
            let stack = try await RetrievalRuntime.buildStack(
                configuration: config, databasePath: URL(fileURLWithPath: dataDir!).appendingPathComponent("ampere.sqlite").path,
                summarizer: .configured, metricsFactory: NOOPMetricsHandler.instance, logger: Logger(label: "ampere.import"))
            sink = LocalImportSink(stack: stack)
            localStack = stack
        }
        let bar = ProgressBar()
        let summary = try await CatalogImporter(path: file, batchSize: batch).run(
            into: sink, resume: !restart,
            report: { line, code, message in bar.log("line \(line): \(code): \(message)") },
            progress: { done, total in bar.update(done, total) })
        bar.finish()
        if let localStack {
            // What the server would do next: merge the BM25 index's per-batch segments and snapshot the graph, so
            // the first searches and the next start do not pay for either.
            try await localStack.store.mergeLexicalIndex()
            try await localStack.saveSnapshot()
        }
        Console.error("imported \(summary.stored), rejected \(summary.rejected)"
                      + (summary.resumedFrom > 0 ? ", resumed after line \(summary.resumedFrom)" : ""))
        if summary.rejected > 0 { throw ExitCode(2) }
    }
}

/// A one-line progress bar on standard error (plain lines when it is not a terminal).
final class ProgressBar: @unchecked Sendable {
    private let lock = NSLock()
    private let started = Date()
    private let tty = isatty(2) == 1
    private var lastLine = Date.distantPast

    func update(_ done: Int, _ total: Int) {
        lock.lock(); defer { lock.unlock() }
        let now = Date()
        guard tty || now.timeIntervalSince(lastLine) >= 5 || done == total else { return }
        lastLine = now
        let fraction = total > 0 ? Double(done) / Double(total) : 1
        let filled = Int(fraction * 30)
        let rate = Double(done) / max(now.timeIntervalSince(started), 0.001)
        let text = "[" + String(repeating: "#", count: filled) + String(repeating: " ", count: 30 - filled) + "] "
            + "\(done)/\(total) lines \(Int(fraction * 100))% \(Int(rate))/s"
        Console.error(tty ? "\r" + text : text, terminator: tty ? "" : "\n")
    }

    func log(_ text: String) {
        lock.lock(); defer { lock.unlock() }
        Console.error(tty ? "\r\u{1B}[K" + text : text)
    }

    func finish() { if tty { Console.error("") } }
}
