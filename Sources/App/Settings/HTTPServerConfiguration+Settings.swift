import Config
import HTTPServer

extension HTTPServerConfiguration {
    /// Server settings from the `server.*` and `limits.*` keys.
    package init(_ config: Configuration) {
        self.init()
        host = config[.serverHost]
        port = config[.serverPort]
        let workerCount = config[.serverWorkers]
        if workerCount > 0 { workers = workerCount }
        maxConnections = config[.serverMaxConnections]
        maxConnectionsPerClient = config[.serverMaxConnectionsPerClient]
        bodyBudgetBytes = config[.limitsBodyBudgetBytes]
        backlog = Int32(config[.serverBacklog])
        timeouts.header = config[.serverHeaderTimeoutS]
        timeouts.body = config[.serverBodyTimeoutS]
        timeouts.idle = config[.serverIdleTimeoutS]
        timeouts.write = config[.serverWriteTimeoutS]
        gzipMinBytes = config[.serverGzipMinBytes]
        gzipLevel = Int32(config[.serverGzipLevel])
        limits.maxBodyBytes = config[.limitsMaxBodyBytes]
        limits.maxHeaderBytes = config[.limitsMaxHeaderBytes]
        limits.maxTargetBytes = config[.limitsMaxTargetBytes]
        accessLog = config[.logAccess]
    }
}
