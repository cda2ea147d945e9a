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

    let acceptQueue = DispatchQueue(label: "ampere.http.accept")
    var workers: [EventLoopWorker] = []
    var acceptSource: DispatchSourceRead?
    private var nextWorker = 0
    private let open = Atomic<Int>(0)
    let draining = Atomic<Bool>(false)
    let drainState = Mutex<DrainState>(DrainState())
    private let boundPort = Atomic<Int>(0)

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
    }

    /// Binds, listens and starts accepting; returns the bound port (useful with port 0).
    @discardableResult
    public func start() throws(SocketError) -> Int {
        Socket.ignoreSIGPIPE()
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
                logger.warning("accept failed", metadata: ["error": "\(error)"])
                return
            }
            guard let fd = accepted else { return }
            if open.load(ordering: .relaxed) >= configuration.maxConnections {
                rejectOverload(fd)
                continue
            }
            open.add(1, ordering: .relaxed)
            observer?.connectionOpened()
            do {
                try Socket.setNonBlocking(fd)
                try? Socket.setNoDelay(fd)
            } catch {
                Socket.close(fd)
                connectionClosed()
                continue
            }
            let worker = workers[nextWorker]
            nextWorker = (nextWorker + 1) % workers.count
            worker.execute { worker.adopt(fd: fd) }
        }
    }

    /// Over the connection limit: a best-effort 503 and an immediate close, without spending a worker on it.
    private func rejectOverload(_ fd: Int32) {
        var bytes: [UInt8] = []
        _ = encoder.encode(
            HTTPResponse.error(status: 503, code: HTTPServerError.unavailable.code, message: "Too many open connections."),
            method: nil, acceptsGzip: false, version: .http1_1, requestID: requestIDs.next(), keepAlive: false,
            date: ResponseEncoder.dateLine(Int(DispatchTime.now().uptimeNanoseconds / 1_000_000_000)), into: &bytes)
        try? Socket.setNonBlocking(fd)
        _ = try? bytes.withUnsafeBytes { try Socket.send(fd, $0) }
        Socket.close(fd)
    }

    func connectionClosed() {
        let remaining = open.subtract(1, ordering: .relaxed).newValue
        observer?.connectionClosed()
        if remaining == 0 && isDraining { finishDrain() }
    }
}
