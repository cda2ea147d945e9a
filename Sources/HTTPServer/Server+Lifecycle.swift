import Dispatch
import Logging

extension Server {
    /// Graceful shutdown: stop accepting (new connections are refused), close idle connections, let in-flight
    /// requests finish and answer them with `Connection: close`; after `gracePeriod` seconds close whatever is
    /// left. `completion(true)` means everything finished within the grace period.
    public func shutdown(gracePeriod: Double, completion: @escaping @Sendable (Bool) -> Void) {
        drainState.withLock { $0.waiters.append(completion) }
        guard !draining.exchange(true, ordering: .acquiringAndReleasing) else {
            if drainState.withLock({ $0.finished }) { finishDrain() }
            return
        }
        logger.info("draining", metadata: ["open_connections": "\(openConnections)"])
        acceptQueue.async { [self] in
            acceptSource?.cancel()
            resumeAccepting()  // a suspended source runs its cancel handler (closing the listener) only once resumed
            acceptSource = nil
            for worker in workers { worker.execute { worker.drain() } }
            if openConnections == 0 { finishDrain() }
        }
        // On the accept queue, like every other access to `workers` after start.
        acceptQueue.asyncAfter(deadline: .now() + gracePeriod) { [self] in
            guard !drainState.withLock({ $0.finished }) else { return }
            drainState.withLock { $0.forced = true }
            logger.warning("drain deadline passed; closing remaining connections", metadata: ["open_connections": "\(openConnections)"])
            for worker in workers { worker.execute { worker.closeAll() } }
        }
    }

    /// Async form of `shutdown(gracePeriod:completion:)`; returns true if the drain finished within the grace period.
    public func shutdown(gracePeriod: Double) async -> Bool {
        await withCheckedContinuation { continuation in
            shutdown(gracePeriod: gracePeriod) { continuation.resume(returning: $0) }
        }
    }

    /// Marks the drain finished (no connection left) and, once the listener is closed too, reports it.
    func finishDrain(listenerJustClosed: Bool = false) {
        let (waiters, clean) = drainState.withLock { state -> ([@Sendable (Bool) -> Void], Bool) in
            if !listenerJustClosed { state.finished = true }
            guard state.finished, state.listenerClosed else { return ([], true) }
            let w = state.waiters
            state.waiters = []
            return (w, !state.forced)
        }
        guard !waiters.isEmpty else { return }
        acceptQueue.async { [self] in
            for worker in workers { worker.stop() }
            workers = []  // breaks the server <-> worker cycle; each loop keeps its worker until it exits
        }
        logger.info("drained", metadata: ["clean": "\(clean)"])
        for waiter in waiters { waiter(clean) }
    }

    /// The response for an error thrown by a handler: its own answer if it has one, otherwise a logged 500.
    func response(for error: any Error, requestID: String) -> HTTPResponse {
        if let known = error as? any HTTPResponseError { return known.response }
        logger.error("handler failed", metadata: ["request_id": "\(requestID)", "error": "\(String(describing: error))"])
        return HTTPServerError.internalError.response
    }

    /// Metrics and the access-log line for one exchange.
    func report(
        head: HTTPRequestHead?, route: Route?, status: Int, requestBytes: Int, responseBytes: Int,
        nanoseconds: UInt64, requestID: String
    ) {
        let method = head?.method ?? HTTPMethod("-")
        observer?.requestCompleted(HTTPRequestRecord(
            method: method, route: route, status: status, requestBytes: requestBytes, responseBytes: responseBytes,
            durationNanoseconds: nanoseconds))
        guard configuration.accessLog, logger.logLevel <= .info else { return }
        let entry = HTTPAccessLogEntry(
            requestID: requestID, method: method, path: head?.path, route: route?.template, status: status,
            requestBytes: requestBytes, responseBytes: responseBytes, durationNanoseconds: nanoseconds)
        if let fast = accessLogHandler, fast.logAccess(entry, label: logger.label) { return }
        logger.info(HTTPAccessLogEntry.message, metadata: entry.metadata)
    }
}
