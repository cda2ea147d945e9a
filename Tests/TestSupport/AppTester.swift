import App
import Logging

/// Runs the real `AmpereApp` on 127.0.0.1, a free port and a temporary data directory.
///
/// ```swift
/// let tester = try AppTester()            // or AppTester(settings: ["limits.max_body_bytes": "10"])
/// defer { tester.stop() }
/// let r = try await tester.client().request("GET", "/health")
/// ```
package final class AppTester: Sendable {
    /// The running app.
    package let app: AmpereApp
    /// Its temporary data directory (removed with the tester).
    package let dataDirectory: TemporaryDirectory

    /// Starts the app; `settings` are command-line style overrides (`key → value`). `reusing` starts it on
    /// another (stopped) tester's data directory, as a restart would.
    package init(settings: [String: String] = [:], environment: [String: String] = [:],
                 reusing directory: TemporaryDirectory? = nil) throws {
        dataDirectory = try directory ?? TemporaryDirectory()
        // The built-in hashing encoder: app-level tests need no model files and load in milliseconds.
        var overrides = ["server.host": "127.0.0.1", "server.port": "0", "data.dir": dataDirectory.path,
                         "log.access": "false", "server.workers": "2", "encoder.text": "hashing"]
        overrides.merge(settings) { _, new in new }
        let configuration = try AmpereSettings.load(environment: environment, overrides: overrides)
        var logger = Logger(label: "test.app")
        logger.logLevel = .warning
        app = AmpereApp(configuration: configuration, logger: logger)
        try app.start()
    }

    /// Waits until every readiness component (the catalog loads in the background) is ready; throws as soon as
    /// one fails to load. Resumed by the readiness events themselves: no polling, no sleeping.
    package func waitUntilReady() async throws {
        try await app.readiness.waitUntilReady()
    }

    /// The bound port.
    package var port: Int { app.port }

    /// A raw client connected to the app.
    package func client(timeout: Double = 10) throws -> RawHTTPClient { try RawHTTPClient(port: port, timeout: timeout) }

    /// A client calling the app's guarded router directly (no socket).
    package func inProcessClient() -> InProcessClient {
        InProcessClient(router: app.router, defaultBodyLimit: app.server.configuration.limits.maxBodyBytes)
    }

    /// Graceful shutdown.
    @discardableResult
    package func stop() async -> Bool { await app.shutdown() }

    /// Fire-and-forget shutdown for `defer`, and the in-process stand-in for a kill: the data directory's lock is
    /// let go at once, as the kernel lets a killed process's `flock` go, so a restart test can reopen the directory.
    package func stop() {
        app.dataLock.release()
        app.server.shutdown(gracePeriod: 1) { _ in }
    }
}
