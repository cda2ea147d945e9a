#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Synchronization

/// An exclusive `flock` on `<data.dir>/ampere.lock`, held by `serve`, `import --data-dir` and `eval --data-dir`
/// for as long as they run.
///
/// Two processes on one directory each apply only their own writes to their own graph and snapshot over each
/// other's, so products written by one stay readable but drop out of the other's vector search for good. The lock
/// refuses the second process at start. The kernel drops the lock when its holder exits, killed or not, so no
/// stale lock outlives a crash; the file's text (pid, command, start time) only names the holder in the refusal.
package final class DataDirectoryLock: Sendable {
    /// The lock file's name inside the data directory.
    package static let fileName = "ampere.lock"

    private let descriptor = Mutex<Int32>(-1)

    /// An unheld lock; `acquire` takes it.
    package init() {}

    deinit { release() }

    /// Takes the lock on `directory` without waiting; throws `.dataDirectoryInUse` naming the holder when another
    /// process (or another open of it in this one) has it. `command` goes into the file, e.g. "ampere serve".
    package func acquire(directory: String, command: String) throws(StartupError) {
        let path = directory + "/" + Self.fileName
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .dataDirectory(path: directory, reason: "cannot open \(Self.fileName): \(Self.errorText())") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let busy = errno == EWOULDBLOCK
            let reason = Self.errorText()
            let holder = Self.readHolder(fd)
            close(fd)
            if busy { throw .dataDirectoryInUse(path: directory, holder: holder) }
            throw .dataDirectory(path: directory, reason: "cannot lock \(Self.fileName): \(reason)")
        }
        let stamp = ISO8601DateFormatter().string(from: Date())
        let text = Array("pid \(getpid()), \(command), since \(stamp)\n".utf8)
        _ = ftruncate(fd, 0)
        _ = text.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        descriptor.withLock { held in
            if held >= 0 { close(held) }
            held = fd
        }
    }

    /// True while this value holds the lock.
    package var isHeld: Bool { descriptor.withLock { $0 >= 0 } }

    /// Lets the lock go (closing the descriptor drops the `flock`); safe to call twice. The file stays, so a
    /// later holder reuses it.
    package func release() {
        descriptor.withLock { held in
            if held >= 0 { close(held) }
            held = -1
        }
    }

    /// The holder's line from the lock file, or a stand-in when it is empty (a holder between open and write).
    private static func readHolder(_ fd: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 512)
        let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        let text = n > 0 ? String(decoding: buffer[..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) : ""
        return text.isEmpty ? "another process" : text
    }

    private static func errorText() -> String { String(cString: strerror(errno)) }
}
