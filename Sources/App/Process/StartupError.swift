/// Why the service could not start; each message names the configuration key to fix.
package enum StartupError: Error, CustomStringConvertible {
    /// The data directory cannot be created or written.
    case dataDirectory(path: String, reason: String)
    /// Another process holds the data directory's lock (`DataDirectoryLock`); `holder` is its lock-file line.
    case dataDirectoryInUse(path: String, holder: String)
    /// Binding or listening failed.
    case listen(host: String, port: Int, reason: String)
    /// The port file could not be written.
    case portFile(path: String, reason: String)
    /// No API keys, a non-loopback address, and `auth.open` not set.
    case openOnNetwork(host: String)
    /// Replica mode cannot reach its PostgreSQL primary (or is configured without one).
    case cluster(reason: String)
    /// `kernels.isa` asks for an instruction set this host cannot run (or the host lacks the AVX2 floor).
    case kernels(reason: String)

    /// A one-line message for the operator.
    package var description: String {
        switch self {
        case let .dataDirectory(path, reason): "data.dir '\(path)' is not usable: \(reason)"
        case let .dataDirectoryInUse(path, holder):
            "data.dir '\(path)' is in use by \(holder): stop that process first or use another data.dir (two "
                + "processes on one directory lose each other's vectors)"
        case let .listen(host, port, reason): "cannot listen on server.host '\(host)', server.port \(port): \(reason)"
        case let .portFile(path, reason): "cannot write --port-file '\(path)': \(reason)"
        case let .kernels(reason): "cannot start the CPU kernels: \(reason)"
        case let .cluster(reason): "cluster mode: \(reason)"
        case let .openOnNetwork(host):
            "server.host '\(host)' is reachable from the network and no API keys are set, so anyone could write and "
                + "delete products: set AMPERE_WRITE_KEYS (and AMPERE_READ_KEYS), or listen on 127.0.0.1, or set "
                + "auth.open=true (AMPERE_AUTH_OPEN=true) to serve it open on purpose"
        }
    }
}
