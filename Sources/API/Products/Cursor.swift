import Retrieval

/// Opaque pagination cursors: the last id of the previous page, hex-encoded so clients treat it as opaque.
enum Cursor {
    static func encode(_ id: String) -> String {
        "c" + id.utf8.map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    static func decode(_ text: String) -> String? {
        guard text.first == "c", text.count % 2 == 1 else { return nil }
        var bytes: [UInt8] = []
        var chars = text.dropFirst()[...]
        while !chars.isEmpty {
            guard let byte = UInt8(chars.prefix(2), radix: 16) else { return nil }
            bytes.append(byte)
            chars = chars.dropFirst(2)
        }
        let id = String(decoding: bytes, as: UTF8.self)
        return InputLimits.isValidID(id) ? id : nil
    }
}
