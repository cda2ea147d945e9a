import Dispatch
import Synchronization

/// An HTTP/1.1 client over libcurl that never blocks the Swift concurrency pool.
///
/// Each request runs `curl_easy_perform` on one of at most `maxConcurrentRequests` workers; a worker is an
/// untargeted serial `DispatchQueue` (its own overcommit thread, see SWIFT-ON-LINUX.md) that owns a reused
/// easy handle. Requests beyond the cap wait in a FIFO list that holds no thread. `execute` bridges to
/// async/await with a checked continuation.
public final class CurlClient: Sendable {
    /// Limits applied to every request.
    public let configuration: HTTPClientConfiguration
    private let state = Mutex(State())

    /// Creates a client; no thread or handle exists until the first request.
    public init(configuration: HTTPClientConfiguration = HTTPClientConfiguration()) {
        self.configuration = configuration
    }

    /// Sends `request` and suspends until the response (any status) or a transport error.
    public func execute(_ request: ClientRequest) async throws(HTTPClientError) -> ClientResponse {
        let result: Result<ClientResponse, HTTPClientError> = await withCheckedContinuation { continuation in
            submit(request) { continuation.resume(returning: $0) }
        }
        return try result.get()
    }

    /// Blocks the calling thread until the response arrives. For scripts and tools; never call it from a Task.
    public func executeBlocking(_ request: ClientRequest) throws(HTTPClientError) -> ClientResponse {
        let done = DispatchSemaphore(value: 0)
        let box = Mutex<Result<ClientResponse, HTTPClientError>?>(nil)
        submit(request) { result in box.withLock { $0 = result }; done.signal() }
        done.wait()
        return try box.withLock { $0! }.get()
    }

    /// Queues `request`; `completion` runs exactly once, on a worker thread.
    public func submit(_ request: ClientRequest,
                       completion: @escaping @Sendable (Result<ClientResponse, HTTPClientError>) -> Void) {
        let job = Job(request: request, completion: completion)
        let worker: TransferWorker? = state.withLock { state in
            if state.isShutDown { return nil }
            if let idle = state.idle.popLast() { return idle }
            if state.workerCount < configuration.maxConcurrentRequests {
                state.workerCount += 1
                return TransferWorker(index: state.workerCount)
            }
            state.pending.append(job)
            return nil
        }
        if let worker {
            run(job, on: worker)
        } else if state.withLock({ $0.isShutDown }) {
            completion(.failure(.shutDown))
        }
    }

    /// Fails every queued request with `shutDown` and rejects new ones; requests already running finish.
    public func shutdown() {
        let dropped: [Job] = state.withLock { state in
            state.isShutDown = true
            defer { state.pending.removeAll() }
            return state.pending
        }
        for job in dropped { job.completion(.failure(.shutDown)) }
    }

    private func run(_ job: Job, on worker: TransferWorker) {
        let configuration = self.configuration
        worker.queue.async { [self] in
            let result: Result<ClientResponse, HTTPClientError>
            do throws(HTTPClientError) {
                result = .success(try worker.handle.perform(job.request, configuration: configuration))
            } catch {
                result = .failure(error)
            }
            job.completion(result)
            let next: Job? = state.withLock { state in
                if state.pending.isEmpty { state.idle.append(worker); return nil }
                return state.pending.removeFirst()
            }
            if let next { run(next, on: worker) }
        }
    }

    private struct Job: Sendable {
        let request: ClientRequest
        let completion: @Sendable (Result<ClientResponse, HTTPClientError>) -> Void
    }

    private struct State: ~Copyable {
        var idle: [TransferWorker] = []
        var pending: [Job] = []
        var workerCount = 0
        var isShutDown = false
    }

    /// A serial queue plus the easy handle only that queue touches; this confinement is what makes it Sendable.
    private final class TransferWorker: @unchecked Sendable {
        let queue: DispatchQueue
        let handle = CurlEasyHandle()
        init(index: Int) { queue = DispatchQueue(label: "ampere.httpclient.worker.\(index)") }
    }
}
