#if canImport(Glibc)
import Glibc
#endif

/// Writes to stdout/stderr directly: `print` is block-buffered on pipes, and the C `stderr` global is not
/// usable from Swift 6.
package enum Console {
    package static func out(_ text: String, terminator: String = "\n") { write(1, text + terminator) }
    package static func error(_ text: String, terminator: String = "\n") { write(2, text + terminator) }

    private static func write(_ fd: Int32, _ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n <= 0 { return }
            offset += n
        }
    }
}
