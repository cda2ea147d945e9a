import Dispatch
import Logging
import Sockets
import Synchronization

/// An HTTP/1.1 server on POSIX sockets: accepts on a Dispatch source, serves on N epoll worker threads, connections confined
/// to one worker each. See `Router` for registering handlers and `HTTPServerConfiguration` for limits.
///
/// ```swift
/// var router = Router()
/// router.get("/hello") { _ in .json(#"{"hi":1}"#) }
/// let server = Server(configuration: config, router: router, logger: logger)
/// let port = try server.start()
/// ...
/// _ = await server.shutdown(gracePeriod: 10)
/// ```
public final class Server: @unchecked Sendable {
    /// The configuration it was started with.
    public let configuration: HTTPServerConfiguration
    let router: Router
    let logger: Logger
    let observer: (any HTTPServerObserver)?
    /// The logger's handler when it writes access-log entries itself (looked up once, not per request).
    let accessLogHandler: (any HTTPAccessLogHandler)?
    let encoder: ResponseEncoder
    let requestIDs = RequestID()
    /// The shared bound on buffered request bodies.
    public let bodyBudget: BodyBudget
    let clients: ClientConnections

    let acceptQueue = DispatchQueue(label: "ampere.http.accept")
    var workers: [EventLoopWorker] = []
    var acceptSource: DispatchSourceRead?
    private var nextWorker = 0
    private let open = Atomic<Int>(0)
    private let cancelled = Atomic<Int>(0)
    private let refusedBodies = Atomic<Int>(0)
    let draining = Atomic<Bool>(false)
    let drainState = Mutex<DrainState>(DrainState())
    private let boundPort = Atomic<Int>(0)
    /// `configuration.maxConnections` clamped to what the descriptor limit allows (set by `start()`).
    private(set) var maxConnections = 0
    /// Consecutive accept failures for lack of descriptors; drives the back-off (accept queue only).
    private var exhaustedAccepts = 0
    /// True while the accept source is suspended by the back-off (accept queue only).
    private var acceptSuspended = false

    struct DrainState {
        var waiters: [@Sendable (Bool) -> Void] = []
        var finished = false
        var forced = false
        /// False from `start()` until the listening descriptor is closed: a drain is reported complete only after
        /// that, so a client connecting after `shutdown` returns is refused rather than accepted and reset.
        var listenerClosed = true
    }

    /// Creates a server; nothing is bound until `start()`.
    public init(
        configuration: HTTPServerConfiguration, router: Router, logger: Logger,
        observer: (any HTTPServerObserver)? = nil
    ) {
        self.configuration = configuration
        self.router = router
        self.logger = logger
        self.observer = observer
        accessLogHandler = logger.handler as? any HTTPAccessLogHandler
        encoder = ResponseEncoder(gzipMinBytes: configuration.gzipMinBytes, gzipLevel: configuration.gzipLevel)
        bodyBudget = BodyBudget(capacity: configuration.bodyBudgetBytes)
        clients = ClientConnections(limit: configuration.maxConnectionsPerClient)
    }

    /// Binds, listens and starts accepting; returns the bound port (useful with port 0).
    @discardableResult
    public func start() throws(SocketError) -> Int {
        Socket.ignoreSIGPIPE()
        maxConnections = Self.connectionBudget(configured: configuration.maxConnections,
                                               descriptorLimit: Socket.raiseDescriptorLimit())
        if maxConnections < configuration.maxConnections {
            logger.warning("max_connections lowered to fit the descriptor limit (RLIMIT_NOFILE)", metadata: [
                "configured": "\(configuration.maxConnections)", "effective": "\(maxConnections)"])
        }
        let (fd, port) = try Socket.listenTCP(host: configuration.host, port: configuration.port, backlog: configuration.backlog)
        boundPort.store(port, ordering: .releasing)
        do {
            workers = try (0..<max(1, configuration.workers)).map { (i) throws(SocketError) in try EventLoopWorker(index: i, server: self) }
        } catch {
            Socket.close(fd)
            throw error
        }
        for worker in workers { worker.start(interval: configuration.timerInterval) }
        drainState.withLock { $0.listenerClosed = false }
        let source = DispatchSource.makeReadSource(fileDescriptor: fd, queue: acceptQueue)
        source.setEventHandler { [self] in self.acceptPending(fd) }  // released when cancelled at shutdown
        // Closing the listener in the cancel handler makes new connection attempts fail (refused) after shutdown.
        source.setCancelHandler { [self] in
            Socket.close(fd)
            drainState.withLock { $0.listenerClosed = true }
            finishDrain(listenerJustClosed: true)
        }
        acceptSource = source
        source.resume()
        logger.info("listening", metadata: ["host": "\(configuration.host)", "port": "\(port)"])
        return port
    }

