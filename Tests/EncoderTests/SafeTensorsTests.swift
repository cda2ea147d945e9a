import Encoder
import Foundation
import Testing

@Suite("safetensors reader")
struct SafeTensorsTests {
    /// Builds a safetensors image by hand: u64 header length, JSON header, little-endian data.
    static func file(header: String, payload: [Float]) -> Data {
        var d = Data()
        let h = Array(header.utf8)
        withUnsafeBytes(of: UInt64(h.count).littleEndian) { d.append(contentsOf: $0) }
        d.append(contentsOf: h)
        for f in payload { withUnsafeBytes(of: f.bitPattern.littleEndian) { d.append(contentsOf: $0) } }
        return d
    }

    @Test("reads F32 tensors by name and shape, skipping __metadata__")
    func readsTensors() throws {
        let header = #"{"__metadata__":{"format":"pt"},"a":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]},"b":{"dtype":"F32","shape":[1],"data_offsets":[16,20]}}"#
        let t = try SafeTensors(data: Self.file(header: header, payload: [1, 2, 3, 4, -0.5]))
        #expect(try t.floats("a", shape: [2, 2]) == [1, 2, 3, 4])
        #expect(try t.floats("b") == [-0.5])
        #expect(throws: EncoderError.self) { try t.floats("a", shape: [4]) }
        #expect(throws: EncoderError.self) { try t.floats("missing") }
    }

    @Test("truncated, lying or malformed files are errors, not crashes")
    func rejectsBadFiles() throws {
        #expect(throws: EncoderError.self) { try SafeTensors(data: Data([1, 2, 3])) }
        #expect(throws: EncoderError.self) { try SafeTensors(data: Self.file(header: "{not json", payload: [])) }
        let pastEnd = #"{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}"#
        #expect(throws: EncoderError.self) { try SafeTensors(data: Self.file(header: pastEnd, payload: [1])) }
        var hugeLength = Self.file(header: "{}", payload: [])
        hugeLength[7] = 0x7f
        #expect(throws: EncoderError.self) { try SafeTensors(data: hugeLength) }
        let wrongType = #"{"a":{"dtype":"F16","shape":[2],"data_offsets":[0,4]}}"#
        let t = try SafeTensors(data: Self.file(header: wrongType, payload: [0]))
        #expect(throws: EncoderError.self) { try t.floats("a") }
    }

    @Test("a model directory with a corrupt weights file fails to load with a clear error")
    func corruptModelDirectory() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("minilm-corrupt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try #"{"hidden_size":8,"num_hidden_layers":1,"num_attention_heads":1,"intermediate_size":16,"max_position_embeddings":8,"vocab_size":5,"type_vocab_size":2,"layer_norm_eps":1e-12,"hidden_act":"gelu"}"#
            .write(to: dir.appendingPathComponent("config.json"), atomically: true, encoding: .utf8)
        try "[PAD]\n[UNK]\n[CLS]\n[SEP]\nhi\n".write(to: dir.appendingPathComponent("vocab.txt"), atomically: true, encoding: .utf8)
        try Data([0, 1, 2, 3, 4, 5, 6, 7, 8]).write(to: dir.appendingPathComponent("model.safetensors"))
        #expect(throws: EncoderError.self) { try MiniLMTextEncoder(directory: dir.path) }
    }
}
