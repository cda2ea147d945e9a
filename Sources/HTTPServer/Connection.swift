import Dispatch
import Sockets

/// One client connection: bytes in, requests parsed and answered in order, bytes out.
///
/// Confined to its worker's loop thread (readiness events and async completions all run there), which is why it
/// can be `@unchecked Sendable` with plain mutable fields. Reads are event-driven and non-blocking, so a
/// slow client costs a table entry, never a thread.
final class Connection: @unchecked Sendable {
    let fd: Int32
    /// The client's address, read once at accept (handlers see it as `HTTPRequest.peer`).
    let peer: String
    /// Strong: an async handler's Task may complete after the worker stopped; the worker drops closed connections.
    let worker: EventLoopWorker
    var server: Server { worker.server }

    var input: [UInt8] = []
    var inputStart = 0
    var parser: HTTPParser
    var output: [UInt8] = []
    var outputSent = 0

    var phase: ConnectionTimeouts.Phase
    var current: Exchange?
    var inFlight = false
    var closeAfterFlush = false
    var peerClosed = false
    var closed = false
    /// The async handler's task while one runs: cancelled when the client hangs up, so admission waits, LLM calls
    /// and other cancellation-aware work stop instead of serving nobody.
    var handlerTask: Task<Void, Never>?

    /// Whether epoll should report input (false while a request is in flight or output is blocked).
    private var wantsInput = true
    /// Whether epoll should report writability (true only while output is blocked).
    private var wantsOutput = false

    /// The request being handled: what the response needs from its head.
    struct Exchange {
        var head: HTTPRequestHead
        var requestID: String
        var match: RouteMatch?
        var pendingError: HTTPResponse?
        var started: UInt64
        var bodyBytes = 0
    }

    /// Bytes of `server.bodyBudget` this connection's current exchange holds.
    var reservedBodyBytes = 0

    init(fd: Int32, peer: String, worker: EventLoopWorker) {
        self.fd = fd
        self.worker = worker
        self.peer = peer
        parser = HTTPParser(limits: worker.server.configuration.limits)
        // The first request's header timeout runs from accept, so connecting and sending nothing cannot hold a
        // connection slot for the (longer) idle timeout.
        phase = .head(since: DispatchTime.now().uptimeNanoseconds)
    }

    func start() {
        do {
            try worker.epoll.add(fd, .input)
        } catch {
            close()
        }
    }

    /// Tells epoll what this connection currently waits for.
    private func updateInterest() {
        guard !closed else { return }
        var events: Epoll.Events = []
        if wantsInput { events.insert(.input) }
        // While a handler runs, input is not read (one request at a time), but a FIN still matters.
        if inFlight, !peerClosed { events.insert(.peerHangup) }
        if wantsOutput { events.insert(.output) }
        do { try worker.epoll.modify(fd, events) } catch { close() }
    }

    // MARK: reading

    func onReadable() {
        guard !closed else { return }
        let n: Int?
        do {
            n = try Socket.read(fd, into: worker.scratch)
        } catch {
            close()
            return
        }
        guard let count = n else { return }
        if count == 0 {
            peerClosed = true
        } else if case .lingering = phase {
            return  // discarding what the client still sends after our final response
        } else {
            if inputStart == input.count { input.removeAll(keepingCapacity: true); inputStart = 0 }
            input.append(contentsOf: UnsafeRawBufferPointer(rebasing: worker.scratch[0..<count]))
            if case .idle = phase { phase = .head(since: DispatchTime.now().uptimeNanoseconds) }
        }
        if peerClosed {
            if inFlight { clientLeft() }
            pauseReading()
            if case .lingering = phase { close(); return }
            if !inFlight {
                process()
                if !inFlight { closeAfterFlush = true }
                flush()
            }
            return
        }
        process()
        flush()
    }

    /// epoll saw the client's FIN while a handler runs (input is not being read): the client is gone or will read
    /// only the answer. Either way nothing more will be read; the handler is cancelled, and whatever it still
    /// answers is written and the connection closed.
    func onPeerHangup() {
        guard !closed, inFlight, !peerClosed else { return }
        peerClosed = true
        clientLeft()
        updateInterest()  // level-triggered: stop asking for the FIN we now know about
    }

