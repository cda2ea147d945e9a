import CLibPQ
import Glibc
import Synchronization

private let connectionSerials = Atomic<Int>(0)

/// One libpq connection. Blocking and not thread-safe: confine it to one thread (`PGWorker` does).
///
/// The conninfo may list several hosts (`host=a,b port=1,2`); libpq tries them in order and
/// `target_session_attrs` picks the role (`read-write` finds the primary, `prefer-standby` a standby if any).
public final class PGConnection {
    let handle: OpaquePointer
    /// Where the connection went (`host:port`), for messages.
    public let endpoint: String
    /// A number no other connection of this process has had (to tell a reconnect from the same connection).
    public let serial: Int

    /// Connects. `defaults` are keyword/value pairs the conninfo may override (e.g. `connect_timeout`);
    /// `overrides` always win (e.g. `target_session_attrs=read-write` for the writer).
    public init(conninfo: String, defaults: [(String, String)] = [], overrides: [(String, String)] = []) throws(PGError) {
        let pairs = defaults + [("dbname", conninfo)] + overrides
        let keys = pairs.map { strdup($0.0) }
        let values = pairs.map { strdup($0.1) }
        defer { (keys + values).forEach { free($0) } }
        var keyPointers = keys.map { UnsafePointer<CChar>($0) } + [nil]
        var valuePointers = values.map { UnsafePointer<CChar>($0) } + [nil]
        guard let conn = PQconnectdbParams(&keyPointers, &valuePointers, 1) else {
            throw PGError(kind: .connection, message: "out of memory creating a connection")
        }
        guard PQstatus(conn) == CONNECTION_OK else {
            let message = Self.trim(String(cString: PQerrorMessage(conn)))
            PQfinish(conn)
            throw PGError(kind: .connection, message: message.isEmpty ? "cannot connect" : message)
        }
        handle = conn
        // Server notices (e.g. "relation already exists, skipping") are not errors; keep them off stderr.
        PQsetNoticeProcessor(conn, { _, _ in }, nil)
        let host = PQhost(conn).map { String(cString: $0) } ?? "?"
        let port = PQport(conn).map { String(cString: $0) } ?? "?"
        endpoint = "\(host):\(port)"
        serial = connectionSerials.add(1, ordering: .relaxed).newValue
    }

    deinit { PQfinish(handle) }

    /// Whether libpq still considers the connection usable.
    public var isOK: Bool { PQstatus(handle) == CONNECTION_OK }

    /// A handle that cancels the running query from any thread (`PGCancel.cancel()`).
    public func cancelHandle() -> PGCancel? { PQgetCancel(handle).map(PGCancel.init) }

    /// Runs one statement with parameters `$1...`, results in binary. Throws on any error status.
    @discardableResult
    public func execute(_ sql: String, _ params: [PGValue] = []) throws(PGError) -> PGResult {
        let result = run(sql, params)
        guard let result else { throw PGError(kind: .connection, message: Self.trim(String(cString: PQerrorMessage(handle)))) }
        let status = PQresultStatus(result)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else {
            let state = PQresultErrorField(result, clibpq_diag_sqlstate()).map { String(cString: $0) }
            var message = Self.trim(String(cString: PQresultErrorMessage(result)))
            if message.isEmpty { message = Self.trim(String(cString: PQerrorMessage(handle))) }
            PQclear(result)
            let kind: PGError.Kind = state == nil && !isOK ? .connection : PGError.kind(sqlState: state)
            throw PGError(kind: kind, sqlState: state, message: message)
        }
        return PGResult(result)
    }

    /// Runs a script of several statements (no parameters; text results), e.g. a migration.
    public func executeScript(_ sql: String) throws(PGError) {
        guard let result = PQexec(handle, sql) else {
            throw PGError(kind: .connection, message: Self.trim(String(cString: PQerrorMessage(handle))))
        }
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else {
            let state = PQresultErrorField(result, clibpq_diag_sqlstate()).map { String(cString: $0) }
            throw PGError(kind: PGError.kind(sqlState: state), sqlState: state,
                          message: Self.trim(String(cString: PQresultErrorMessage(result))))
        }
    }

