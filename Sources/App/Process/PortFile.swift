#if canImport(Glibc)
import Glibc
#endif

/// Writes the bound port for scripts and tests, atomically (temp file + rename), so a reader never sees half.
package enum PortFile {
    /// Writes `port` followed by a newline to `path`.
    package static func write(_ port: Int, to path: String) throws {
        let temporary = path + ".tmp.\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw StartupError.portFile(path: path, reason: String(cString: strerror(errno))) }
        let bytes = Array("\(port)\n".utf8)
        let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        close(fd)
        guard written == bytes.count, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw StartupError.portFile(path: path, reason: String(cString: strerror(errno)))
        }
    }
}
