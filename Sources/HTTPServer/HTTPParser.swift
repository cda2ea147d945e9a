/// Incremental HTTP/1.1 request parser (RFC 9112): bytes in; a head, a complete body, or "need more" out.
///
/// The parser never owns the bytes. The caller keeps a buffer of unconsumed input, calls `parse` with it, and drops
/// the `consumed` prefix afterwards. A request comes out in two steps so the caller can act between them: `.head`
/// (route, 413 on Content-Length, 100-continue) and then `.body`. Requests with no body still produce an empty
/// `.body`. After `.body` the parser is ready for the next pipelined request.
public struct HTTPParser: Sendable {
    /// What one `parse` call produced.
    public enum Event: Sendable {
        /// The input holds no complete next element; call again with more bytes.
        case needMore
        /// The request head is complete.
        case head(HTTPRequestHead)
        /// The body of the current request is complete (de-chunked).
        case body([UInt8])
    }

    enum State: Sendable {
        case head
        case fixedBody(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers(bytes: Int)
    }

    /// Limits enforced while parsing.
    public var limits: HTTPLimits
    var state: State = .head
    /// How far the head search already looked, so a client trickling bytes costs O(n), not O(n²).
    var scanned = 0
    var body: [UInt8] = []
    var bodyLimit: Int

    /// A parser at the start of a request.
    public init(limits: HTTPLimits = HTTPLimits()) {
        self.limits = limits
        self.bodyLimit = limits.maxBodyBytes
    }

    /// True while no byte of a new request has been consumed (the connection is between requests).
    public var isAtRequestBoundary: Bool {
        if case .head = state { return scanned == 0 }
        return false
    }

    /// True between `.head` and `.body`.
    public var isReadingBody: Bool {
        if case .head = state { return false }
        return true
    }

    /// Overrides the body limit for the request whose head was just returned (per-route limits).
    /// For a Content-Length body the caller compares the length itself and answers 413 without reading it;
    /// for a chunked body the parser throws `contentTooLarge` as soon as the running total passes the limit.
    public mutating func setBodyLimit(_ limit: Int) { bodyLimit = limit }

    /// Parses as much of `input` as forms the next event; `consumed` is how many leading bytes the caller may drop.
    public mutating func parse(_ input: UnsafeBufferPointer<UInt8>) throws(HTTPParseError) -> (event: Event, consumed: Int) {
        switch state {
        case .head:
            return try parseHead(input)
        case .fixedBody(let remaining):
            let take = min(remaining, input.count)
            body.append(contentsOf: UnsafeBufferPointer(rebasing: input[0..<take]))
            if take == remaining { return (finishBody(), take) }
            state = .fixedBody(remaining: remaining - take)
            return (.needMore, take)
        default:
            return try parseChunked(input)
        }
    }

    /// Moves to the body state for `head`'s framing; called by `parseHead` once the head is complete.
    mutating func beginBody(_ framing: BodyFraming) {
        bodyLimit = limits.maxBodyBytes
        body = []
        switch framing {
        case .none: state = .fixedBody(remaining: 0)
        case .length(let n):
            state = .fixedBody(remaining: n)
            // Reserve only up to the limit: a client claiming 10 GB must not make us allocate it.
            body.reserveCapacity(min(n, limits.maxBodyBytes))
        case .chunked: state = .chunkSize
        }
    }

    mutating func finishBody() -> Event {
        let complete = body
        body = []
        state = .head
        scanned = 0
        return .body(complete)
    }
}