    /// Runs `body` between BEGIN and COMMIT (ROLLBACK when it throws). `isolation` e.g. `REPEATABLE READ`.
    public func transaction<T>(isolation: String? = nil, readOnly: Bool = false,
                               _ body: (PGConnection) throws(PGError) -> T) throws(PGError) -> T {
        var begin = "BEGIN"
        if let isolation { begin += " ISOLATION LEVEL \(isolation)" }
        if readOnly { begin += " READ ONLY" }
        try execute(begin)
        do {
            let value = try body(self)
            try execute("COMMIT")
            return value
        } catch {
            if isOK { _ = run("ROLLBACK", []) }
            throw error
        }
    }

    /// `LISTEN channel` (on a primary: a standby refuses LISTEN).
    public func listen(_ channel: String) throws(PGError) { try execute("LISTEN \(channel)") }

    /// Waits up to `timeoutMilliseconds` for a notification; returns the channels notified (empty: none arrived).
    public func waitForNotifications(timeoutMilliseconds: Int32) throws(PGError) -> [String] {
        var channels = drainNotifications()
        if !channels.isEmpty { return channels }
        var descriptor = pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0)
        let ready = poll(&descriptor, 1, timeoutMilliseconds)
        if ready > 0 {
            guard PQconsumeInput(handle) == 1 else {
                throw PGError(kind: .connection, message: Self.trim(String(cString: PQerrorMessage(handle))))
            }
            channels = drainNotifications()
        }
        return channels
    }

    private func drainNotifications() -> [String] {
        var out: [String] = []
        while let note = PQnotifies(handle) {
            out.append(String(cString: note.pointee.relname))
            PQfreemem(note)
        }
        return out
    }

    private func run(_ sql: String, _ params: [PGValue]) -> OpaquePointer? {
        if params.isEmpty { return PQexecParams(handle, sql, 0, nil, nil, nil, nil, 1) }
        // Every parameter's bytes stay alive for the call: copied into one allocation per parameter.
        var buffers: [UnsafeMutablePointer<CChar>?] = []
        var lengths: [Int32] = []
        var formats: [Int32] = []
        for param in params {
            switch param {
            case .null:
                buffers.append(nil); lengths.append(0); formats.append(0)
            case .text(let text):
                buffers.append(strdup(text)); lengths.append(0); formats.append(0)
            case .bytes(let bytes):
                let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: max(1, bytes.count))
                bytes.withUnsafeBytes { raw in
                    if let base = raw.baseAddress { UnsafeMutableRawPointer(buffer).copyMemory(from: base, byteCount: raw.count) }
                }
                buffers.append(buffer); lengths.append(Int32(bytes.count)); formats.append(1)
            }
        }
        defer {
            for (buffer, format) in zip(buffers, formats) {
                if format == 1 { buffer?.deallocate() } else { free(buffer) }
            }
        }
        let values = buffers.map { UnsafePointer<CChar>($0) }
        return PQexecParams(handle, sql, Int32(params.count), nil, values, lengths, formats, 1)
    }

    static func trim(_ message: String) -> String {
        var s = Substring(message)
        while let last = s.last, last == "\n" || last == " " { s = s.dropLast() }
        return String(s)
    }
}

/// A cancel request for a connection's running query; thread-safe (`PQcancel`).
public final class PGCancel: @unchecked Sendable {
    let handle: OpaquePointer
    init(_ handle: OpaquePointer) { self.handle = handle }
    deinit { PQfreeCancel(handle) }

    /// Asks the server to cancel the query running on the connection now.
    public func cancel() {
        var buffer = [CChar](repeating: 0, count: 256)
        _ = PQcancel(handle, &buffer, 256)
    }
}
