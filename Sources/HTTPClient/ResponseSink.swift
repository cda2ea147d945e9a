import CCurl

/// Collects one response's headers and body from libcurl's callbacks, enforcing the body size cap.
final class ResponseSink {
    let limit: Int
    private(set) var body: [UInt8] = []
    private(set) var headers: [(name: String, value: String)] = []
    /// Set when the body passed `limit`, so the resulting `CURLE_WRITE_ERROR` is reported as "too large".
    private(set) var overflowed = false

    init(limit: Int) { self.limit = limit }

    func appendBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard body.count + bytes.count <= limit else { overflowed = true; return false }
        body.append(contentsOf: bytes)
        return true
    }

    func appendHeaderLine(_ bytes: UnsafeRawBufferPointer) {
        var line = String(decoding: bytes, as: UTF8.self)
        while let last = line.last, last.isNewline { line.removeLast() }  // "\r\n" is one Character
        // A new status line starts a new response (100 Continue, redirects): keep only the final header block.
        if line.hasPrefix("HTTP/") { headers.removeAll(); return }
        guard let colon = line.firstIndex(of: ":") else { return }
        let name = String(line[..<colon])
        let value = line[line.index(after: colon)...].trimmingSpaces()
        headers.append((name: name, value: value))
    }
}

extension Substring {
    func trimmingSpaces() -> String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}

/// libcurl body callback: returning fewer bytes than offered aborts the transfer (how the size cap works).
let curlWriteBody: curl_write_callback = { data, size, count, userdata in
    guard let data, let userdata else { return 0 }
    let sink = Unmanaged<ResponseSink>.fromOpaque(userdata).takeUnretainedValue()
    let total = size * count
    return sink.appendBody(UnsafeRawBufferPointer(start: data, count: total)) ? total : 0
}

/// libcurl header callback: called once per header line, including the status line and the blank line.
let curlWriteHeader: curl_write_callback = { data, size, count, userdata in
    guard let data, let userdata else { return 0 }
    let sink = Unmanaged<ResponseSink>.fromOpaque(userdata).takeUnretainedValue()
    let total = size * count
    sink.appendHeaderLine(UnsafeRawBufferPointer(start: data, count: total))
    return total
}
