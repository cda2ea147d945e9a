import Logging

/// One access-log entry: what the server logs for every exchange as the `request` event.
///
/// Through swift-log it becomes `logger.info("request", metadata: [...])` with the keys in `metadataKeys`; a
/// handler adopting `HTTPAccessLogHandler` receives the fields directly and skips building that dictionary.
public struct HTTPAccessLogEntry: Sendable {
    /// The echoed or generated request id.
    public var requestID: String
    /// Request method (`-` when the request line did not parse).
    public var method: HTTPMethod
    /// Request path without the query, nil when the request did not parse (logged as `-`).
    public var path: Substring?
    /// The matched route template, nil when no route matched (logged as `-`).
    public var route: String?
    /// Response status code.
    public var status: Int
    /// Request body bytes.
    public var requestBytes: Int
    /// Response body bytes as sent.
    public var responseBytes: Int
    /// From the complete head to the response being queued.
    public var durationNanoseconds: UInt64

    /// Creates an entry (the server does this; tests and other handlers may too).
    public init(
        requestID: String, method: HTTPMethod, path: Substring?, route: String?, status: Int, requestBytes: Int,
        responseBytes: Int, durationNanoseconds: UInt64
    ) {
        self.requestID = requestID
        self.method = method
        self.path = path
        self.route = route
        self.status = status
        self.requestBytes = requestBytes
        self.responseBytes = responseBytes
        self.durationNanoseconds = durationNanoseconds
    }

    /// The message of the access-log event.
    public static let message: Logger.Message = "request"

    /// The metadata keys of the event, in sorted order.
    public static let metadataKeys = [
        "bytes_in", "bytes_out", "duration_ms", "method", "path", "request_id", "route", "status",
    ]

    /// The event's metadata, as the generic swift-log path logs it (values in `metadataKeys` order).
    public var metadata: Logger.Metadata {
        [
            "request_id": .string(requestID),
            "method": .string(method.rawValue),
            "path": .string(path.map { String($0) } ?? "-"),
            "route": .string(route ?? "-"),
            "status": .string(status.description),
            "bytes_in": .string(requestBytes.description),
            "bytes_out": .string(responseBytes.description),
            "duration_ms": .string(Self.milliseconds(durationNanoseconds)),
        ]
    }

    /// `1.234` (milliseconds with three decimals) for a duration in nanoseconds.
    public static func milliseconds(_ nanos: UInt64) -> String {
        let micros = nanos / 1000
        let frac = micros % 1000
        return "\(micros / 1000)." + (frac < 10 ? "00" : frac < 100 ? "0" : "") + "\(frac)"
    }
}

/// A swift-log handler that can write an access-log entry without the generic metadata dictionary.
///
/// The server looks for this conformance once, on the handler of the logger it was given; the output must be
/// exactly what `log(event:)` would write for `HTTPAccessLogEntry.message` with `entry.metadata` at `.info`.
/// Returning false (for example because the handler has its own metadata to merge) sends the entry down the
/// generic path instead.
public protocol HTTPAccessLogHandler: LogHandler {
    /// Writes `entry` at `.info` if this handler can; false to have the server use `log(event:)` instead.
    func logAccess(_ entry: HTTPAccessLogEntry, label: String) -> Bool
}
