import Dispatch
import Sockets
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// One event loop: an epoll instance on its own thread, the connections confined to it, and the scratch read
/// buffer they share.
///
/// A Dispatch read source per connection costs a hand-off from libdispatch's epoll thread to a queue thread for
/// every event; here the thread that waits is the thread that reads, parses and writes, and one wake-up serves
/// every ready connection (measured: see scripts/bench-http). Every mutable field here and in the connections is
/// touched only on the loop thread; other threads talk to it through `execute`.
final class EventLoopWorker: @unchecked Sendable {
    /// Strong on purpose: a late async completion or drain task may run after the owner dropped the server;
    /// the cycle is broken when the drain finishes (`HTTPServer.finishDrain` releases its workers).
    let server: Server
    let epoll: Epoll
    /// Indexed by descriptor (descriptors are small and reused), so an event costs no hashing.
    private var slots: [Connection?] = []
    private var live = 0
    /// One read buffer per worker instead of per connection: 10k idle connections cost no buffer memory.
    let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
    private let label: String
    private let tasks = Mutex<[@Sendable () -> Void]>([])
    private let running = Atomic<Bool>(true)
    private var dateSecond = -1
    private var dateBytes: [UInt8] = []

    init(index: Int, server: Server) throws(SocketError) {
        self.server = server
        epoll = try Epoll()
        label = "ampere.http.worker.\(index)"
    }

    deinit { scratch.deallocate() }

    /// Starts the loop on its own thread (an untargeted serial queue gets a dedicated overcommit thread).
    func start(interval: Double) {
        let milliseconds = Int32(max(1, min(1000, interval * 1000)))
        DispatchQueue(label: label).async { self.loop(tickMilliseconds: milliseconds) }
    }

    /// Runs `task` on the loop thread (from any thread).
    func execute(_ task: @escaping @Sendable () -> Void) {
        tasks.withLock { $0.append(task) }
        epoll.wake()
    }

    /// Ends the loop after the current iteration.
    func stop() {
        running.store(false, ordering: .relaxed)
        epoll.wake()
    }

    private func loop(tickMilliseconds: Int32) {
        var lastSweep = DispatchTime.now().uptimeNanoseconds
        let tick = UInt64(tickMilliseconds) * 1_000_000
        while running.load(ordering: .relaxed) {
            epoll.wait(timeoutMilliseconds: tickMilliseconds) { fd, events in
                if fd == epoll.wakeFD {
                    epoll.drainWakeups()
                    runTasks()
                    return
                }
                guard fd >= 0, Int(fd) < slots.count, let connection = slots[Int(fd)] else { return }
                if !events.isDisjoint(with: [.input, .error, .hangup]) {
                    connection.onReadable()
                } else if events.contains(.peerHangup) {
                    connection.onPeerHangup()
                }
                if events.contains(.output), !connection.closed { connection.flush() }
            }
            let now = DispatchTime.now().uptimeNanoseconds
            if now &- lastSweep >= tick {
                lastSweep = now
                sweep(now: now)
            }
        }
        runTasks()
        for connection in connections { connection.close() }
    }

    /// The open connections (a copy: closing one while iterating is fine).
    private var connections: [Connection] {
        guard live > 0 else { return [] }
        return slots.compactMap { $0 }
    }

    private func runTasks() {
        let pending = tasks.withLock { t -> [@Sendable () -> Void] in
            defer { t.removeAll(keepingCapacity: true) }
            return t
        }
        for task in pending { task() }
    }

    /// Adopts an accepted descriptor.
    func adopt(fd: Int32, peer: String) {
        let connection = Connection(fd: fd, peer: peer, worker: self)
        let index = Int(fd)
        if index >= slots.count { slots.append(contentsOf: repeatElement(nil, count: max(index + 1 - slots.count, slots.count))) }
        if slots[index] == nil { live += 1 }
        slots[index] = connection
        connection.start()
    }

    func forget(_ connection: Connection) {
        let index = Int(connection.fd)
        guard index < slots.count, slots[index] === connection else { return }
        slots[index] = nil
        live -= 1
    }

    /// Closes connections whose deadline passed.
    func sweep(now: UInt64) {
        for connection in connections { connection.checkTimeout(now: now) }
    }

    /// Shutdown: closes idle connections now; busy ones close after their current response.
    func drain() {
        for connection in connections { connection.drainIfIdle() }
    }

    /// Shutdown deadline passed: close everything.
    func closeAll() {
        for connection in connections { connection.close() }
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
