/// Why the service could not start; each message names the configuration key to fix.
package enum StartupError: Error, CustomStringConvertible {
    /// The data directory cannot be created or written.
    case dataDirectory(path: String, reason: String)
    /// Binding or listening failed.
    case listen(host: String, port: Int, reason: String)
    /// The port file could not be written.
    case portFile(path: String, reason: String)

    /// A one-line message for the operator.
    package var description: String {
        switch self {
        case let .dataDirectory(path, reason): "data.dir '\(path)' is not usable: \(reason)"
        case let .listen(host, port, reason): "cannot listen on server.host '\(host)', server.port \(port): \(reason)"
        case let .portFile(path, reason): "cannot write --port-file '\(path)': \(reason)"
        }
    }
}
