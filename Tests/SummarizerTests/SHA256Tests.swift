import Retrieval
import Testing
import VectorMath

@Suite struct SHA256Tests {
    func hex(_ bytes: [UInt8]) -> String { bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined() }

    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func knownVectors(input: String, expected: String) {
        #expect(hex(SHA256.hash(Array(input.utf8))) == expected)
    }

    @Test func millionAs() {
        #expect(hex(SHA256.hash([UInt8](repeating: 0x61, count: 1_000_000)))
            == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func incrementalEqualsOneShot() {
        var generator = SplitMix64(seed: 7)
        let message = (0..<1000).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        var h = SHA256()
        var offset = 0
        for size in [1, 63, 64, 65, 7, 200, 0, 600] where offset < message.count {
            let end = min(message.count, offset + size)
            message[offset..<end].withUnsafeBytes { h.update($0) }
            offset = end
        }
        message[offset...].withUnsafeBytes { h.update($0) }
        #expect(h.finalize() == SHA256.hash(message))
    }

    @Test func cacheKeyFramesItsParts() {
        let a = SummaryCacheKey(model: "m", promptVersion: "v1", transcript: "hello")
        #expect(a == SummaryCacheKey(model: "m", promptVersion: "v1", transcript: "hello"))
        #expect(a != SummaryCacheKey(model: "m2", promptVersion: "v1", transcript: "hello"))
        #expect(a != SummaryCacheKey(model: "m", promptVersion: "v2", transcript: "hello"))
        #expect(a != SummaryCacheKey(model: "m", promptVersion: "v1", transcript: "hello!"))
        #expect(SummaryCacheKey(model: "ab", promptVersion: "c", transcript: "")
            != SummaryCacheKey(model: "a", promptVersion: "bc", transcript: ""))
        #expect(a.hex.count == 64)
    }
}
