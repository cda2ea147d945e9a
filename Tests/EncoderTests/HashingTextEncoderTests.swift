import Encoder
import Testing

@Suite("hashing text encoder")
struct HashingTextEncoderTests {
    let encoder = HashingTextEncoder()

    func cos(_ a: String, _ b: String) -> Double { ModelFiles.cosine(encoder.encode(a), encoder.encode(b)) }

    @Test("unit length, fixed dimension, deterministic; empty text is the zero vector")
    func basics() throws {
        let v = encoder.encode("Insulated stainless steel bottle, 500 ml")
        #expect(v.count == 384)
        #expect(abs(v.reduce(0) { $0 + $1 * $1 } - 1) < 1e-5)
        #expect(v == HashingTextEncoder().encode("Insulated stainless steel bottle, 500 ml"))
        #expect(encoder.encode("").allSatisfy { $0 == 0 })
        #expect(encoder.encode(" ,.!? ").allSatisfy { $0 == 0 })
        #expect(try encoder.encode(["a b", "c"]).count == 2)
        #expect(HashingTextEncoder(dimension: 64).encode("x y z").count == 64)
    }

    @Test("normalisation: case, accents and punctuation do not change the vector")
    func normalisation() {
        #expect(encoder.encode("Café Crème") == encoder.encode("cafe creme"))
        #expect(encoder.encode("wireless earbuds black!") == encoder.encode("Wireless  Earbuds BLACK"))
        // Punctuation inside breaks a word bigram, nothing more.
        #expect(cos("wireless earbuds, black", "wireless earbuds black") > 0.95)
    }

    @Test("shared words and misspellings score above unrelated text")
    func similarity() {
        let related = cos("wireless bluetooth earbuds with charging case", "bluetooth earbuds wireless")
        let misspelt = cos("bluetooth headphones", "bluetoth headfones")
        let unrelated = cos("wireless bluetooth earbuds", "cast iron frying pan")
        #expect(related > 0.5)
        #expect(misspelt > unrelated + 0.2)
        #expect(unrelated < 0.2)
    }

    @Test("CJK: character unigrams and bigrams match across spacing, unrelated Chinese scores low")
    func cjk() {
        let a = "这款保温杯容量五百毫升适合户外使用"
        let b = "保温杯 五百毫升 户外"
        let c = "无线蓝牙耳机降噪"
        #expect(cos(a, b) > 0.5)
        #expect(cos(a, c) < 0.15)
        // Bigrams carry word order: the same characters in another order are less similar than the original.
        #expect(cos("保温杯", "杯温保") < 0.99)
    }

    @Test("sublinear tf: repeating a word does not let it swamp the others")
    func sublinearTF() {
        let once = encoder.encode("red shoes")
        let many = encoder.encode(String(repeating: "red ", count: 50) + "shoes")
        #expect(ModelFiles.cosine(once, many) > 0.5)
    }

    @Test("huge input is bounded and does not crash")
    func hugeInput() {
        let v = encoder.encode(String(repeating: "token 商品 ", count: 200_000))
        #expect(v.count == 384)
    }
}
