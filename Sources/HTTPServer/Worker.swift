import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// One serial queue and the connections confined to it, plus the scratch read buffer and timer they share.
///
/// Every mutable field here and in its connections is touched only on `queue`; that is the whole locking story.
final class Worker: @unchecked Sendable {
    let queue: DispatchQueue
    unowned let server: HTTPServer
    var connections: [ObjectIdentifier: Connection] = [:]
    /// One read buffer per worker instead of per connection: 10k idle connections cost no buffer memory.
    let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
    private var timer: DispatchSourceTimer?
    private var dateSecond = -1
    private var dateBytes: [UInt8] = []

    init(index: Int, server: HTTPServer) {
        // Untargeted serial queues get their own (overcommit) threads, so a busy worker never starves another.
        queue = DispatchQueue(label: "ampere.http.worker.\(index)")
        self.server = server
    }

    deinit { scratch.deallocate() }

    /// Starts the deadline sweep.
    func start(interval: Double) {
        let t = DispatchSource.makeTimerSource(queue: queue)
        let nanos = max(1_000_000, Int(interval * 1e9))
        t.schedule(deadline: .now() + .nanoseconds(nanos), repeating: .nanoseconds(nanos), leeway: .nanoseconds(nanos / 10))
        t.setEventHandler { [unowned self] in self.sweep() }
        t.resume()
        timer = t
    }

    func stop() {
        timer?.cancel()
        timer = nil
    }

    /// Adopts an accepted descriptor (on `queue`).
    func adopt(fd: Int32) {
        let connection = Connection(fd: fd, worker: self)
        connections[ObjectIdentifier(connection)] = connection
        connection.start()
    }

    func forget(_ connection: Connection) {
        connections.removeValue(forKey: ObjectIdentifier(connection))
    }

    /// Closes connections whose deadline passed.
    func sweep() {
        let now = DispatchTime.now().uptimeNanoseconds
        for connection in Array(connections.values) { connection.checkTimeout(now: now) }
    }

    /// Shutdown: closes idle connections now; busy ones close after their current response.
    func drain() {
        for connection in Array(connections.values) { connection.drainIfIdle() }
    }

    /// Shutdown deadline passed: close everything.
    func closeAll() {
        for connection in Array(connections.values) { connection.close() }
    }

    /// The `Date:` header line, regenerated at most once per second.
    var dateLine: [UInt8] {
        let now = time(nil)
        if now != dateSecond {
            dateSecond = now
            dateBytes = ResponseEncoder.dateLine(now)
        }
        return dateBytes
    }
}
