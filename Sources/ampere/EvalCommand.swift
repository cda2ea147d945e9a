import App
import ArgumentParser
import Config
import Foundation
import Logging
import Metrics
import Retrieval
import Tools

/// `ampere eval`: load a catalog into a temporary store and score retrieval of a query set.
struct EvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Score retrieval (R@1/5/10, MRR per domain, latency) on a catalog + queries set.",
        discussion: "Loads --catalog into a temporary data directory with the same services the server uses, "
            + "then sends every line of --queries through search and compares the hits with its gold ids.")

    @OptionGroup var options: ConfigOptions

    @Option(help: "catalog.jsonl: one POST /products body per line.")
    var catalog: String

    @Option(help: "queries.jsonl: {qid, domain, asr?, text?, images?, gold} per line.")
    var queries: String

    @Option(help: "Search mode: hybrid or vector (default: search.mode).")
    var mode: String?

    @Option(help: "Summarizer for transcripts: llm, extractive, none, or configured.")
    var summarizer: String = "configured"

    @Option(help: "Write one JSON line per query (rank of the first gold id, gold ids, hits) to this file.")
    var dump: String?

    @Flag(help: "Print the report as JSON.")
    var json = false

    @Option(name: .customLong("data-dir"), help: ArgumentHelp(
        "Keep the store here instead of a temporary directory; when it already holds products, skip loading the "
            + "catalog (to try query-side settings quickly)."))
    var dataDir: String?

    func run() async throws {
        let config = try options.load()
        guard let choice = StackBuilder.SummarizerChoice(rawValue: summarizer) else {
            throw ValidationError("--summarizer must be llm, extractive, none or configured")
        }
        let searchMode = SearchMode(rawValue: mode ?? config[.searchMode])
        guard let searchMode else { throw ValidationError("--mode must be hybrid or vector") }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .warning
            return handler
        }
        let dir = dataDir.map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("ampere-eval-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { if dataDir == nil { try? FileManager.default.removeItem(at: dir) } }
        let logger = Logger(label: "ampere.eval")
        let lock = DataDirectoryLock()  // held until the command returns (see DataDirectoryLock)
        try lock.acquire(directory: dir.path, command: "ampere eval")
        defer { lock.release() }
        // With the LLM, the summarizer's metrics are kept in process for the report's LLM lines.
        let capture = choice == .llm ? EvalMetricsCapture() : nil
        let stack = try await StackBuilder.build(
            options: RuntimeOptions(config), databasePath: dir.appendingPathComponent("eval.sqlite").path, summarizer: choice,
            metricsFactory: capture ?? NOOPMetricsHandler.instance, logger: logger)
        let started = Date()
        var ingest = (ok: stack.directory.productCount, failed: 0)
        if ingest.ok == 0 {
            ingest = try await EvalRunner.ingest(catalogPath: catalog, into: stack) { done in
                Console.error("\rampere eval: ingested \(done) products", terminator: "")
            }
            Console.error("")
            if dataDir != nil { try await stack.saveSnapshot() }
        }
        // As the server does once writes go quiet: one FTS segment instead of one per batch (`LexicalIndexShape`),
        // so the latency figures are those of a served catalog.
        try await stack.store.mergeLexicalIndex()
        try await stack.store.refreshTermFrequencies()
        let seconds = Date().timeIntervalSince(started)
        var dumpHandle: FileHandle?
        if let dump {
            FileManager.default.createFile(atPath: dump, contents: nil)
            dumpHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: dump))
        }
        defer { try? dumpHandle?.close() }
        capture?.reset()  // the query phase only
        let (slices, latencies, stages, summaryWaits) = try await EvalRunner.evaluate(
            queriesPath: queries, stack: stack, mode: searchMode,
            dump: dumpHandle.map { handle in { line in handle.write(Data((line + "\n").utf8)) } })
        var report = EvalReport(slices: slices, latencyP50Millis: EvalRunner.quantile(latencies, 0.5),
                                latencyP99Millis: EvalRunner.quantile(latencies, 0.99), productsIngested: ingest.ok,
                                ingestErrors: ingest.failed, ingestSeconds: seconds, mode: searchMode.rawValue,
                                summarizer: choice.rawValue)
        report.stages = stages
        report.llm = capture?.llmStats()
        if capture != nil { report.summaryWithin = EvalReport.summaryWithin(summaryWaits) }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(report.table())
        }
    }
}
