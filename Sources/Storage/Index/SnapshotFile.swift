import Glibc

/// Snapshot files beside the database: `index-<seq>-<tag>.hnsw`, written to `<name>.tmp-<pid>` first, fsynced,
/// renamed into place and the directory fsynced, so a crash leaves either the old set of files or the old set plus
/// a complete new one (and at most a stray temp file, removed later). Read back by `mmap`.
public enum SnapshotFile {
    /// Errors of the file layer, with the failing call and `errno`'s text.
    public struct IOError: Error, CustomStringConvertible, Sendable {
        /// What failed, e.g. `write index-12-ab.hnsw.tmp-77: No space left on device`.
        public var description: String
    }

    static let prefix = "index-"
    static let suffix = ".hnsw"
    static let tempMarker = ".tmp-"

    /// The file name of a snapshot covering `sequence`; `tag` keeps two writers (or two snapshots of one
    /// sequence) from colliding.
    static func name(sequence: Int64, tag: String) -> String { "\(prefix)\(sequence)-\(tag)\(suffix)" }

    /// A random 8-hex-digit tag.
    static func randomTag() -> String {
        var rng = SystemRandomNumberGenerator()
        let hex = String(rng.next() & 0xFFFF_FFFF, radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }

    static func error(_ call: String, _ path: String) -> IOError {
        IOError(description: "\(call) \(path): \(String(cString: strerror(errno)))")
    }

    /// Writes a file in `directory`: `body` gets a sink for the bytes, `name` names the file from `body`'s result
    /// (the sequence is known only once the snapshot was taken); the file appears under that name only once every
    /// byte is on disk. On any error the temp file is removed and the error rethrown.
    static func write<T>(directory: String, tag: String,
                         _ body: ((UnsafeRawBufferPointer) throws -> Void) throws -> T,
                         name: (T) -> String) throws -> (value: T, name: String) {
        let temp = "\(directory)/\(prefix)pending-\(tag)\(suffix)\(tempMarker)\(getpid())"
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw error("open", temp) }
        var open = true
        defer { if open { close(fd) } }
        do {
            let value = try body { chunk in
                var offset = 0
                while offset < chunk.count {
                    let n = Glibc.write(fd, chunk.baseAddress! + offset, chunk.count - offset)
                    if n < 0 {
                        if errno == EINTR { continue }
                        throw error("write", temp)
                    }
                    offset += n
                }
            }
            guard fsync(fd) == 0 else { throw error("fsync", temp) }
            open = false
            guard close(fd) == 0 else { throw error("close", temp) }
            let finalName = name(value)
            guard rename(temp, "\(directory)/\(finalName)") == 0 else { throw error("rename", temp) }
            try syncDirectory(directory)
            return (value, finalName)
        } catch {
            unlink(temp)
            throw error
        }
    }

    /// Makes a rename in `directory` durable.
    static func syncDirectory(_ directory: String) throws {
        let dfd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard dfd >= 0 else { throw error("open", directory) }
        defer { close(dfd) }
        guard fsync(dfd) == 0 else { throw error("fsync", directory) }
    }

    /// Maps `path` read-only and runs `body` over its bytes (the pages are read as `body` touches them; nothing
    /// is copied into one allocation).
    static func withMapped<T>(_ path: String, _ body: (UnsafeRawBufferPointer) throws -> T) throws -> T {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw error("open", path) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw error("fstat", path) }
        let size = Int(st.st_size)
        guard size > 0 else { return try body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), base != MAP_FAILED else {
            throw error("mmap", path)
        }
        defer { munmap(base, size) }
        _ = madvise(base, size, MADV_SEQUENTIAL)
        return try body(UnsafeRawBufferPointer(start: base, count: size))
    }

    /// Creates `directory` if it does not exist (one level; its parent must exist).
    static func ensureDirectory(_ directory: String) throws {
        if mkdir(directory, 0o755) != 0 && errno != EEXIST { throw error("mkdir", directory) }
    }

    /// Removes `name` from `directory`; a file already gone is not an error.
    static func remove(directory: String, name: String) {
        unlink("\(directory)/\(name)")
    }

    /// The names of the entries of `directory` (none when it cannot be read).
    static func names(in directory: String) -> [String] {
        guard let dir = opendir(directory) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) { names.append(name(of: entry)) }
        return names
    }

    /// An entry's name, read in place: `entry.pointee.d_name` would copy all 256 bytes of the field, but a record
    /// is only `d_reclen` long and may end at the last page of glibc's buffer (the over-read that crashes
    /// Foundation's `Process.run`, swift-corelibs-foundation #5472).
    static func name(of entry: UnsafeMutablePointer<dirent>) -> String {
        String(cString: (UnsafeRawPointer(entry) + MemoryLayout<dirent>.offset(of: \dirent.d_name)!)
            .assumingMemoryBound(to: CChar.self))
    }

    /// Removes temp files a snapshot writer left behind: this process's own (its failed or interrupted writes)
    /// and those of processes no longer running (killed half-way). Another live writer's temp file is left
    /// alone. Returns the names removed.
    @discardableResult
    static func removeStrayTemps(directory: String) -> [String] {
        guard let dir = opendir(directory) else { return [] }
        defer { closedir(dir) }
        var removed: [String] = []
        let me = getpid()
        while let entry = readdir(dir) {
            let name = name(of: entry)
            guard name.hasPrefix(prefix), let marker = name.firstRange(of: tempMarker),
                  let pid = Int32(name[marker.upperBound...]) else { continue }
            let alive = pid != me && (kill(pid, 0) == 0 || errno == EPERM)
            guard !alive else { continue }
            unlink("\(directory)/\(name)")
            removed.append(name)
        }
        return removed
    }
}
