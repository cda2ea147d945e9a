extension ConfigKey {
    /// Every configuration key of Ampere, in documentation order. Add a key with one line here; then run
    /// `swift run ampere config --defaults > config/default.json` and add the key to the README table
    /// (tests check both).
    public static let all: [ConfigKey] = [
        .string("server.host", "127.0.0.1", "Numeric address to listen on (0.0.0.0 for all IPv4 interfaces)."),
        .int("server.port", 8080, 0...65535, "TCP port; 0 picks a free port (see --port-file)."),
        .int("server.workers", 0, 0...256, "Worker queues serving connections; 0 means one per CPU core."),
        .int("server.max_connections", 10_000, 1...1_000_000, "Open connections beyond this get 503 and are closed."),
        .int("server.backlog", 1024, 1...65535, "listen(2) backlog."),
        .double("server.header_timeout_s", 10, 0.01...3600, "Seconds allowed to receive a request head."),
        .double("server.body_timeout_s", 30, 0.01...3600, "Seconds allowed to receive a request body."),
        .double("server.idle_timeout_s", 60, 0.01...86400, "Idle keep-alive connections are closed after this."),
        .double("server.write_timeout_s", 30, 0.01...3600, "A client not reading its response is cut off after this."),
        .double("server.drain_timeout_s", 10, 0...3600, "On SIGTERM/SIGINT, seconds to finish in-flight requests."),
        .int("server.gzip_min_bytes", 1024, 0...Int(Int32.max), "Compress bodies at least this long; 0 disables gzip."),
        .int("server.gzip_level", 5, 1...9, "zlib compression level for responses."),
        .int("limits.max_body_bytes", 1 << 20, 0...(1 << 34), "Default request body limit (routes may allow more)."),
        .int("limits.max_header_bytes", 16 * 1024, 1024...(1 << 20), "Largest request head (431 beyond)."),
        .int("limits.max_target_bytes", 8 * 1024, 256...(1 << 20), "Longest request target (414 beyond)."),
        .string("data.dir", "./data", "Directory for the SQLite database and index snapshots."),
        .choice("log.level", "info", ["trace", "debug", "info", "notice", "warning", "error", "critical"],
                "Minimum log level."),
        .choice("log.format", "json", ["json", "text"], "Log line format on stdout."),
        .bool("log.access", true, "Write one access-log line per request."),
        .secret("llm.api_key", "API key for the OpenAI-compatible LLM endpoint (environment only, never logged)."),
    ]
}
