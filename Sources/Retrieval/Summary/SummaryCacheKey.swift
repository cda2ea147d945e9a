/// The cache key: SHA-256 of (model, prompt version, transcript), so a new model or prompt never reads stale text.
public struct SummaryCacheKey: Sendable, Hashable, CustomStringConvertible {
    /// The 32-byte digest.
    public let digest: [UInt8]

    /// Hashes the three parts with unambiguous framing (each part is length-prefixed).
    public init(model: String, promptVersion: String, transcript: String) {
        var hasher = SHA256()
        for part in [model, promptVersion, transcript] {
            let bytes = Array(part.utf8)
            var length = UInt64(bytes.count).bigEndian
            withUnsafeBytes(of: &length) { hasher.update($0) }
            bytes.withUnsafeBytes { hasher.update($0) }
        }
        digest = hasher.finalize()
    }

    /// Lower-case hex of the digest (64 characters), the form stored in SQLite.
    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for b in digest { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// The hex digest.
    public var description: String { hex }
}
