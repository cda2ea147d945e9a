import Logging
import Retrieval
import Summarizer
import Synchronization

/// Hooks with a manual clock: sleeping records the delay and advances the clock instead of waiting.
final class ManualTime: Sendable {
    private let state = Mutex<(now: Double, sleeps: [Double])>((0, []))
    var sleeps: [Double] { state.withLock { $0.sleeps } }
    func advance(_ seconds: Double) { state.withLock { $0.now += seconds } }
    var hooks: LLMHooks {
        LLMHooks(now: { self.state.withLock { $0.now } },
                 sleep: { s in self.state.withLock { $0.sleeps.append(s); $0.now += s } },
                 random: { 0.5 })
    }
}

/// An in-memory `SummaryCache` counting reads and writes.
final class MemorySummaryCache: SummaryCache {
    private let state = Mutex<(entries: [SummaryCacheKey: CachedSummary], reads: Int, writes: Int)>(([:], 0, 0))
    var writes: Int { state.withLock { $0.writes } }
    var reads: Int { state.withLock { $0.reads } }
    func cachedSummary(for key: SummaryCacheKey) async throws -> CachedSummary? {
        state.withLock { $0.reads += 1; return $0.entries[key] }
    }
    func store(_ entry: CachedSummary, for key: SummaryCacheKey) async throws {
        state.withLock { $0.writes += 1; $0.entries[key] = entry }
    }
}

/// Captures every log line (message, metadata, source) so tests can search it for secrets.
final class LogCapture: Sendable {
    private let lines = Mutex<[String]>([])
    var text: String { lines.withLock { $0.joined(separator: "\n") } }
    var logger: Logger {
        var logger = Logger(label: "test") { _ in CapturingHandler(capture: self) }
        logger.logLevel = .trace
        return logger
    }
    func append(_ line: String) { lines.withLock { $0.append(line) } }

    struct CapturingHandler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            let error = event.error.map { " error=\($0)" } ?? ""
            capture.append("\(event.level) \(event.message) \(metadata.merging(event.metadata ?? [:]) { $1 })\(error)")
        }
    }
}
