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
    /// posix_spawn and waitpid (`ChildProcess`), not Foundation's `Process`: its `waitUntilExit` was seen to hang
    /// forever on a child (runuser) that had exited, its pipes could leak into the daemons that `pg_ctl start`
    /// leaves running, and its `run` can crash on Linux.
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
        // `ChildProcess`: its pipes are close-on-exec and every other descriptor is closed in the child, so none
        // leaks into the daemons `pg_ctl start` leaves running.
        let child: ChildProcess
        do {
            child = try ChildProcess(executable: argv[0], Array(argv.dropFirst()), environment: env)
        } catch {
            throw PostgresClusterError("\(error)")
        }

        // Both pipes are drained concurrently (a full stderr pipe would block the child); a deadline kills it.
        let group = DispatchGroup()
        nonisolated(unsafe) var errData = Data()
        let errHandle = child.stderr!
        DispatchQueue.global().async(group: group) { errData = errHandle.readDataToEndOfFile() }
        let timedOut = NSLock()
        nonisolated(unsafe) var fired = false, reaped = false
        let childPID = child.processIdentifier
        let deadline = DispatchWorkItem {
            timedOut.withLock { if !reaped { fired = true; kill(childPID, SIGKILL) } }
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: deadline)
        let outData = child.stdout!.readDataToEndOfFile()
        group.wait()
        child.waitUntilExit()
        timedOut.withLock { reaped = true }
        deadline.cancel()
        let stderr = String(decoding: errData, as: UTF8.self)
        if timedOut.withLock({ fired }) {
            throw PostgresClusterError("\(name) did not finish within \(timeout) s\n\(stderr)")
        }
        return Output(status: child.exitedBySignal ? 128 + child.terminationStatus : child.terminationStatus,
                      stdout: String(decoding: outData, as: UTF8.self), stderr: stderr)
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
