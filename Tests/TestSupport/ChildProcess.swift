import Foundation
import Synchronization

/// A child process for the tests, started with posix_spawn, instead of Foundation's `Process`.
///
/// Foundation's `Process.run` on Linux crashes now and then (SIGSEGV in `memmove`, "Bad pointer dereference" at a
/// page boundary). To close the parent's descriptors in the child, it lists `/proc/self/fd` and copies each
/// record's whole 256-byte `d_name`, and that copy can read past the end of glibc's `readdir` buffer
/// (swift-corelibs-foundation #5472, merged 2026-05, not in the 6.3.1 toolchain). The full suite hit it twice in a
/// row in `ServeProcessTests`. This type lists the descriptors with `FileManager` (which reads only the name's
/// bytes) and closes the same ones: every descriptor from 3 up, so a child never holds a test's listening
/// socket or database file open.
///
/// `PostgresCommand` runs PostgreSQL's tools through it too.
///
/// stdout and stderr are pipes the caller reads (`stdout`, `stderr`), `/dev/null` or this process's own; stdin is
/// `/dev/null`. The child gets its own process group, as under `Process`.
package final class ChildProcess: Sendable {
    /// Where one of the child's output streams goes.
    package enum Output: Sendable { case pipe, discard, inherit }

    package let processIdentifier: pid_t
    /// Read ends of the child's stdout and stderr (nil unless that stream is `.pipe`).
    package let stdout: FileHandle?
    package let stderr: FileHandle?
    /// The raw `waitpid` status, once reaped.
    private let reaped = Mutex<Int32?>(nil)

    /// Starts `executable` with `arguments` and exactly `environment` (nil: this process's environment).
    package init(executable: String, _ arguments: [String], environment: [String: String]? = nil,
                 stdout out: Output = .pipe, stderr err: Output = .pipe) throws {
        let captureStdout = out == .pipe, captureStderr = err == .pipe
        var outPipe: [Int32] = [-1, -1], errPipe: [Int32] = [-1, -1]
        func closeAll() { for fd in outPipe + errPipe where fd >= 0 { close(fd) } }
        if captureStdout { guard pipe(&outPipe) == 0 else { throw ChildProcessError("pipe failed: errno \(errno)") } }
        if captureStderr {
            guard pipe(&errPipe) == 0 else { closeAll(); throw ChildProcessError("pipe failed: errno \(errno)") }
        }
        // Close-on-exec: only the child's 1 and 2 (dup2 clears the flag) get them, never a grandchild.
        for fd in outPipe + errPipe where fd >= 0 { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        switch out {
        case .pipe: posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        case .discard: posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        case .inherit: break
        }
        switch err {
        case .pipe: posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        case .discard: posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        case .inherit: break
        }
        // Every other descriptor open now, closed in the child (glibc ignores a close action whose descriptor has
        // been closed meanwhile; it fails only for one out of range).
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd"))?.compactMap { Int32($0) } ?? []
        for fd in open.sorted() where fd > 2 { posix_spawn_file_actions_addclose(&actions, fd) }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))

        let env = environment ?? ProcessInfo.processInfo.environment
        let argv = [executable] + arguments
        let cArgs = argv.map { strdup($0) } + [nil]
        let cEnv = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { cArgs.forEach { free($0) }; cEnv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, &attributes, cArgs, cEnv)
        for fd in [outPipe[1], errPipe[1]] where fd >= 0 { close(fd) }
        guard spawned == 0 else {
            for fd in [outPipe[0], errPipe[0]] where fd >= 0 { close(fd) }
            throw ChildProcessError("cannot run \(executable): errno \(spawned)")
        }
        processIdentifier = pid
        stdout = captureStdout ? FileHandle(fileDescriptor: outPipe[0], closeOnDealloc: true) : nil
        stderr = captureStderr ? FileHandle(fileDescriptor: errPipe[0], closeOnDealloc: true) : nil
    }

    /// Whether the child has not exited yet (reaps it, without blocking, if it has).
    package var isRunning: Bool {
        if reaped.withLock({ $0 }) != nil { return false }
        var status: Int32 = 0
        let r = waitpid(processIdentifier, &status, WNOHANG)
        if r == processIdentifier { reaped.withLock { $0 = status }; return false }
        // -1 (ECHILD): `waitUntilExit` on another thread reaped it a moment ago.
        return r == 0
    }

    /// Blocks until the child exits (call it off the cooperative pool).
    package func waitUntilExit() {
        if reaped.withLock({ $0 }) != nil { return }
        var status: Int32 = 0
        while true {
            let r = waitpid(processIdentifier, &status, 0)
            if r == processIdentifier { reaped.withLock { $0 = status }; return }
            if r < 0 && errno == EINTR { continue }
            // ECHILD: `isRunning` reaped it; its status is recorded.
            return
        }
    }

    /// As `Process.terminationStatus`: the exit status, or the number of the signal that ended the child
    /// (meaningful after `waitUntilExit`).
    package var terminationStatus: Int32 {
        guard let status = reaped.withLock({ $0 }) else { return -1 }
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : status & 0x7f
    }

    /// Whether a signal ended the child (meaningful after `waitUntilExit`).
    package var exitedBySignal: Bool {
        guard let status = reaped.withLock({ $0 }) else { return false }
        return (status & 0x7f) != 0
    }
}

/// A child process that could not be started.
package struct ChildProcessError: Error, CustomStringConvertible {
    package let description: String
    package init(_ description: String) { self.description = description }
}
