import ArgumentParser
import Foundation
import Tools

/// `ampere-bench bench-recommend`: `/recommend` p50/p99 for users with a full history on a synthetic catalog.
struct BenchRecommendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-recommend",
        abstract: "Time /recommend (in process) for users with N-event histories on a synthetic catalog.")

    @Option(help: "Synthetic products to load.")
    var products = 100_000

    @Option(help: "Users, each with --history purchase events of random products.")
    var users = 200

    @Option(help: "Events per user (also recommend.history_limit).")
    var history = 50

    @Option(help: "Timed requests.")
    var queries = 1_000

    @Option(help: "Seed of the titles, histories and request order.")
    var seed: UInt64 = 1

    @Option(help: "Serve a seeded random learned model of this dimension (0: the day-zero mode).")
    var learned = 0

    @Option(help: "With --learned: a co-purchase table (model format 2, blend 32) over every product from this many random 10-item baskets (0: none).")
    var copurchase = 0

    @Option(help: "Concurrent clients sharing --queries (1: one after another).")
    var clients = 1

    func run() async throws {
        let report = try await RecommendBench.run(products: products, users: users, history: history, queries: queries,
                                                  seed: seed, learnedDimension: learned,
                                                  coPurchaseBaskets: copurchase, clients: clients) { line in
            FileHandle.standardError.write(Data("bench-recommend: \(line)\n".utf8))
        }
        print(String(format: "bench-recommend: %d products, %d-event histories, %d users: p50 %.2f ms, p99 %.2f ms, mean %.2f ms (load %.0f s)",
                     report.products, report.historyEvents, report.users, report.p50Millis, report.p99Millis,
                     report.meanMillis, report.loadSeconds)
              + (report.projectSeconds.map { String(format: "; learned %d-d, projected in %.1f s", learned, $0) + (copurchase > 0 ? ", co-purchase table from \(copurchase) baskets" : "") } ?? "")
              + String(format: "; %d client(s), %.0f requests/s", report.clients, report.requestsPerSecond))
    }
}
