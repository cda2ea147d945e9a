import Foundation
import Retrieval

/// Shared field checks.
enum Check {
    /// Rejects a field longer than `max` characters, counted as Unicode code points, which is what JSON Schema's
    /// `maxLength` counts. Never grapheme clusters: one cluster can be "a" plus 100 000 combining marks, so a
    /// cluster count bounds neither memory nor work; a code point is at most 4 bytes of UTF-8.
    static func length(_ value: String?, max: Int, field: String) throws(RetrievalError) {
        guard let value, value.unicodeScalars.count > max else { return }
        throw .tooLarge(message: "field '\(field)' is longer than \(max) characters (Unicode code points)")
    }

    static func images(_ encoded: [String], limits: InputLimits, field: String) throws(RetrievalError) -> [[UInt8]] {
        var out: [[UInt8]] = []
        for (i, text) in encoded.enumerated() {
            guard text.utf8.count <= (limits.maxImageBytes / 3 + 1) * 4 + 4 else {
                throw .tooLarge(code: .fieldTooLarge, message: "\(field)[\(i)] is larger than \(limits.maxImageBytes) bytes")
            }
            guard let data = Data(base64Encoded: text, options: .ignoreUnknownCharacters), !data.isEmpty else {
                throw .invalid(code: .invalidImage, message: "\(field)[\(i)] is not base64")
            }
            out.append([UInt8](data))
        }
        return out
    }
}
