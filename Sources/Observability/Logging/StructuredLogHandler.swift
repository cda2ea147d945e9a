import HTTPServer
import Logging
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A swift-log handler writing one line per event to a `LogSink`, as JSON (default, for log shippers) or text.
///
/// JSON lines look like
/// `{"ts":"2026-11-21T06:00:00.123Z","level":"info","logger":"ampere.http","msg":"request","status":"200",...}`.
package struct StructuredLogHandler: LogHandler, HTTPAccessLogHandler {
    /// Output format.
    package enum Format: String, Sendable {
        /// One JSON object per line.
        case json
        /// `ts level logger: message key=value ...`.
        case text
    }

    private let label: String
    private let sink: LogSink
    private let format: Format
    /// Minimum level.
    package var logLevel: Logger.Level
    /// Metadata attached to every line.
    package var metadata: Logger.Metadata = [:]
    /// Optional provider of contextual metadata.
    package var metadataProvider: Logger.MetadataProvider?

    /// A handler for `label` writing to `sink`.
    package init(label: String, sink: LogSink, format: Format, level: Logger.Level) {
        self.label = label
        self.sink = sink
        self.format = format
        self.logLevel = level
    }

    /// Per-key metadata access.
    package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Formats and writes one event.
    package func log(event: LogEvent) {
        // Merging dictionaries costs more than formatting; skip it in the common case (no handler metadata).
        var merged = event.metadata ?? [:]
        if !metadata.isEmpty { merged.merge(metadata) { event, _ in event } }
        if let provided = metadataProvider?.get(), !provided.isEmpty { merged.merge(provided) { event, _ in event } }
        let line = format == .json ? jsonLine(event, merged) : Array(textLine(event, merged).utf8)
        sink.write(bytes: line, urgent: event.level >= .error)
    }

    /// Built as bytes, not as a growing String: this runs once per request when access logging is on.
    private func jsonLine(_ event: LogEvent, _ metadata: Logger.Metadata) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(384)
        out.append(contentsOf: #"{"ts":""#.utf8)
        LogTimestamp.append(to: &out)
        out.append(contentsOf: #"","level":""#.utf8)
        out.append(contentsOf: event.level.rawValue.utf8)
        out.append(contentsOf: #"","logger":"#.utf8)
        JSONText.appendString(label, to: &out)
        out.append(contentsOf: #","msg":"#.utf8)
        JSONText.appendString(event.message.description, to: &out)
        for key in metadata.keys.sorted() {
            out.append(UInt8(ascii: ","))
            JSONText.appendString(key, to: &out)
            out.append(UInt8(ascii: ":"))
            JSONText.appendString(metadata[key]!.description, to: &out)
        }
        out.append(UInt8(ascii: "}"))
        return out
    }

    private func textLine(_ event: LogEvent, _ metadata: Logger.Metadata) -> String {
        var out = "\(LogTimestamp.now()) \(event.level.rawValue) \(label): \(event.message)"
        for key in metadata.keys.sorted() { out += " \(key)=\(metadata[key]!)" }
        return out
    }

    /// The access-log line without the generic metadata dictionary: the same bytes `jsonLine` writes for
    /// `HTTPAccessLogEntry.metadata` (keys in sorted order), built in one pre-sized buffer. JSON format only, and
    /// only when this handler has no metadata of its own to merge.
    package func logAccess(_ entry: HTTPAccessLogEntry, label: String) -> Bool {
        guard format == .json, metadata.isEmpty, metadataProvider == nil, label == self.label else { return false }
        guard logLevel <= .info else { return true }
        var out: [UInt8] = []
        out.reserveCapacity(256 + (entry.path?.utf8.count ?? 0) + entry.requestID.utf8.count)
        out.append(contentsOf: #"{"ts":""#.utf8)
        LogTimestamp.append(to: &out)
        out.append(contentsOf: #"","level":"info","logger":"#.utf8)
        JSONText.appendString(label, to: &out)
        out.append(contentsOf: #","msg":"request","bytes_in":""#.utf8)
        Self.appendDecimal(entry.requestBytes, to: &out)
        out.append(contentsOf: #"","bytes_out":""#.utf8)
        Self.appendDecimal(entry.responseBytes, to: &out)
        out.append(contentsOf: #"","duration_ms":""#.utf8)
        let micros = entry.durationNanoseconds / 1000
        Self.appendDecimal(Int(clamping: micros / 1000), to: &out)
        out.append(UInt8(ascii: "."))
        LogTimestamp.digits(Int(micros % 1000), 3, &out)
        out.append(contentsOf: #"","method":"#.utf8)
        JSONText.appendString(entry.method.rawValue, to: &out)
        out.append(contentsOf: #","path":"#.utf8)
        if let path = entry.path { JSONText.appendString(path, to: &out) } else { out.append(contentsOf: #""-""#.utf8) }
        out.append(contentsOf: #","request_id":"#.utf8)
        JSONText.appendString(entry.requestID, to: &out)
        out.append(contentsOf: #","route":"#.utf8)
        JSONText.appendString(entry.route ?? "-", to: &out)
        out.append(contentsOf: #","status":""#.utf8)
        Self.appendDecimal(entry.status, to: &out)
        out.append(contentsOf: #""}"#.utf8)
        sink.write(bytes: out)
        return true
    }

    /// Decimal digits of `value` (negative values keep their sign).
    static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        guard value >= 0 else { out.append(contentsOf: value.description.utf8); return }
        LogTimestamp.digits(value, 1, &out)
    }
}
