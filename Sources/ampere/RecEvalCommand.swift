import App
import ArgumentParser
import Config
import Foundation
import Logging
import Metrics
import Retrieval
import Tools

/// `ampere rec-eval`: the recommendation protocol of the shared interaction log, baselines and day-zero mode.
struct RecEvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rec-eval",
        abstract: "Score recommendations (HR@10, NDCG@10, Recall@10, coverage@10) on an interaction log.",
        discussion: "Reads the log and catalog of --data (the UCI Online Retail layout: events-*.csv.gz and "
            + "products.jsonl), loads the catalog into a temporary store with the configured encoder, and ranks "
            + "the full catalog for every leave-last-basket-out case in three settings (all, new-only, cold) with "
            + "popularity, repeat-frequency, co-purchase item-kNN, day-zero content (exact and mean-centred) and "
            + "the served /recommend service.")

    @OptionGroup var options: ConfigOptions

    @Option(help: "Folder with the log (events-*.csv or .csv.gz) and products.jsonl.")
    var data: String

    @Flag(help: "Print the report as JSON.")
    var json = false

    @OptionGroup var training: TrainingOptions

    @Flag(help: "Also train the twin towers on each setting's training part and score the learned mode.")
    var learned = false

    func run() async throws {
        let started = Date()
        let loaded = try await Self.load(options: options, data: data)
        defer { try? FileManager.default.removeItem(at: loaded.dir) }
        let (evalProtocol, stack, vectors) = (loaded.evalProtocol, loaded.stack, loaded.vectors)
        let scores = try await RecEvalRunner.run(evalProtocol, vectors: vectors, service: stack.recommend,
                                                 learn: learned ? training.settings : nil,
                                                 learnedService: { stack.recommendService(model: $0) },
                                                 space: stack.encoder.spaceID) { setting in
            Console.error("ampere rec-eval: \(setting)")
        }
        Console.error(String(format: "ampere rec-eval: %.1f s, vector space %@", Date().timeIntervalSince(started),
                             stack.encoder.spaceID))
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(["space": stack.encoder.spaceID]), as: UTF8.self).dropLast()
                  + ",\"scores\":" + String(decoding: try encoder.encode(scores), as: UTF8.self) + "}")
        } else {
            print(RecEvalRunner.table(scores))
        }
    }

    /// Reads the log and catalog of `data`, builds the protocol, and encodes the catalog into a temporary store
    /// (`dir`, the caller removes it) with the configured encoder; `vectors` are the items' page vectors.
    static func load(options: ConfigOptions, data: String) async throws
        -> (evalProtocol: RecEvalProtocol, stack: RetrievalStack, vectors: [[Float]], dir: URL) {
        // Durability does not matter for a throw-away store; fsync per product would dominate the load.
        let config = try options.load(extra: ["storage.synchronous": "normal", "index.snapshot_every": "0"])
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .warning
            return handler
        }
        let folder = URL(fileURLWithPath: data)
        let names = try FileManager.default.contentsOfDirectory(atPath: data).sorted()
        guard let logName = names.first(where: { $0.hasPrefix("events") && ($0.hasSuffix(".csv") || $0.hasSuffix(".csv.gz")) })
        else { throw ValidationError("no events-*.csv(.gz) in \(data)") }
        let productsPath = folder.appendingPathComponent("products.jsonl").path
        let log = try RetailLog.load(path: folder.appendingPathComponent(logName).path)
        let catalog = try JSONLines.read(productsPath).map { line in
            try JSONDecoder().decode(CatalogID.self, from: Data(line)).id
        }
        let evalProtocol = RecEvalProtocol(log: log, catalog: catalog)
        Console.error("ampere: \(log.lines) lines, \(log.baskets.count) baskets, \(catalog.count) items, "
                      + evalProtocol.settings.map { "\($0.name) \($0.cases.count)" }.joined(separator: ", ") + " cases")

        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ampere-rec-eval-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var runtime = RuntimeOptions(config)
        runtime.stack.modelPath = nil  // the catalog store serves no model here
        let stack = try await StackBuilder.build(
            options: runtime, databasePath: dir.appendingPathComponent("rec-eval.sqlite").path,
            summarizer: .none, metricsFactory: NOOPMetricsHandler.instance, logger: Logger(label: "ampere.rec-eval"))
        let ingest = try await EvalRunner.ingest(catalogPath: productsPath, into: stack) { done in
            Console.error("\rampere: encoded \(done) products", terminator: "")
        }
        Console.error("")
        guard ingest.failed == 0 else { throw ValidationError("\(ingest.failed) products could not be stored") }
        return (evalProtocol, stack, evalProtocol.items.map { stack.pageVector(of: $0) ?? [] }, dir)
    }

    struct CatalogID: Decodable { var id: String }
}
