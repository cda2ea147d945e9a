import HTTPServer

extension HTTPServerConfiguration {
    /// Server settings from the `server.*` and `limits.*` keys.
    public init(_ config: Configuration) {
        self.init()
        host = config.string("server.host")
        port = config.int("server.port")
        let workerCount = config.int("server.workers")
        if workerCount > 0 { workers = workerCount }
        maxConnections = config.int("server.max_connections")
        backlog = Int32(config.int("server.backlog"))
        timeouts.header = config.double("server.header_timeout_s")
        timeouts.body = config.double("server.body_timeout_s")
        timeouts.idle = config.double("server.idle_timeout_s")
        timeouts.write = config.double("server.write_timeout_s")
        gzipMinBytes = config.int("server.gzip_min_bytes")
        gzipLevel = Int32(config.int("server.gzip_level"))
        limits.maxBodyBytes = config.int("limits.max_body_bytes")
        limits.maxHeaderBytes = config.int("limits.max_header_bytes")
        limits.maxTargetBytes = config.int("limits.max_target_bytes")
        accessLog = config.bool("log.access")
    }
}
