import Retrieval
import Synchronization

/// LLM summaries in flight, one task per cache key, for the summarizer's deadline.
///
/// A caller that stops waiting (its deadline passed) does not cancel the task: the LLM call runs on, within its own
/// timeouts and retries, and stores a usable line in the cache, so the next request for the same transcript gets it.
/// Callers asking for a transcript already in flight share its task (one LLM call, not one per request), and at most
/// `limit` distinct transcripts are in flight: with the LLM hanging, new ones get the extractive summary at once
/// instead of queueing without bound behind the client's concurrency cap.
final class PendingSummaries: Sendable {
    private let tasks = Mutex<[SummaryCacheKey: Task<TranscriptSummarizer.LLMOutcome, Never>]>([:])
    /// Most distinct transcripts in flight.
    let limit: Int

    init(limit: Int) { self.limit = max(1, limit) }

    /// Tasks in flight now.
    var count: Int { tasks.withLock { $0.count } }

    /// Whether a task is running for `key` now.
    func isRunning(_ key: SummaryCacheKey) -> Bool { tasks.withLock { $0[key] != nil } }

    /// The task running for `key`, or a new one from `make` (removed from the table when it ends), or nil when
    /// `limit` tasks are already running.
    func task(for key: SummaryCacheKey, make: @escaping @Sendable () async -> TranscriptSummarizer.LLMOutcome)
        -> Task<TranscriptSummarizer.LLMOutcome, Never>? {
        var started = false
        return task(for: key, started: &started, make: make)
    }

    /// `task(for:make:)`, with `started` set when `make` was given a task of its own (it will run).
    func task(for key: SummaryCacheKey, started: inout Bool,
              make: @escaping @Sendable () async -> TranscriptSummarizer.LLMOutcome)
        -> Task<TranscriptSummarizer.LLMOutcome, Never>? {
        let made = tasks.withLock { table -> (Task<TranscriptSummarizer.LLMOutcome, Never>, Bool)? in
            if let running = table[key] { return (running, false) }
            guard table.count < limit else { return nil }
            // The body starts after this lock is released, so its removal below cannot run before the insertion.
            let task = Task { [self] in
                let outcome = await make()
                _ = tasks.withLock { $0.removeValue(forKey: key) }
                return outcome
            }
            table[key] = task
            return (task, true)
        }
        started = made?.1 ?? false
        return made?.0
    }

    /// The task's value if it ends within `seconds`, else nil (the task keeps running).
    static func value<T: Sendable>(of task: Task<T, Never>, within seconds: Double) async -> T? {
        let slot = OnceContinuation<T?>()
        return await withCheckedContinuation { continuation in
            slot.set(continuation)
            let timer = Task {
                // Cancelled means the value won: only a timer that slept its full time answers nil.
                do { try await Task.sleep(for: .milliseconds(Int64((seconds * 1000).rounded(.up)))) } catch { return }
                slot.resume(nil)
            }
            Task {
                let value = await task.value
                timer.cancel()
                slot.resume(value)
            }
        }
    }
}

/// A continuation resumed by whichever of two racers comes first; later calls do nothing.
final class OnceContinuation<T: Sendable>: Sendable {
    private let slot = Mutex<CheckedContinuation<T, Never>?>(nil)

    func set(_ continuation: CheckedContinuation<T, Never>) { slot.withLock { $0 = continuation } }

    func resume(_ value: T) {
        let continuation = slot.withLock { slot in defer { slot = nil }; return slot }
        continuation?.resume(returning: value)
    }
}
