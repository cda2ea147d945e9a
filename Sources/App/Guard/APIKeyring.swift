import Retrieval

/// The configured API keys, held only as SHA-256 digests, and the constant-time check of a presented key.
///
/// ```swift
/// let ring = APIKeyring(writeKeys: ["w-0123456789abcdef"], readKeys: ["r-0123456789abcdef"])
/// ring.identify(Array("r-0123456789abcdef".utf8))?.role   // .read
/// ```
/// The presented key is hashed and its digest compared with every stored digest in full, with no early exit, so
/// the time taken says nothing about how much of a key was right, nor how long the real keys are. The key text is
/// never stored, logged or echoed; `identity` is a digest prefix, fit for bucket keys.
public struct APIKeyring: Sendable {
    struct Entry: Sendable {
        let digest: [UInt8]
        let role: AccessRole
    }

    private let entries: [Entry]

    /// A keyring; a key in both lists gets the write role.
    public init(writeKeys: [String], readKeys: [String]) {
        entries = writeKeys.map { Entry(digest: SHA256.hash($0.utf8), role: .write) }
            + readKeys.map { Entry(digest: SHA256.hash($0.utf8), role: .read) }
    }

    /// True when no key is configured (the service is then open to everyone).
    public var isEmpty: Bool { entries.isEmpty }

    /// Whether any key has the write role.
    public var hasWriteKeys: Bool { entries.contains { $0.role == .write } }

    /// The role of `token` and a stable non-secret identity for it (`key:` + 8 hex digits of its digest), or nil
    /// when it matches no key. Every stored key is compared in full whatever the outcome.
    public func identify(_ token: [UInt8]) -> (role: AccessRole, identity: String)? {
        let digest = SHA256.hash(token)
        var best = 0
        for entry in entries {
            var diff: UInt8 = 0
            for i in 0..<32 { diff |= entry.digest[i] ^ digest[i] }
            // All-ones when equal, zero otherwise, without a branch on the key bytes.
            let equal = Int(bitPattern: UInt(0) &- UInt((UInt16(diff) &- 1) >> 15))
            best = max(best, entry.role.rawValue & equal)
        }
        guard let role = AccessRole(rawValue: best) else { return nil }
        return (role, "key:" + digest[0..<4].map { byte in
            let hex = Array("0123456789abcdef".utf8)
            return String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 15)]], as: UTF8.self)
        }.joined())
    }

    /// The keys of a comma-separated list (`AMPERE_WRITE_KEYS="k1,k2"`); blanks around entries are ignored.
    public static func parseList(_ raw: String) -> [String] {
        raw.split(separator: ",", omittingEmptySubsequences: false)
            .map { String($0).trimmingSpacesAndNewlines }
            .filter { !$0.isEmpty }
    }

    /// Shortest key accepted: 16 characters (a key that short is a password, not a key; generate 32+).
    public static let minimumKeyLength = 16

    /// Why a key list is malformed, or nil when it is usable (empty means no keys). The reason names entries by
    /// position, never by content: the value is a secret.
    public static func problem(in raw: String) -> String? {
        guard !raw.allSatisfy(\.isWhitespace) else { return nil }
        let entries = raw.split(separator: ",", omittingEmptySubsequences: false)
        for (i, entry) in entries.enumerated() {
            let key = String(entry).trimmingSpacesAndNewlines
            let position = "entry \(i + 1) of \(entries.count)"
            if key.isEmpty { return "\(position) is empty (separate keys with single commas)" }
            if !isToken68(key) {
                return "\(position) has characters a Bearer token cannot carry (use A-Z a-z 0-9 - . _ ~ + / and trailing =)"
            }
            if key.utf8.count < minimumKeyLength { return "\(position) is shorter than \(minimumKeyLength) characters" }
        }
        return nil
    }

    /// RFC 9110 token68: `1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="`.
    static func isToken68(_ key: String) -> Bool {
        let bytes = Array(key.utf8)
        var end = bytes.count
        while end > 0 && bytes[end - 1] == UInt8(ascii: "=") { end -= 1 }
        guard end > 0 else { return false }
        return bytes[0..<end].allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
                || b == UInt8(ascii: "-") || b == UInt8(ascii: ".") || b == UInt8(ascii: "_") || b == UInt8(ascii: "~")
                || b == UInt8(ascii: "+") || b == UInt8(ascii: "/")
        }
    }
}
