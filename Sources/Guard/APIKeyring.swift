import Retrieval

/// The configured API keys and the constant-time check of a presented key.
///
/// ```swift
/// let ring = APIKeyring(writeKeys: ["w-0123456789abcdef"], readKeys: ["r-0123456789abcdef"])
/// ring.identify(Array("r-0123456789abcdef".utf8))?.role   // .read
/// ```
/// Every stored key is zero-padded to `maximumKeyLength` bytes and compared with the (equally padded) presented
/// key over the whole width, lengths included, with no early exit and no branch on key bytes: the time taken
/// says nothing about how much of a key was right nor how long the real keys are. The key text is never
/// logged or echoed; `identity` (`key:` + 8 hex digits of the key's SHA-256) is fit for bucket keys and logs.
package struct APIKeyring: Sendable {
    struct Entry: Sendable {
        let padded: [UInt64]
        let length: UInt64
        let role: AccessRole
        let identity: String
    }

    private let entries: [Entry]

    /// A keyring; a key in both lists gets the write role. Keys longer than `maximumKeyLength` are ignored
    /// (the configuration refuses them).
    package init(writeKeys: [String], readKeys: [String]) {
        let all = writeKeys.map { ($0, AccessRole.write) } + readKeys.map { ($0, AccessRole.read) }
        entries = all.compactMap { key, role in
            let bytes = Array(key.utf8)
            guard let padded = Self.padded(bytes) else { return nil }
            let digest = SHA256.hash(bytes)
            let hex = Array("0123456789abcdef".utf8)
            let fingerprint = digest[0..<4].flatMap { [hex[Int($0 >> 4)], hex[Int($0 & 15)]] }
            return Entry(padded: padded, length: UInt64(bytes.count), role: role,
                         identity: "key:" + String(decoding: fingerprint, as: UTF8.self))
        }
    }

    /// Longest key, in bytes.
    package static let maximumKeyLength = 256

    /// `bytes` zero-padded to `maximumKeyLength` as words, or nil when longer.
    static func padded(_ bytes: [UInt8]) -> [UInt64]? {
        guard bytes.count <= maximumKeyLength else { return nil }
        var words = [UInt64](repeating: 0, count: maximumKeyLength / 8)
        bytes.withUnsafeBytes { source in words.withUnsafeMutableBytes { $0.copyMemory(from: source) } }
        return words
    }

    /// True when no key is configured (the service is then open to everyone).
    package var isEmpty: Bool { entries.isEmpty }

    /// Whether any key has the write role.
    package var hasWriteKeys: Bool { entries.contains { $0.role == .write } }

    /// The role and identity of `token`, or nil when it matches no key. Every stored key is compared over the
    /// full padded width whatever the outcome.
    package func identify(_ token: [UInt8]) -> (role: AccessRole, identity: String)? {
        guard let presented = Self.padded(token) else { return nil }
        let length = UInt64(token.count)
        var best = 0, index = 0
        presented.withUnsafeBufferPointer { p in
            for (i, entry) in entries.enumerated() {
                var diff = entry.length ^ length
                entry.padded.withUnsafeBufferPointer { k in
                    for w in 0..<k.count { diff |= k[w] ^ p[w] }
                }
                // All ones when equal, zero otherwise, without a branch on the key bytes.
                let equal = Int(bitPattern: UInt(0) &- UInt(((diff | (0 &- diff)) >> 63) ^ 1))
                let better = Int(bitPattern: UInt(0) &- UInt(entry.role.rawValue & equal > best ? 1 : 0))
                best = (best & ~better) | (entry.role.rawValue & better)
                index = (index & ~better) | (i & better)
            }
        }
        guard let role = AccessRole(rawValue: best) else { return nil }
        return (role, entries[index].identity)
    }

    /// The keys of a comma-separated list (`AMPERE_WRITE_KEYS="k1,k2"`); blanks around entries are ignored.
    package static func parseList(_ raw: String) -> [String] {
        raw.split(separator: ",", omittingEmptySubsequences: false)
            .map { String($0).trimmingWhitespace }
            .filter { !$0.isEmpty }
    }

    /// Shortest key accepted: 16 characters (a key that short is a password, not a key; generate 32+).
    package static let minimumKeyLength = 16

    /// Why a key list is malformed, or nil when it is usable (empty means no keys). The reason names entries by
    /// position, never by content: the value is a secret.
    package static func problem(in raw: String) -> String? {
        guard !raw.allSatisfy(\.isWhitespace) else { return nil }
        let entries = raw.split(separator: ",", omittingEmptySubsequences: false)
        for (i, entry) in entries.enumerated() {
            let key = String(entry).trimmingWhitespace
            let position = "entry \(i + 1) of \(entries.count)"
            if key.isEmpty { return "\(position) is empty (separate keys with single commas)" }
            if !isToken68(key) {
                return "\(position) has characters a Bearer token cannot carry (use A-Z a-z 0-9 - . _ ~ + / and trailing =)"
            }
            if key.utf8.count < minimumKeyLength { return "\(position) is shorter than \(minimumKeyLength) characters" }
            if key.utf8.count > maximumKeyLength { return "\(position) is longer than \(maximumKeyLength) characters" }
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

extension String {
    /// The string without leading and trailing whitespace (no Foundation in this module).
    var trimmingWhitespace: String { String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed()) }
}
