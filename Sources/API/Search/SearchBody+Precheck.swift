import Retrieval

extension SearchBody {
    /// Most numbers `vector` may hold.
    static let maxVectorLength = 4096

    /// Refuses a `vector` array of more than `maxVectorLength` numbers from the raw bytes, before JSONDecoder
    /// spends ~50 ns per number on it (a 16 MiB array took ~0.8 s to decode only to be refused afterwards).
    ///
    /// JSON escapes every quote inside a string, so the bytes `"vector"` followed by `:` can only be a key. The
    /// scan stops at the first `maxVectorLength` commas: a refusal costs the bytes up to there, not the body.
    static func precheck(_ body: [UInt8]) throws {
        let key = Array("\"vector\"".utf8)
        try body.withUnsafeBufferPointer { b in
            var i = 0
            while i + key.count < b.count {
                guard b[i] == key[0], (i == 0 || b[i - 1] != UInt8(ascii: "\\")), Self.matches(b, key, at: i) else {
                    i += 1
                    continue
                }
                var j = Self.skipSpace(b, i + key.count)
                guard j < b.count, b[j] == UInt8(ascii: ":") else { i += key.count; continue }
                j = Self.skipSpace(b, j + 1)
                guard j < b.count, b[j] == UInt8(ascii: "[") else { return }
                var commas = 0
                j += 1
                while j < b.count, b[j] != UInt8(ascii: "]") {
                    if b[j] == UInt8(ascii: ",") {
                        commas += 1
                        if commas >= maxVectorLength {
                            throw RetrievalError.invalid(code: .invalidVector, message:
                                "field 'vector' must be 1-\(maxVectorLength) numbers, each finite as a 32-bit float (|x| < 3.4e38)")
                        }
                    }
                    j += 1
                }
                return
            }
        }
    }

    private static func matches(_ b: UnsafeBufferPointer<UInt8>, _ key: [UInt8], at i: Int) -> Bool {
        for k in 0..<key.count where b[i + k] != key[k] { return false }
        return true
    }

    private static func skipSpace(_ b: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int {
        var j = start
        while j < b.count, b[j] == 0x20 || b[j] == 0x09 || b[j] == 0x0A || b[j] == 0x0D { j += 1 }
        return j
    }
}
