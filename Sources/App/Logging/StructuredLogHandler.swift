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
public struct StructuredLogHandler: LogHandler {
    /// Output format.
    public enum Format: String, Sendable {
        /// One JSON object per line.
        case json
        /// `ts level logger: message key=value ...`.
        case text
    }

    private let label: String
    private let sink: LogSink
    private let format: Format
    /// Minimum level.
    public var logLevel: Logger.Level
    /// Metadata attached to every line.
    public var metadata: Logger.Metadata = [:]
    /// Optional provider of contextual metadata.
    public var metadataProvider: Logger.MetadataProvider?

    /// A handler for `label` writing to `sink`.
    public init(label: String, sink: LogSink, format: Format, level: Logger.Level) {
        self.label = label
        self.sink = sink
        self.format = format
        self.logLevel = level
    }

    /// Per-key metadata access.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Formats and writes one event.
    public func log(event: LogEvent) {
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
        out.append(contentsOf: Self.timestamp().utf8)
        out.append(contentsOf: #"","level":""#.utf8)
        out.append(contentsOf: event.level.rawValue.utf8)
        out.append(contentsOf: #"","logger":"#.utf8)
        JSONBytes.appendString(label, to: &out)
        out.append(contentsOf: #","msg":"#.utf8)
        JSONBytes.appendString(event.message.description, to: &out)
        for key in metadata.keys.sorted() {
            out.append(UInt8(ascii: ","))
            JSONBytes.appendString(key, to: &out)
            out.append(UInt8(ascii: ":"))
            JSONBytes.appendString(metadata[key]!.description, to: &out)
        }
        out.append(UInt8(ascii: "}"))
        return out
    }

    private func textLine(_ event: LogEvent, _ metadata: Logger.Metadata) -> String {
        var out = "\(Self.timestamp()) \(event.level.rawValue) \(label): \(event.message)"
        for key in metadata.keys.sorted() { out += " \(key)=\(metadata[key]!)" }
        return out
    }

    /// `2026-11-21T06:00:00.` for the current second, rebuilt only when the second changes.
    private static let secondPrefix = Mutex<(second: Int, text: String)>((-1, ""))

    /// UTC ISO 8601 with milliseconds.
    static func timestamp() -> String {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        let millis = ts.tv_nsec / 1_000_000
        let fraction = millis < 10 ? "00\(millis)Z" : millis < 100 ? "0\(millis)Z" : "\(millis)Z"
        return secondPrefix.withLock { cached in
            if cached.second != ts.tv_sec { cached = (ts.tv_sec, prefix(ts.tv_sec)) }
            return cached.text
        } + fraction
    }

    private static func prefix(_ seconds: Int) -> String {
        var t = seconds
        var tm = Glibc.tm()
        gmtime_r(&t, &tm)
        func pad(_ v: Int, _ width: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(Int(tm.tm_year) + 1900, 4))-\(pad(Int(tm.tm_mon) + 1, 2))-\(pad(Int(tm.tm_mday), 2))T"
            + "\(pad(Int(tm.tm_hour), 2)):\(pad(Int(tm.tm_min), 2)):\(pad(Int(tm.tm_sec), 2))."
    }
}
