#if canImport(Glibc)
import Glibc
#endif

/// Shared plumbing of the fuzz targets. In a fuzz build (`-DFUZZING`, `--sanitize=fuzzer`) libFuzzer supplies
/// `main` and calls each target's `LLVMFuzzerTestOneInput`; in an ordinary build the target gets a small `main`
/// from `replay`, so `swift build` still links it and it can re-run a crash file without the sanitizers.
public enum FuzzDriver {
    /// Stops the process with `message` when `condition` is false: a broken invariant is a finding, and
    /// `fatalError` keeps its message in release builds (libFuzzer then saves the input as `crash-*`).
    @inline(__always)
    public static func check(_ condition: Bool, _ message: @autoclosure () -> String,
                             file: StaticString = #fileID, line: UInt = #line) {
        if !condition { fatalError("fuzz invariant: \(message())", file: file, line: line) }
    }

    /// Prints `message` when `FUZZ_VERBOSE` is set (replay runs only; libFuzzer runs stay quiet).
    public static func note(_ message: @autoclosure () -> String) {
        if verbose { print(message()) }
    }

    nonisolated(unsafe) static var verbose = false

    /// The `main` of a non-fuzz build: `Target FILE|DIR...` runs `body` on every file (a crash reproduces);
    /// `Target --write-seeds DIR` writes the target's generated seed inputs into DIR.
    public static func replay(_ body: ([UInt8]) -> Void, seeds: () -> [(name: String, bytes: [UInt8])]) {
        let arguments = Array(CommandLine.arguments.dropFirst())
        verbose = getenv("FUZZ_VERBOSE") != nil
        if arguments.first == "--write-seeds", arguments.count == 2 {
            for seed in seeds() { write(seed.bytes, to: arguments[1] + "/" + seed.name) }
            print("wrote \(seeds().count) seeds to \(arguments[1])")
            return
        }
        var count = 0
        for path in arguments {
            for file in files(at: path) {
                guard let bytes = read(file) else { print("cannot read \(file)"); exit(2) }
                body(bytes)
                count += 1
            }
        }
        if count == 0 {
            for seed in seeds() { body(seed.bytes); count += 1 }
        }
        print("ran \(count) inputs, no failure")
    }

    static func files(at path: String) -> [String] {
        guard let dir = opendir(path) else { return [path] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(path + "/" + name) }
        }
        return names.sorted()
    }

    static func read(_ path: String) -> [UInt8]? {
        guard let f = fopen(path, "rb") else { return nil }
        defer { fclose(f) }
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&buffer, 1, buffer.count, f)
            if n <= 0 { break }
            out.append(contentsOf: buffer[0..<n])
        }
        return out
    }

    static func write(_ bytes: [UInt8], to path: String) {
        guard let f = fopen(path, "wb") else { print("cannot write \(path)"); exit(2) }
        _ = bytes.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, f) }
        fclose(f)
    }
}
