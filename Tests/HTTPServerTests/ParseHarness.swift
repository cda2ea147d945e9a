@testable import HTTPServer

/// A parsed request as the tests compare it.
struct Parsed: Equatable {
    var method: String
    var target: String
    var body: [UInt8]
    var keepAlive: Bool
}

/// Drives `HTTPParser` the way a connection does: an input buffer that grows by `chunks` and shrinks by `consumed`.
struct ParseHarness {
    var parser = HTTPParser()
    var buffer: [UInt8] = []
    var head: HTTPRequestHead?
    var requests: [Parsed] = []

    init(limits: HTTPLimits = HTTPLimits()) { parser = HTTPParser(limits: limits) }

    /// Appends `bytes` and parses everything that is complete.
    mutating func feed(_ bytes: some Sequence<UInt8>) throws(HTTPParseError) {
        buffer.append(contentsOf: bytes)
        while true {
            let (event, consumed) = try buffer.withUnsafeBufferPointer { (p) throws(HTTPParseError) in try parser.parse(p) }
            buffer.removeFirst(consumed)
            switch event {
            case .needMore: return
            case .head(let h): head = h
            case .body(let b):
                guard let h = head else { fatalError("body before head") }
                requests.append(Parsed(method: h.method.rawValue, target: h.target, body: b, keepAlive: h.keepAlive))
                head = nil
            }
        }
    }

    /// Parses `bytes` delivered in pieces cut at `splits`.
    static func parse(_ bytes: [UInt8], splits: [Int] = [], limits: HTTPLimits = HTTPLimits()) throws(HTTPParseError) -> [Parsed] {
        var harness = ParseHarness(limits: limits)
        var start = 0
        for cut in splits + [bytes.count] where cut >= start {
            try harness.feed(bytes[start..<cut])
            start = cut
        }
        return harness.requests
    }

    /// The error kind parsing `text` fails with, or nil if it parses.
    static func failure(_ text: String, limits: HTTPLimits = HTTPLimits()) -> HTTPServerError? {
        do {
            _ = try parse(Array(text.utf8), limits: limits)
            return nil
        } catch {
            return error.kind
        }
    }
}
