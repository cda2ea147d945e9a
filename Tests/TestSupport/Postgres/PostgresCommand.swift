import Foundation

/// A failure of the PostgreSQL test harness: which command, its exit status and what it printed.
package struct PostgresClusterError: Error, CustomStringConvertible {
    package let description: String
    package init(_ description: String) { self.description = description }
}

/// Runs PostgreSQL's command-line tools for `PostgresCluster`: directly, or as the `postgres` user when the tests
/// run as root (initdb and the server refuse root). Each run has a deadline; a command past it is terminated.
enum PostgresCommand {
    struct Output {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// True when this process runs as root, so server-side commands go through `runuser -u postgres --`.
    static var asRoot: Bool { geteuid() == 0 }

    static let runuser: String? = ["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// uid and gid of the `postgres` user, or nil when there is none.
    static let postgresUser: (uid: uid_t, gid: gid_t)? = {
        guard let entry = getpwnam("postgres") else { return nil }
        return (entry.pointee.pw_uid, entry.pointee.pw_gid)
    }()

    /// Runs `executable arguments` (as `postgres` when `server` and root) in `directory`; waits at most `timeout`.
    ///
    /// posix_spawn and waitpid, not Foundation's `Process`: its `waitUntilExit` was seen to hang forever on a child
    /// (runuser) that had exited, and its pipes could leak into the daemons that `pg_ctl start` leaves running.
    static func run(_ executable: String, _ arguments: [String], server: Bool = false, directory: String,
                    environment: [String: String] = [:], timeout: Double = 60) throws -> Output {
        var argv: [String]
        if server && asRoot {
            guard let runuser else { throw PostgresClusterError("running as root and runuser is missing") }
            argv = [runuser, "-u", "postgres", "--", executable] + arguments
        } else {
            argv = [executable] + arguments
        }
        var env = ProcessInfo.processInfo.environment
        for key in env.keys where key.hasPrefix("PG") { env[key] = nil }  // no stray PGHOST, PGPORT, PGDATABASE...
        env.merge(environment) { _, new in new }
        env["LC_ALL"] = "C"
        argv = ["/usr/bin/env", "--chdir=\(directory)"] + argv  // posix_spawn has no portable chdir action
        let name = "\((executable as NSString).lastPathComponent) \(arguments.joined(separator: " "))"

        // Pipes are close-on-exec: only the child's 1 and 2 (dup2 clears the flag) get them, never a grandchild.
        var outPipe: [Int32] = [-1, -1], errPipe: [Int32] = [-1, -1]
        guard pipe(&outPipe) == 0 else { throw PostgresClusterError("pipe failed: errno \(errno)") }
        guard pipe(&errPipe) == 0 else {
            close(outPipe[0]); close(outPipe[1])
            throw PostgresClusterError("pipe failed: errno \(errno)")
        }
        for fd in outPipe + errPipe { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        let cArgs = argv.map { strdup($0) } + [nil]
        let cEnv = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { cArgs.forEach { free($0) }; cEnv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, argv[0], &actions, nil, cArgs, cEnv)
        close(outPipe[1]); close(errPipe[1])
        guard spawned == 0 else {
            close(outPipe[0]); close(errPipe[0])
            throw PostgresClusterError("cannot run \(argv[0]): errno \(spawned)")
        }

        // Both pipes are drained concurrently (a full stderr pipe would block the child); a deadline kills it.
        let group = DispatchGroup()
        nonisolated(unsafe) var errData = Data()
        let errFD = errPipe[0]
        DispatchQueue.global().async(group: group) { errData = readAll(errFD) }
        let timedOut = NSLock()
        nonisolated(unsafe) var fired = false, reaped = false
        let childPID = pid
        let deadline = DispatchWorkItem {
            timedOut.withLock { if !reaped { fired = true; kill(childPID, SIGKILL) } }
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: deadline)
        let outData = readAll(outPipe[0])
        group.wait()
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        timedOut.withLock { reaped = true }
        deadline.cancel()
        close(outPipe[0]); close(errPipe[0])
        let stderr = String(decoding: errData, as: UTF8.self)
        if timedOut.withLock({ fired }) {
            throw PostgresClusterError("\(name) did not finish within \(timeout) s\n\(stderr)")
        }
        let exited = (status & 0x7f) == 0
        return Output(status: exited ? (status >> 8) & 0xff : 128 + (status & 0x7f),
                      stdout: String(decoding: outData, as: UTF8.self), stderr: stderr)
    }

    /// Reads `fd` to end of file.
    private static func readAll(_ fd: Int32) -> Data {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n > 0 { data.append(contentsOf: buffer[0..<n]) } else if n == 0 || errno != EINTR { break }
        }
        return data
    }

    /// Like `run`, but a non-zero exit status throws with the command line and its stderr.
    @discardableResult
    static func check(_ executable: String, _ arguments: [String], server: Bool = false, directory: String,
                      environment: [String: String] = [:], timeout: Double = 60) throws -> String {
        let result = try run(executable, arguments, server: server, directory: directory, environment: environment,
                             timeout: timeout)
        guard result.status == 0 else {
            throw PostgresClusterError("\((executable as NSString).lastPathComponent) \(arguments.joined(separator: " ")) "
                                       + "exited \(result.status):\n\(result.stderr)\(result.stdout)")
        }
        return result.stdout
    }

    /// A TCP port on 127.0.0.1 that was free a moment ago (bound to port 0, then released).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw PostgresClusterError("socket() failed: errno \(errno)") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw PostgresClusterError("bind() failed: errno \(errno)") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { throw PostgresClusterError("getsockname() failed: errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Polls `condition` every 20 ms until it holds; throws after `timeout` seconds, naming `what`.
    /// (A condition wait, not a fixed sleep: it returns as soon as the condition holds.)
    static func wait(for what: String, timeout: Double = 30, _ condition: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(timeout)
        var lastError: (any Error)?
        while true {
            do {
                if try condition() { return }
            } catch {
                lastError = error
            }
            if Date() > deadline {
                throw PostgresClusterError("timed out after \(timeout) s waiting for \(what)"
                                           + (lastError.map { ": \($0)" } ?? ""))
            }
            usleep(20_000)
        }
    }
}