    /// The bound port (0 before `start()`).
    public var port: Int { boundPort.load(ordering: .acquiring) }

    /// Connections currently open.
    public var openConnections: Int { open.load(ordering: .relaxed) }

    /// True once shutdown began: responses carry `Connection: close` and idle connections are closed.
    public var isDraining: Bool { draining.load(ordering: .relaxed) }

    private func acceptPending(_ listener: Int32) {
        // Bounded batch per event so one flood cannot starve the queue; the level-triggered source fires again.
        for _ in 0..<64 {
            guard !isDraining else { return }
            let accepted: Int32?
            do { accepted = try Socket.accept(listener) } catch {
                if error.isResourceExhaustion { backOffAccepting(error) } else {
                    logger.warning("accept failed", metadata: ["error": "\(error)"])
                }
                return
            }
            guard let fd = accepted else { return }
            exhaustedAccepts = 0
            if open.load(ordering: .relaxed) >= maxConnections {
                rejectOverload(fd, "Too many open connections.")
                continue
            }
            let peer = Socket.peerAddress(fd)
            guard clients.open(peer) else {
                rejectOverload(fd, "Too many open connections from this client.")
                continue
            }
            open.add(1, ordering: .relaxed)
            observer?.connectionOpened()
            do {
                try Socket.setNonBlocking(fd)
                try? Socket.setNoDelay(fd)
            } catch {
                Socket.close(fd)
                clients.close(peer)
                connectionClosed()
                continue
            }
            let worker = workers[nextWorker]
            nextWorker = (nextWorker + 1) % workers.count
            worker.execute { worker.adopt(fd: fd, peer: peer) }
        }
    }

    /// Out of descriptors (EMFILE and kin): the listener stays readable, so a level-triggered source would fire
    /// again at once and spin a core. Suspend it for 10 ms doubling to 1 s, and log the first failure of a run.
    private func backOffAccepting(_ error: SocketError) {
        guard let source = acceptSource else { return }
        exhaustedAccepts += 1
        if exhaustedAccepts == 1 {
            logger.error("accept: out of descriptors; backing off", metadata: [
                "error": "\(error)", "open_connections": "\(openConnections)"])
        }
        let delayMs = min(1_000, 10 << min(exhaustedAccepts - 1, 7))
        source.suspend()
        acceptSuspended = true
        acceptQueue.asyncAfter(deadline: .now() + .milliseconds(delayMs)) { [self] in resumeAccepting() }
    }

    /// Ends a back-off suspension, if one is in force (accept queue only).
    func resumeAccepting() {
        guard acceptSuspended else { return }
        acceptSuspended = false
        acceptSource?.resume()
    }

    /// The connection limit that still leaves descriptors for everything else the process opens (database,
    /// snapshots, model files, LLM calls, epoll; about 25 at rest): a quarter of the limit, at least 32 and at
    /// most 256, is kept back.
    public static func connectionBudget(configured: Int, descriptorLimit: Int?) -> Int {
        guard let limit = descriptorLimit, limit < Int.max else { return configured }
        let reserve = min(256, max(32, limit / 4))
        return max(1, min(configured, limit - reserve))
    }

    /// Over the connection limit: a best-effort 503 and an immediate close, without spending a worker on it.
    private func rejectOverload(_ fd: Int32, _ message: String) {
        var bytes: [UInt8] = []
        _ = encoder.encode(
            HTTPResponse.error(status: 503, code: HTTPServerError.unavailable.code, message: message),
            method: nil, acceptsGzip: false, version: .http1_1, requestID: requestIDs.next(), keepAlive: false,
            date: ResponseEncoder.dateLine(Int(DispatchTime.now().uptimeNanoseconds / 1_000_000_000)), into: &bytes)
        try? Socket.setNonBlocking(fd)
        _ = try? bytes.withUnsafeBytes { try Socket.send(fd, $0) }
        Socket.close(fd)
    }

    func bodyBudgetRefused() {
        refusedBodies.add(1, ordering: .relaxed)
        observer?.bodyBudgetRefused()
    }

    /// Requests refused because the shared body budget was spent, since start.
    public var bodyBudgetRefusals: Int { refusedBodies.load(ordering: .relaxed) }

    func handlerCancelled() {
        cancelled.add(1, ordering: .relaxed)
        observer?.handlerCancelled()
    }

    /// Async handlers cancelled because their client hung up, since start.
    public var cancelledHandlers: Int { cancelled.load(ordering: .relaxed) }

    func connectionClosed() {
        let remaining = open.subtract(1, ordering: .relaxed).newValue
        observer?.connectionClosed()
        if remaining == 0 && isDraining { finishDrain() }
    }
}
