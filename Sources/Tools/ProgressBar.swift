import Foundation

/// A one-line progress bar on standard error (plain lines when it is not a terminal).
package final class ProgressBar: @unchecked Sendable {
    private let lock = NSLock()
    private let started = Date()
    private let tty = isatty(2) == 1
    private var lastLine = Date.distantPast

    /// A bar starting now.
    package init() {}

    package func update(_ done: Int, _ total: Int) {
        lock.lock(); defer { lock.unlock() }
        let now = Date()
        guard tty || now.timeIntervalSince(lastLine) >= 5 || done == total else { return }
        lastLine = now
        let fraction = total > 0 ? Double(done) / Double(total) : 1
        let filled = Int(fraction * 30)
        let rate = Double(done) / max(now.timeIntervalSince(started), 0.001)
        let text = "[" + String(repeating: "#", count: filled) + String(repeating: " ", count: 30 - filled) + "] "
            + "\(done)/\(total) lines \(Int(fraction * 100))% \(Int(rate))/s"
        Console.error(tty ? "\r" + text : text, terminator: tty ? "" : "\n")
    }

    package func log(_ text: String) {
        lock.lock(); defer { lock.unlock() }
        Console.error(tty ? "\r\u{1B}[K" + text : text)
    }

    package func finish() { if tty { Console.error("") } }
}
