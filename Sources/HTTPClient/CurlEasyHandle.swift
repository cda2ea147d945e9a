import CCurl

/// Owns one libcurl easy handle (and its error buffer) for its whole life; `deinit` releases both.
///
/// Not thread-safe: exactly one worker thread uses a handle at a time. The handle is reused between
/// requests (after `curl_easy_reset`) so libcurl keeps its connection cache and keep-alive sockets.
final class CurlEasyHandle {
    private let handle: UnsafeMutableRawPointer
    private let errorBuffer: UnsafeMutablePointer<CChar>

    /// Creates the handle; `curl_global_init` runs once per process first.
    init() {
        _ = CurlGlobal.initialized
        guard let h = curl_easy_init() else { fatalError("curl_easy_init failed (out of memory)") }
        handle = h
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
    }

    deinit {
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    /// Runs `request` to completion on the calling thread (blocking). Call only from a dedicated thread.
    func perform(_ request: ClientRequest, configuration: HTTPClientConfiguration) throws(HTTPClientError) -> ClientResponse {
        curl_easy_reset(handle)
        errorBuffer[0] = 0
        let sink = ResponseSink(limit: configuration.maxResponseBytes)
        let sinkPointer = Unmanaged.passRetained(sink)
        defer { sinkPointer.release() }

        var headerList: UnsafeMutablePointer<curl_slist>? = nil
        // An empty "Expect:" stops curl from waiting for `100 Continue` before sending large bodies.
        for line in request.headers.map({ "\($0.name): \($0.value)" }) + ["Expect:"] {
            headerList = curl_slist_append(headerList, line)
        }
        defer { curl_slist_free_all(headerList) }

        try check(ccurl_setopt_str(handle, CURLOPT_URL, request.url), url: true)
        try check(ccurl_setopt_str(handle, CURLOPT_PROTOCOLS_STR, "http,https"), url: true)
        try check(ccurl_setopt_long(handle, CURLOPT_NOSIGNAL, 1))  // no SIGALRM for DNS timeouts: we are multi-threaded
        try check(ccurl_setopt_ptr(handle, CURLOPT_ERRORBUFFER, errorBuffer))
        try check(ccurl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(configuration.connectTimeout)))
        try check(ccurl_setopt_long(handle, CURLOPT_TIMEOUT_MS, Self.milliseconds(configuration.totalTimeout)))
        try check(ccurl_setopt_off(handle, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(configuration.maxResponseBytes)))
        try check(ccurl_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 0))
        try check(ccurl_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList))
        try check(ccurl_setopt_write_cb(handle, curlWriteBody))
        try check(ccurl_setopt_ptr(handle, CURLOPT_WRITEDATA, sinkPointer.toOpaque()))
        try check(ccurl_setopt_header_cb(handle, curlWriteHeader))
        try check(ccurl_setopt_ptr(handle, CURLOPT_HEADERDATA, sinkPointer.toOpaque()))
        try setMethodAndBody(request)

        let code = curl_easy_perform(handle)
        if code != CURLE_OK { throw classify(code, sink: sink) }
        var status = 0
        _ = ccurl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return ClientResponse(status: status, headers: sink.headers, body: sink.body)
    }

    private func setMethodAndBody(_ request: ClientRequest) throws(HTTPClientError) {
        let method = request.method.uppercased()
        if !request.body.isEmpty || method == "POST" {
            // Size first, then COPYPOSTFIELDS: curl copies the bytes, so no pointer outlives this call.
            try check(ccurl_setopt_off(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.count)))
            var body = request.body
            if body.isEmpty { body = [0] }  // a valid pointer for a zero-length copy
            let rc = body.withUnsafeMutableBytes { ccurl_setopt_ptr(handle, CURLOPT_COPYPOSTFIELDS, $0.baseAddress) }
            try check(rc)
        }
        if method == "HEAD" {
            try check(ccurl_setopt_long(handle, CURLOPT_NOBODY, 1))
        } else if method != "GET" && method != "POST" {
            try check(ccurl_setopt_str(handle, CURLOPT_CUSTOMREQUEST, method))
        }
    }

    private func check(_ code: CURLcode, url: Bool = false) throws(HTTPClientError) {
        guard code != CURLE_OK else { return }
        let message = String(cString: curl_easy_strerror(code))
        throw url ? .invalidURL(message) : .transport(code: Int(code.rawValue), message: message)
    }

    private func classify(_ code: CURLcode, sink: ResponseSink) -> HTTPClientError {
        let detail = errorBuffer[0] != 0 ? String(cString: errorBuffer) : String(cString: curl_easy_strerror(code))
        switch code {
        case CURLE_WRITE_ERROR where sink.overflowed, CURLE_FILESIZE_EXCEEDED:
            return .responseTooLarge(limit: sink.limit)
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return .connectFailed(detail)
        case CURLE_OPERATION_TIMEDOUT:
            var connectTime = 0.0
            _ = ccurl_getinfo_double(handle, CURLINFO_CONNECT_TIME, &connectTime)
            return connectTime == 0 ? .connectFailed(detail) : .timedOut
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL:
            return .invalidURL(detail)
        default:
            return .transport(code: Int(code.rawValue), message: detail)
        }
    }

    private static func milliseconds(_ seconds: Double) -> Int {
        max(1, Int((seconds * 1000).rounded(.up)))
    }
}

/// `curl_global_init` is not thread-safe; a `static let` runs it exactly once, on first use.
enum CurlGlobal {
    static let initialized: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK
}
