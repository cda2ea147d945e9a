import Dispatch
import Sockets

/// One client connection: bytes in, requests parsed and answered in order, bytes out.
///
/// Confined to its worker's serial queue (the read/write sources and async completions all run there), which is
/// why it can be `@unchecked Sendable` with plain mutable fields. Reads are event-driven and non-blocking, so a
/// slow client costs a table entry, never a thread.
final class Connection: @unchecked Sendable {
    let fd: Int32
    unowned let worker: Worker
    var server: HTTPServer { worker.server }

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

    private var readSource: DispatchSourceRead?
    private var writeSource: DispatchSourceWrite?
    private var readPaused = false
    private var writeArmed = false
    private var pendingCancels = 0

    /// The request being handled: what the response needs from its head.
    struct Exchange {
        var head: HTTPRequestHead
        var requestID: String
        var match: RouteMatch?
        var pendingError: HTTPResponse?
        var started: UInt64
        var bodyBytes = 0
    }

    init(fd: Int32, worker: Worker) {
        self.fd = fd
        self.worker = worker
        parser = HTTPParser(limits: worker.server.configuration.limits)
        phase = .idle(since: DispatchTime.now().uptimeNanoseconds)
    }

    func start() {
        let source = DispatchSource.makeReadSource(fileDescriptor: fd, queue: worker.queue)
        source.setEventHandler { [unowned self] in self.onReadable() }
        source.setCancelHandler { [self] in self.sourceCancelled() }
        readSource = source
        pendingCancels += 1
        source.resume()
    }

    // MARK: reading

    private func onReadable() {
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

    func pauseReading() {
        guard !readPaused, let source = readSource else { return }
        readPaused = true
        source.suspend()
    }

    func resumeReading() {
        guard readPaused, !peerClosed, let source = readSource else { return }
        readPaused = false
        source.resume()
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
            if inputStart < input.count && !readPaused { process(); if !output.isEmpty { flush() } }
        }
    }

    private func armWrite() {
        pauseReading()
        phase = .writing(since: DispatchTime.now().uptimeNanoseconds)
        if writeSource == nil {
            let source = DispatchSource.makeWriteSource(fileDescriptor: fd, queue: worker.queue)
            source.setEventHandler { [unowned self] in self.flush() }
            source.setCancelHandler { [self] in self.sourceCancelled() }
            writeSource = source
            pendingCancels += 1
            writeArmed = true
            source.resume()
        } else if !writeArmed {
            writeArmed = true
            writeSource?.resume()
        }
    }

    private func disarmWrite() {
        guard writeArmed, let source = writeSource else { return }
        writeArmed = false
        source.suspend()
    }

    // MARK: closing

    /// Shuts our side and waits briefly for the client to close, so unread client bytes do not turn into a
    /// TCP reset that destroys the response we just sent (RFC 9112 §9.6).
    private func beginLinger() {
        if peerClosed { close(); return }
        Socket.shutdownWrite(fd)
        phase = .lingering(since: DispatchTime.now().uptimeNanoseconds)
        resumeReadingForLinger()
    }

    private func resumeReadingForLinger() {
        guard readPaused, let source = readSource else { return }
        readPaused = false
        source.resume()
    }

    /// Closes the connection (idempotent). The descriptor itself is closed once every source has been cancelled.
    func close() {
        guard !closed else { return }
        closed = true
        worker.forget(self)
        if let source = writeSource {
            if !writeArmed { source.resume() }
            source.cancel()
        }
        if let source = readSource {
            if readPaused { source.resume() }
            source.cancel()
        }
        if pendingCancels == 0 { finalClose() }
    }

    private func sourceCancelled() {
        pendingCancels -= 1
        if pendingCancels == 0 { finalClose() }
    }

    private func finalClose() {
        Socket.close(fd)
        readSource = nil
        writeSource = nil
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

    func drainIfIdle() {
        guard !closed, !inFlight, parser.isAtRequestBoundary, inputStart == input.count, output.isEmpty else { return }
        if case .idle = phase { close() }
    }
}
