import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Waits for SIGTERM or SIGINT without letting either kill the process, so the service can drain first.
package enum ShutdownSignals {
    /// Blocks the calling thread until one of `signals` arrives; returns it. Call from the main thread only.
    package static func wait(for signals: [Int32] = [SIGTERM, SIGINT]) -> Int32 {
        let received = DispatchSemaphoreBox()
        let queue = DispatchQueue(label: "ampere.signals")
        // Keep the sources alive until we return: an unreferenced DispatchSource never fires.
        let sources = signals.map { sig -> any DispatchSourceSignal in
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: queue)
            source.setEventHandler { received.signal(code: sig) }
            source.resume()
            return source
        }
        let sig = received.waitCode()
        sources.forEach { $0.cancel() }
        return sig
    }
}

/// A semaphore carrying one value from a callback to a blocked thread.
final class DispatchSemaphoreBox: Sendable {
    private let semaphore = DispatchSemaphore(value: 0)
    private let value = Mutex<(Bool, Int32)>((false, 0))

    func signal(_ ok: Bool) {
        value.withLock { $0.0 = ok }
        semaphore.signal()
    }

    func signal(code: Int32) {
        value.withLock { $0.1 = code }
        semaphore.signal()
    }

    func wait() -> Bool {
        semaphore.wait()
        return value.withLock { $0.0 }
    }

    func waitCode() -> Int32 {
        semaphore.wait()
        return value.withLock { $0.1 }
    }
}
