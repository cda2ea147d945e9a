import Dispatch

extension Connection {
    /// Parses and answers every complete request in `input`, in order, until one goes async or input runs out.
    func process() {
        // Parsing an empty input is cheap and needed: a request without a body yields its empty `.body` at once.
        while !inFlight && !closeAfterFlush && !closed {
            let result: (event: HTTPParser.Event, consumed: Int)
            do {
                result = try input.withUnsafeBufferPointer { try parser.parse(UnsafeBufferPointer(rebasing: $0[inputStart...])) }
            } catch let error as HTTPParseError {
                reject(error)
                return
            } catch {
                reject(HTTPParseError(.badRequest, "Malformed request."))
                return
            }
            inputStart += result.consumed
            // A chunked body grows as chunks arrive; reserve its bytes in 64 KiB steps (a fixed-length body
            // reserved its whole length at the head).
            if parser.body.count > reservedBodyBytes {
                let step = 64 * 1024
                let need = (parser.body.count - reservedBodyBytes + step - 1) / step * step
                guard reserveBody(need) else { rejectBusy(); return }
            }
            switch result.event {
            case .needMore:
                if inputStart == input.count {
                    input.removeAll(keepingCapacity: input.capacity <= 64 * 1024)
                    inputStart = 0
                } else if inputStart >= 64 * 1024 {
                    // Parser state is relative to the unconsumed region, so dropping the consumed prefix is safe.
                    input.removeSubrange(0..<inputStart)
                    inputStart = 0
                }
                return
            case .head(let head):
                begin(head)
            case .body(let body):
                handle(body: body)
            }
        }
    }

    /// Head complete: resolve the route and apply limits before any body byte is read.
    private func begin(_ head: HTTPRequestHead) {
        let now = DispatchTime.now().uptimeNanoseconds
        let requestID = head.requestID.map(String.init) ?? server.requestIDs.next()
        var exchange = Exchange(head: head, requestID: requestID, match: nil, pendingError: nil, started: now)
        phase = .body(since: now)
        switch server.router.lookup(method: head.method, path: head.path) {
        case .found(let match):
            exchange.match = match
            if let preflight = match.route.preflight, let refusal = preflight(head, peer) {
                exchange.pendingError = refusal
                break
            }
            let limit = match.route.bodyLimit ?? server.configuration.limits.maxBodyBytes
            parser.setBodyLimit(limit)
            if case .length(let n) = head.framing, n > limit {
                current = exchange
                reject(HTTPParseError(.contentTooLarge, "The request body is larger than \(limit) bytes."))
                return
            }
            if case .length(let n) = head.framing, !reserveBody(n) {
                current = exchange
                rejectBusy()
                return
            }
        case .methodNotAllowed(let allowed):
            var response = HTTPServerError.methodNotAllowed.response
            response.headers.add("Allow", allowed.map(\.rawValue).joined(separator: ", "))
            exchange.pendingError = response
        case .notFound:
            exchange.pendingError = HTTPServerError.notFound.response
        }
        current = exchange
        if let error = exchange.pendingError, head.framing != .none {
            // We will not use the body: answer now and close instead of reading bytes we would throw away.
            respond(error, head: head, requestID: requestID, forceClose: true)
            return
        }
        if head.expectsContinue, head.framing != .none, inputStart == input.count {
            output.append(contentsOf: "HTTP/1.1 100 Continue\r\n\r\n".utf8)
        }
    }

    /// Body complete: run the handler (or send the error decided at the head).
    private func handle(body: [UInt8]) {
        guard var exchange = current else { return }
        exchange.bodyBytes = body.count
        current = exchange
        if let error = exchange.pendingError {
            respond(error, head: exchange.head, requestID: exchange.requestID, forceClose: false)
            return
        }
        guard let match = exchange.match else { return }
        let request = HTTPRequest(head: exchange.head, body: body, pathParameters: match.parameters, requestID: exchange.requestID,
                                  peer: peer)
        phase = .processing
        switch match.route.handler {
        case .sync(let handler):
            let response: HTTPResponse
            do { response = try handler(request) } catch { response = server.response(for: error, requestID: exchange.requestID) }
            respond(response, head: exchange.head, requestID: exchange.requestID, forceClose: false)
        case .async(let handler):
            inFlight = true
            pauseReading()
            let server = self.server
            handlerTask = Task { [self] in
                let response: HTTPResponse
                do { response = try await handler(request) } catch {
                    response = server.response(for: error, requestID: request.requestID)
                }
                worker.execute { self.completeAsync(response) }
            }
        }
    }

    /// Back on the worker thread with an async handler's response.
    func completeAsync(_ response: HTTPResponse) {
        inFlight = false
        handlerTask = nil
        guard !closed, let exchange = current else { return }
        respond(response, head: exchange.head, requestID: exchange.requestID, forceClose: peerClosed)
        if !closeAfterFlush { resumeReading() }
        process()
        flush()
    }

    /// Answers `error` for the current exchange (if any) and closes after the response. After a parse error the
    /// stream position is unknown, so the connection cannot be reused.
    private func reject(_ error: HTTPParseError) {
        let exchange = current
        respond(error.response, head: exchange?.head, requestID: exchange?.requestID ?? server.requestIDs.next(), forceClose: true)
    }

    /// The shared body budget is spent: 503 with `Retry-After`, and close without reading the body.
    private func rejectBusy() {
        let exchange = current
        var response = HTTPResponse.error(status: 503, code: HTTPServerError.unavailable.code,
                                          message: "The server is holding too many request bodies; retry shortly.")
        response.headers.add("Retry-After", "1")
        server.bodyBudgetRefused()
        respond(response, head: exchange?.head, requestID: exchange?.requestID ?? server.requestIDs.next(), forceClose: true)
    }

    /// Queues `response` for writing, reports it, and decides whether the connection stays open.
    func respond(_ response: HTTPResponse, head: HTTPRequestHead?, requestID: String, forceClose: Bool) {
        releaseBody()
        let keepAlive = !forceClose && (head?.keepAlive ?? false) && !server.isDraining
        let bytes = server.encoder.encode(
            response, method: head?.method, acceptsGzip: head?.acceptsGzip ?? false, version: head?.version ?? .http1_1,
            requestID: requestID, keepAlive: keepAlive, date: worker.dateLine, into: &output)
        let now = DispatchTime.now().uptimeNanoseconds
        let started = current?.started ?? now
        server.report(
            head: head, route: current?.match?.route, status: response.status.code, requestBytes: current?.bodyBytes ?? 0,
            responseBytes: bytes, nanoseconds: now >= started ? now - started : 0, requestID: requestID)
        current = nil
        if keepAlive {
            phase = .idle(since: now)
        } else {
            closeAfterFlush = true
        }
    }
}