    private func clientLeft() {
        guard let task = handlerTask else { return }
        handlerTask = nil
        server.handlerCancelled()
        task.cancel()
    }

    /// Reserves `bytes` more of the shared body budget for the current exchange; false if they do not fit.
    func reserveBody(_ bytes: Int) -> Bool {
        guard server.bodyBudget.reserve(bytes) else { return false }
        reservedBodyBytes += bytes
        return true
    }

    /// Returns the current exchange's share of the body budget (its body is no longer held for it).
    func releaseBody() {
        server.bodyBudget.release(reservedBodyBytes)
        reservedBodyBytes = 0
    }

    func pauseReading() {
        guard wantsInput else { return }
        wantsInput = false
        updateInterest()
    }

    func resumeReading() {
        guard !wantsInput, !peerClosed else { return }
        wantsInput = true
        updateInterest()
    }

    // MARK: writing

    /// Writes as much pending output as the socket takes; arms a write source for the rest (back-pressure).
    func flush() {
        guard !closed else { return }
        while outputSent < output.count {
            let sent: Int?
            do {
                sent = try output.withUnsafeBytes { try Socket.send(fd, UnsafeRawBufferPointer(rebasing: $0[outputSent...])) }
            } catch {
                close()
                return
            }
            guard let n = sent else {
                armWrite()
                return
            }
            outputSent += n
        }
        output.removeAll(keepingCapacity: output.capacity <= 256 * 1024)
        outputSent = 0
        disarmWrite()
        if closeAfterFlush {
            beginLinger()
        } else if !inFlight {
            if case .writing = phase { phase = .idle(since: DispatchTime.now().uptimeNanoseconds) }
            resumeReading()
            // Bytes that arrived while we were blocked (pipelining) are still waiting in `input`.
            if inputStart < input.count && wantsInput { process(); if !output.isEmpty { flush() } }
        }
    }

    private func armWrite() {
        phase = .writing(since: DispatchTime.now().uptimeNanoseconds)
        wantsInput = false
        guard !wantsOutput else { updateInterest(); return }
        wantsOutput = true
        updateInterest()
    }

    private func disarmWrite() {
        guard wantsOutput else { return }
        wantsOutput = false
        updateInterest()
    }

    // MARK: closing

    /// Shuts our side and waits briefly for the client to close, so unread client bytes do not turn into a
    /// TCP reset that destroys the response we just sent (RFC 9112 §9.6).
    private func beginLinger() {
        if peerClosed { close(); return }
        Socket.shutdownWrite(fd)
        phase = .lingering(since: DispatchTime.now().uptimeNanoseconds)
        if !wantsInput {
            wantsInput = true
            updateInterest()
        }
    }

    /// Closes the connection (idempotent): deregisters, closes the descriptor, and reports it.
    func close() {
        guard !closed else { return }
        closed = true
        releaseBody()
        worker.forget(self)
        worker.epoll.remove(fd)
        Socket.close(fd)
        server.clients.close(peer)
        server.connectionClosed()
    }

    // MARK: timeouts and drain

    func checkTimeout(now: UInt64) {
        guard !closed, let action = server.configuration.timeouts.action(for: phase, now: now) else { return }
        switch action {
        case .close:
            close()
        case .requestTimeout:
            let head = current?.head
            let requestID = current?.requestID ?? server.requestIDs.next()
            current = nil
            respond(HTTPServerError.requestTimeout.response, head: head, requestID: requestID, forceClose: true)
            flush()
        }
    }

    /// Closes the connection if no request is in progress (no bytes of one received, nothing in flight or unsent).
    func drainIfIdle() {
        guard !closed, !inFlight, parser.isAtRequestBoundary, inputStart == input.count, output.isEmpty else { return }
        switch phase {
        case .idle, .head: close()
        default: break
        }
    }
}
