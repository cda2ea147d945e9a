#if canImport(Glibc)
import Glibc
#endif

/// Creates the data directory (like `mkdir -p`) and checks it is writable, so a bad `data.dir` fails at start.
enum DataDirectory {
    static func prepare(_ path: String) throws(StartupError) {
        var prefix = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") where component != "." {
            prefix += "/" + component
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
                throw .dataDirectory(path: path, reason: String(cString: strerror(errno)))
            }
        }
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
            throw .dataDirectory(path: path, reason: "not a directory")
        }
        guard access(path, W_OK | X_OK) == 0 else {
            throw .dataDirectory(path: path, reason: String(cString: strerror(errno)))
        }
    }
}
