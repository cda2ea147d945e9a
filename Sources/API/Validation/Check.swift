import Foundation
import Retrieval

/// Shared field checks.
enum Check {
    static func length(_ value: String?, max: Int, field: String) throws(RetrievalError) {
        guard let value, value.count > max else { return }
        throw .tooLarge(message: "field '\(field)' is longer than \(max) characters")
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
