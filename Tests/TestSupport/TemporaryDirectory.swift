import Foundation

/// A fresh directory under the system temp folder, removed by `remove()` or when the value is deallocated.
package final class TemporaryDirectory: @unchecked Sendable {
    /// Absolute path of the directory.
    package let path: String

    /// Creates `$TMPDIR/ampere-test-XXXXXX`.
    package init(prefix: String = "ampere-test") throws {
        let base = ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"
        var template = Array("\(base)/\(prefix)-XXXXXX".utf8CString)
        guard let result = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw CocoaError(.fileWriteUnknown)
        }
        path = String(cString: result)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// `path/name`.
    package func file(_ name: String) -> String { path + "/" + name }

    /// Writes `contents` to `path/name` and returns the full path.
    @discardableResult
    package func write(_ name: String, _ contents: String) throws -> String {
        let full = file(name)
        try contents.write(toFile: full, atomically: true, encoding: .utf8)
        return full
    }

    /// Removes the directory now.
    package func remove() { try? FileManager.default.removeItem(atPath: path) }
}
