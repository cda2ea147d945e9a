import Encoder
import Foundation
import Logging
import Testing

@Suite("text encoder selection")
struct TextEncoderSettingsTests {
    @Test("auto falls back to hashing when files are missing; explicit minilm refuses; hashing needs no files")
    func factory() throws {
        let logger = Logger(label: "test")
        let nowhere = "/nonexistent-\(UUID().uuidString)"
        #expect(try TextEncoderFactory.make(.init(kind: .auto, modelDirectory: nowhere), logger: logger).name == "hashing-v1")
        #expect(throws: EncoderError.self) { try TextEncoderFactory.make(.init(kind: .minilm, modelDirectory: nowhere), logger: logger) }
        #expect(try TextEncoderFactory.make(.init(kind: .hashing, modelDirectory: nowhere), logger: logger).name == "hashing-v1")
        #expect(TextEncoderFactory.missingFiles(in: nowhere) == MiniLMTextEncoder.requiredFiles)
        _ = try ModelFiles.load()  // fetches the files if needed
        #expect(try TextEncoderFactory.make(.init(kind: .auto, modelDirectory: ModelFiles.directory), logger: logger).name == "all-MiniLM-L6-v2")
    }
}
