import Foundation

/// A row-major matrix read from the benchmark formats of `../shared/bench/README.md`: `*.f32.bin` / `*.i32.bin`
/// (u32 rows, u32 cols, then the values) or TEXMEX `*.fvecs` / `*.ivecs` (per row: i32 dim, then dim values).
struct Matrix<Element: BitwiseCopyable & Sendable>: Sendable {
    var rows: Int
    var cols: Int
    var values: [Element]

    struct FormatError: Error, CustomStringConvertible {
        var description: String
    }

    static func read(path: String) throws -> Matrix {
        guard let data = FileManager.default.contents(atPath: path) else { throw FormatError(description: "cannot read \(path)") }
        return try data.withUnsafeBytes { raw -> Matrix in
            guard MemoryLayout<Element>.size == 4 else { throw FormatError(description: "only 4-byte elements") }
            if path.hasSuffix("vecs") {
                guard raw.count >= 4 else { throw FormatError(description: "\(path) is empty") }
                let cols = Int(raw.loadUnaligned(as: Int32.self).littleEndian)
                let rowBytes = 4 + cols * 4
                guard cols > 0, raw.count % rowBytes == 0 else { throw FormatError(description: "\(path): bad fvecs layout") }
                let rows = raw.count / rowBytes
                var values = [Element]()
                values.reserveCapacity(rows * cols)
                for r in 0..<rows {
                    let start = r * rowBytes
                    guard Int(raw.loadUnaligned(fromByteOffset: start, as: Int32.self)) == cols else {
                        throw FormatError(description: "\(path): row \(r) has another dimension")
                    }
                    for c in 0..<cols { values.append(raw.loadUnaligned(fromByteOffset: start + 4 + c * 4, as: Element.self)) }
                }
                return Matrix(rows: rows, cols: cols, values: values)
            }
            guard raw.count >= 8 else { throw FormatError(description: "\(path) is too short") }
            let rows = Int(raw.loadUnaligned(as: UInt32.self).littleEndian)
            let cols = Int(raw.loadUnaligned(fromByteOffset: 4, as: UInt32.self).littleEndian)
            guard raw.count == 8 + rows * cols * 4 else { throw FormatError(description: "\(path): size does not match \(rows)x\(cols)") }
            let values = [Element](unsafeUninitializedCapacity: rows * cols) { buffer, initialized in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[8...]))
                initialized = rows * cols
            }
            return Matrix(rows: rows, cols: cols, values: values)
        }
    }

    /// Row `r` as a buffer into `values`.
    func withRow<T>(_ r: Int, _ body: (UnsafeBufferPointer<Element>) -> T) -> T {
        values.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[r * cols..<(r + 1) * cols])) }
    }
}
