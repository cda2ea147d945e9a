import Foundation

/// Real PostgreSQL servers for tests: a primary and (by default) a streaming hot standby made with
/// `pg_basebackup -R`, on 127.0.0.1 and free ports, in a scratch directory that `stop()` removes.
///
/// The failover of issue 15's CI variant, without Patroni: `killPrimary()` (SIGKILL of the postmaster and its
/// children) then `promoteStandby()` (`pg_promote()`); `writeURL` lists both hosts with
/// `target_session_attrs=read-write`, so a libpq client finds whichever is the primary now. With `synchronous: true`
/// the primary waits for the standby's flush before a commit returns (`synchronous_standby_names='*'`), so every
/// acknowledged commit survives the promote.
///
/// ```swift
/// if let reason = PostgresCluster.availability { print(reason); return }   // or .enabled(if:) on the suite
/// let pg = try PostgresCluster.start()
/// defer { pg.stop() }
/// try pg.sql("CREATE TABLE t (id int)")
/// ```
///
/// Every call blocks the calling thread on child processes (start takes about 1-3 s). From an async test, wrap the
/// calls in `PostgresCluster.blocking { ... }` so they run on a private thread, not the cooperative pool.
/// As root (CI) the servers run as the `postgres` user through `runuser`, since `initdb` refuses root.
package final class PostgresCluster: @unchecked Sendable {
    /// The database the harness creates (and the URLs name).
    package let database = "ampere"
    /// The scratch directory holding the data directories and the server logs.
    package let directory: String
    /// The port of the server started as the primary (fixed: after a promote it is still the old primary's port).
    package let primaryPort: Int
    /// The port of the standby. Without a standby (`standby: false`) a port nothing listens on, and the URLs list
    /// only the primary.
    package let standbyPort: Int
    /// Whether a standby was started.
    package let hasStandby: Bool

    private let lock = NSLock()
    private var running: Set<Int> = []
    private var currentPrimary: Int
    private var stopped = false

    /// The directory with `initdb`, `pg_ctl`, `postgres`, `pg_basebackup`, `psql`, `pg_isready`: `AMPERE_PG_BINDIR`,
    /// else `pg_config --bindir`, else /usr/lib/postgresql/{17,16,15}/bin. Nil when none has them all.
    package static let binDirectory: String? = {
        var candidates: [String] = []
        if let env = ProcessInfo.processInfo.environment["AMPERE_PG_BINDIR"], !env.isEmpty { candidates.append(env) }
        for config in ["/usr/bin/pg_config", "/usr/lib/postgresql/15/bin/pg_config"]
        where FileManager.default.isExecutableFile(atPath: config) {
            if let out = try? PostgresCommand.run(config, ["--bindir"], directory: "/", timeout: 10), out.status == 0 {
                candidates.append(out.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
            }
        }
        candidates += ["17", "16", "15"].map { "/usr/lib/postgresql/\($0)/bin" }
        return candidates.first { dir in requiredTools.allSatisfy { FileManager.default.isExecutableFile(atPath: dir + "/" + $0) } }
    }()

    private static let requiredTools = ["initdb", "pg_ctl", "postgres", "pg_basebackup", "psql", "pg_isready"]

    /// Nil when real servers can be started here; otherwise why not (for a test's skip message).
    package static var availability: String? {
        guard binDirectory != nil else {
            return "PostgreSQL server binaries (\(requiredTools.joined(separator: ", "))) not found in "
                + "pg_config --bindir or /usr/lib/postgresql/15/bin: apt-get install -y postgresql-15 (or set AMPERE_PG_BINDIR)"
        }
        if PostgresCommand.asRoot {
            if PostgresCommand.postgresUser == nil { return "running as root and there is no postgres user to run initdb as" }
            if PostgresCommand.runuser == nil { return "running as root and runuser (util-linux) is missing" }
        }
        return nil
    }

    /// libpq conninfo over both servers that connects to whichever is the primary (writes).
    package var writeURL: String { url(attrs: "read-write") }
    /// libpq conninfo over both servers that prefers the standby (the replica feed).
    package var readURL: String { url(attrs: "prefer-standby") }

    /// The port of the current primary: `primaryPort`, or `standbyPort` after `promoteStandby()`.
    package var leaderPort: Int { lock.withLock { currentPrimary } }

    /// Conninfo of one server (no failover), e.g. for a client that must talk to the standby.
    package func url(port: Int) -> String {
        "host=127.0.0.1 port=\(port) dbname=\(database) user=postgres connect_timeout=2"
    }

    private func url(attrs: String) -> String {
        let ports = hasStandby ? "\(primaryPort),\(standbyPort)" : "\(primaryPort)"
        let hosts = hasStandby ? "127.0.0.1,127.0.0.1" : "127.0.0.1"
        return "host=\(hosts) port=\(ports) dbname=\(database) user=postgres target_session_attrs=\(attrs) connect_timeout=2"
    }

    private init(directory: String, primaryPort: Int, standbyPort: Int, hasStandby: Bool) {
        self.directory = directory
        self.primaryPort = primaryPort
        self.standbyPort = standbyPort
        self.hasStandby = hasStandby
        currentPrimary = primaryPort
    }

    deinit { stop() }

    // MARK: Start

    /// Starts a primary (`initdb --auth=trust --data-checksums`, database `ampere`) and, with `standby`, a hot
    /// standby streaming from a physical slot; with `synchronous` (and a standby) commits wait for the standby.
    /// `settings` are extra postgresql.conf lines for both servers (name → value, written as `name = 'value'`).
    /// Returns once the primary accepts connections and the standby is streaming (sync when `synchronous`).
    package static func start(standby: Bool = true, synchronous: Bool = true,
                              settings: [String: String] = [:]) throws -> PostgresCluster {
        if let reason = availability { throw PostgresClusterError(reason) }
        let directory = try makeScratchDirectory()
        let cluster = PostgresCluster(directory: directory, primaryPort: try PostgresCommand.freePort(),
                                      standbyPort: try PostgresCommand.freePort(), hasStandby: standby)
        do {
            try cluster.startPrimary(settings: settings)
            if standby { try cluster.startStandby(synchronous: synchronous, settings: settings) }
        } catch {
            cluster.stop()
            throw error
        }
        return cluster
    }

    private static func makeScratchDirectory() throws -> String {
        var bases = [NSTemporaryDirectory()]
        if PostgresCommand.asRoot { bases.append("/tmp") }  // postgres must be able to reach it
        for base in bases {
            var template = Array("\(base.hasSuffix("/") ? String(base.dropLast()) : base)/ampere-pg-XXXXXX".utf8CString)
            guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else { continue }
            let path = String(cString: made)
            guard PostgresCommand.asRoot, let user = PostgresCommand.postgresUser else { return path }
            chown(path, user.uid, user.gid)
            if let probe = try? PostgresCommand.run("/usr/bin/test", ["-w", path, "-a", "-x", path], server: true,
                                                    directory: "/", timeout: 10), probe.status == 0 {
                return path
            }
            try? FileManager.default.removeItem(atPath: path)
        }
        throw PostgresClusterError("no scratch directory the postgres user can write (tried \(bases))")
    }

    private func tool(_ name: String) -> String { PostgresCluster.binDirectory! + "/" + name }
    private func dataDirectory(_ port: Int) -> String { directory + (port == primaryPort ? "/primary" : "/standby") }
    private func logFile(_ port: Int) -> String { directory + (port == primaryPort ? "/primary.log" : "/standby.log") }

    private func startPrimary(settings: [String: String]) throws {
        let data = dataDirectory(primaryPort)
        try PostgresCommand.check(tool("initdb"), ["-D", data, "--auth=trust", "--data-checksums", "-U", "postgres",
                                                   "--encoding=UTF8", "--locale=C", "--no-sync"],
                                  server: true, directory: directory, timeout: 120)
        var conf: [(String, String)] = [
            ("listen_addresses", "127.0.0.1"), ("port", "\(primaryPort)"), ("unix_socket_directories", ""),
            ("wal_level", "replica"), ("max_wal_senders", "10"), ("max_replication_slots", "10"),
            ("hot_standby", "on"), ("hot_standby_feedback", "on"), ("wal_log_hints", "on"), ("wal_keep_size", "64MB"),
            ("idle_in_transaction_session_timeout", "60s"), ("shared_buffers", "32MB"), ("max_connections", "100"),
            ("synchronous_commit", "on"), ("synchronous_standby_names", ""),  // '*' once the standby streams
        ]
        conf += settings.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        try append(to: data + "/postgresql.conf", conf.map { "\($0.0) = '\($0.1)'" })
        try append(to: data + "/pg_hba.conf", ["host replication all 127.0.0.1/32 trust", "host all all 127.0.0.1/32 trust"])
        try startServer(primaryPort)
        try sql("CREATE DATABASE \(database)", port: primaryPort, database: "postgres")
    }

    private func startStandby(synchronous: Bool, settings: [String: String]) throws {
        let slot = "standby1"
        try sql("SELECT pg_create_physical_replication_slot('\(slot)')", port: primaryPort, database: "postgres")
        let data = dataDirectory(standbyPort)
        try PostgresCommand.check(tool("pg_basebackup"), ["-h", "127.0.0.1", "-p", "\(primaryPort)", "-U", "postgres",
                                                          "-D", data, "-R", "-S", slot, "-X", "stream", "-c", "fast"],
                                  server: true, directory: directory, timeout: 120)
        // The copied postgresql.conf names the primary's port and '*' sync standbys; once promoted, this server has
        // no standby of its own, so it must not wait for one.
        try append(to: data + "/postgresql.conf", ["port = '\(standbyPort)'", "synchronous_standby_names = ''"])
        try startServer(standbyPort)
        if synchronous {  // only now: before the standby streams, every commit (even CREATE DATABASE) would wait
            try sql("ALTER SYSTEM SET synchronous_standby_names = '*'", port: primaryPort, database: "postgres")
            try sql("SELECT pg_reload_conf()", port: primaryPort, database: "postgres")
        }
        let wanted = synchronous ? "sync" : "async"
        try PostgresCommand.wait(for: "the standby on port \(standbyPort) to stream (\(wanted)) from \(primaryPort)") {
            try sql("SELECT sync_state FROM pg_stat_replication WHERE state = 'streaming'", port: primaryPort,
                    database: "postgres") == wanted
        }
    }

    private func append(to file: String, _ lines: [String]) throws {
        guard let handle = FileHandle(forWritingAtPath: file) else { throw PostgresClusterError("cannot open \(file)") }
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(("\n# PostgresCluster (test harness)\n" + lines.joined(separator: "\n") + "\n").utf8))
    }

    private func startServer(_ port: Int) throws {
        let result = try PostgresCommand.run(tool("pg_ctl"), ["-D", dataDirectory(port), "-l", logFile(port), "-w",
                                                              "-t", "60", "start"],
                                             server: true, directory: directory, timeout: 90)
        guard result.status == 0 else {
            throw PostgresClusterError("pg_ctl start on port \(port) exited \(result.status): \(result.stderr)\n"
                                       + "server log:\n\(log(port: port))")
        }
        lock.withLock { _ = running.insert(port) }
        try PostgresCommand.wait(for: "pg_isready on port \(port)") {
            try PostgresCommand.run(tool("pg_isready"), ["-h", "127.0.0.1", "-p", "\(port)", "-t", "2"],
                                    directory: directory, timeout: 10).status == 0
        }
    }

    // MARK: Use

    /// Runs `statement` with `psql -At -X` on `port` (default: the current primary) and returns its output without
    /// the final newline (rows on lines, columns split by `|`). Throws with psql's message when it fails.
    @discardableResult
    package func sql(_ statement: String, port: Int? = nil) throws -> String {
        try sql(statement, port: port ?? leaderPort, database: database)
    }

    /// Runs `statement` through a libpq conninfo (e.g. `writeURL`, to check where it lands).
    @discardableResult
    package func sql(_ statement: String, url: String) throws -> String {
        try psql(["-d", url], statement)
    }

    @discardableResult
    private func sql(_ statement: String, port: Int, database: String) throws -> String {
        try psql(["-h", "127.0.0.1", "-p", "\(port)", "-U", "postgres", "-d", database], statement)
    }

    private func psql(_ target: [String], _ statement: String) throws -> String {
        var out = try PostgresCommand.check(tool("psql"), target + ["-At", "-X", "-q", "-v", "ON_ERROR_STOP=1",
                                                                   "-c", statement],
                                            directory: directory, environment: ["PGCONNECT_TIMEOUT": "5"], timeout: 60)
        if out.hasSuffix("\n") { out.removeLast() }
        return out
    }

    /// The server log of `port` so far (for failure messages).
    package func log(port: Int) -> String {
        (try? String(contentsOfFile: logFile(port), encoding: .utf8)) ?? "(no log at \(logFile(port)))"
    }

    // MARK: Failover

    /// SIGKILLs the current primary's postmaster and its process group (every backend and WAL sender: a crash, not
    /// a shutdown), and returns once it is gone and its port refuses connections.
    package func killPrimary() {
        let port = leaderPort
        killServer(port)
    }

    /// Promotes the standby (`SELECT pg_promote(true, 30)`) and returns once it accepts writes; from then on
    /// `leaderPort` is `standbyPort`.
    package func promoteStandby() throws {
        guard hasStandby else { throw PostgresClusterError("promoteStandby: started without a standby") }
        let promoted = try sql("SELECT pg_promote(true, 30)", port: standbyPort, database: "postgres")
        guard promoted == "t" else { throw PostgresClusterError("pg_promote returned \(promoted)\n\(log(port: standbyPort))") }
        try PostgresCommand.wait(for: "the promoted standby on port \(standbyPort) to leave recovery") {
            try sql("SELECT pg_is_in_recovery()", port: standbyPort, database: "postgres") == "f"
        }
        lock.withLock { currentPrimary = standbyPort }
    }

    /// Stops every server it started (immediate shutdown) and removes the scratch directory. Idempotent.
    package func stop() {
        let ports: [Int] = lock.withLock {
            if stopped { return [] }
            stopped = true
            return Array(running)
        }
        if ports.isEmpty && !FileManager.default.fileExists(atPath: directory) { return }
        for port in ports {
            let stoppedCleanly = (try? PostgresCommand.run(tool("pg_ctl"), ["-D", dataDirectory(port), "-m", "immediate",
                                                                            "-w", "-t", "30", "stop"],
                                                           server: true, directory: "/", timeout: 40))?.status == 0
            if !stoppedCleanly { killServer(port) }
        }
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// The postmaster's pid from the first line of `postmaster.pid`, if the file is there.
    private func postmasterPID(_ port: Int) -> pid_t? {
        guard let text = try? String(contentsOfFile: dataDirectory(port) + "/postmaster.pid", encoding: .utf8),
              let first = text.split(separator: "\n").first else { return nil }
        return pid_t(first.trimmingCharacters(in: .whitespaces))
    }

    private func killServer(_ port: Int) {
        defer { lock.withLock { _ = running.remove(port) } }
        guard let pid = postmasterPID(port), pid > 0 else { return }
        // pg_ctl starts the postmaster in a session of its own, so its process group holds all its children.
        if getpgid(pid) == pid { kill(-pid, SIGKILL) } else { kill(pid, SIGKILL) }
        try? PostgresCommand.wait(for: "postmaster \(pid) to exit", timeout: 10) { !PostgresCluster.alive(pid) }
        try? PostgresCommand.wait(for: "port \(port) to refuse connections", timeout: 10) {
            try PostgresCommand.run(tool("pg_isready"), ["-h", "127.0.0.1", "-p", "\(port)", "-t", "1"],
                                    directory: directory, timeout: 10).status == 2
        }
    }

    /// True while `pid` exists and is not a zombie.
    private static func alive(_ pid: pid_t) -> Bool {
        guard kill(pid, 0) == 0 else { return false }
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return true }
        let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).prefix(1)
        return state != "Z" && state != "X"
    }

    /// Runs `body` on a private thread and awaits it, so an async test does not block the cooperative pool with
    /// the harness's child processes.
    package static func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try body() }) }.start()
        }
    }
}
