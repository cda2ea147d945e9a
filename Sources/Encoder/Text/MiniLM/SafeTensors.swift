import FoundationEssentials

/// A parsed `.safetensors` file: an 8-byte little-endian header length, a JSON header mapping tensor names
/// to `{dtype, shape, data_offsets}`, then the raw little-endian tensor bytes.
///
/// Only what a BERT checkpoint needs is supported (`F32`, read as `Float`); every offset is bounds-checked
/// so a truncated or hostile file gives an error, never a crash.
public struct SafeTensors: Sendable {
    /// One tensor's header entry.
    public struct Entry: Decodable, Sendable {
        /// Element type, e.g. `"F32"`, `"I64"`.
        public let dtype: String
        /// Dimensions, outermost first.
        public let shape: [Int]
        /// `[begin, end)` byte offsets relative to the start of the data section.
        public let data_offsets: [Int]
    }

    /// Header entries by tensor name (`__metadata__` dropped).
    public let entries: [String: Entry]
    private let data: Data
    private let dataStart: Int

    /// Reads and validates the file at `path`.
    public init(contentsOf path: String) throws {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw EncoderError.modelFiles("cannot read \(path): \(error)")
        }
        try self.init(data: data, origin: path)
    }

    /// Parses an in-memory safetensors image; `origin` only names it in errors.
    public init(data: Data, origin: String = "safetensors") throws {
        guard data.count >= 8 else { throw EncoderError.modelFiles("\(origin): shorter than its header length") }
        let headerLength = data.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        guard headerLength <= UInt64(data.count - 8) else { throw EncoderError.modelFiles("\(origin): header length \(headerLength) past end of file") }
        let header = data.subdata(in: 8..<(8 + Int(headerLength)))
        let raw: [String: Entry]
        do { raw = try JSONDecoder().decode(Header.self, from: header).entries } catch {
            throw EncoderError.modelFiles("\(origin): bad JSON header: \(error)")
        }
        let dataStart = 8 + Int(headerLength)
        for (name, e) in raw {
            guard e.data_offsets.count == 2, e.data_offsets[0] >= 0, e.data_offsets[0] <= e.data_offsets[1],
                  e.data_offsets[1] <= data.count - dataStart else {
                throw EncoderError.modelFiles("\(origin): tensor \(name) has offsets outside the file")
            }
        }
        self.entries = raw
        self.data = data
        self.dataStart = dataStart
    }

    /// The `F32` tensor `name` as a flat row-major array, checked against `shape` when given.
    public func floats(_ name: String, shape: [Int]? = nil) throws -> [Float] {
        guard let e = entries[name] else { throw EncoderError.modelFiles("tensor \(name) missing") }
        guard e.dtype == "F32" else { throw EncoderError.modelFiles("tensor \(name) is \(e.dtype), expected F32") }
        if let shape, shape != e.shape { throw EncoderError.modelFiles("tensor \(name) has shape \(e.shape), expected \(shape)") }
        let count = e.shape.reduce(1, *)
        guard e.data_offsets[1] - e.data_offsets[0] == count * 4 else {
            throw EncoderError.modelFiles("tensor \(name): byte length does not match its shape")
        }
        let start = dataStart + e.data_offsets[0]
        return data.withUnsafeBytes { bytes in
            // safetensors is little-endian, as is every host we deploy on; loadUnaligned copes with any offset.
            [Float](unsafeUninitializedCapacity: count) { out, n in
                for i in 0..<count {
                    out[i] = Float(bitPattern: UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: start + 4 * i, as: UInt32.self)))
                }
                n = count
            }
        }
    }

    /// Decodes the header while skipping the free-form `__metadata__` object.
    private struct Header: Decodable {
        let entries: [String: Entry]
        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }
        init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: Key.self)
            var out: [String: Entry] = [:]
            for key in c.allKeys where key.stringValue != "__metadata__" {
                out[key.stringValue] = try c.decode(Entry.self, forKey: key)
            }
            entries = out
        }
    }
}
