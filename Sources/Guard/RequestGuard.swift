import API
import CoreMetrics
import Dispatch
import HTTPServer
import Retrieval

/// The guard in front of the routes: API-key authentication, per-client rate limiting and admission control,
/// installed per route by `router(for:)` (a head preflight plus a handler wrapper), so the HTTP server stays generic.
///
/// Order for a guarded request: on the head, identify the caller (key or client IP), take a token from its bucket
/// (429), then refuse a missing, wrong (401) or read-only key on a write route (403); once the body is in, wait
/// for an admission slot (503 when the line is full). Failed key attempts therefore cost tokens from the client IP's bucket too.
/// What each route demands is declared where it is registered (`Endpoint.access`, `Endpoint.traffic`): `/health` is
/// open, `/metrics` needs a read key unless `auth.metrics` is `open`; neither counts against rate or admission
/// limits, so monitoring keeps working under load.
package final class RequestGuard: Sendable {
    /// What a route demands, from its `Endpoint` declaration.
    package struct Policy: Sendable, Equatable {
        /// The role a key needs, or nil for no authentication.
        package var role: AccessRole?
        /// Whether the rate limiter and admission gate apply.
        package var limited: Bool

        /// The policy of `endpoint`: its declared access and traffic class.
        package init(_ endpoint: Endpoint) {
            switch endpoint.access {
            case .open: role = nil
            case .read: role = .read
            case .write: role = .write
            }
            limited = endpoint.traffic == .api
        }

        /// A policy given directly.
        package init(role: AccessRole?, limited: Bool) {
            self.role = role
            self.limited = limited
        }
    }

    /// Why a request was turned away (the `reason` label of `http_guard_rejections_total`).
    package enum Rejection: String, Sendable, CaseIterable {
        case unauthorized, forbidden, rateLimited = "rate_limited", overloaded
        /// Waited `limits.queue_timeout_s` for a slot.
        case queueTimeout = "queue_timeout"
        /// The client hung up while waiting for a slot.
        case abandoned
    }

    /// The API keys (empty: authentication is off).
    package let keyring: APIKeyring
    /// Per-client token buckets.
    package let limiter: RateLimiter
    /// The in-flight bound.
    package let gate: AdmissionGate
    /// `Retry-After` seconds on a 503 from the admission gate.
    package let retryAfterSeconds: Int
    private let rejections: [Counter]

    /// A guard; `factory` receives its rejection counters.
    package init(keyring: APIKeyring, limiter: RateLimiter, gate: AdmissionGate, retryAfterSeconds: Int,
                factory: any MetricsFactory) {
        self.keyring = keyring
        self.limiter = limiter
        self.gate = gate
        self.retryAfterSeconds = max(1, retryAfterSeconds)
        rejections = Rejection.allCases.map {
            Counter(label: "http_guard_rejections_total", dimensions: [("reason", $0.rawValue)], factory: factory)
        }
    }

    /// `endpoints` as a router with the guard installed on every route: authentication and the rate limit as the
    /// route's preflight (checked on the request head, before any body byte is read, so a refused client cannot make
    /// the server buffer a large body), admission around async handlers. A route without a preflight to run
    /// (authentication and rate limiting off) skips it; limited async handlers are always wrapped, to carry the
    /// request's `RequestContext`.
    package func router(for endpoints: EndpointTable) -> Router {
        endpoints.router { endpoint in
            let policy = Policy(endpoint)
            var preflight: Preflight?
            if (policy.role != nil && !keyring.isEmpty) || (policy.limited && limiter.isEnabled) {
                preflight = { [self] head, peer in check(head.headers, peer: peer, policy)?.response }
            }
            return (preflight, admitting(endpoint.handler, policy))
        }
    }

    /// `handler` behind the admission gate when the policy limits it (async handlers only: sync ones are cheap
    /// by contract and run inline), with a `RequestContext` naming the client for the work below (the LLM's
    /// per-client quota); the extra tokens the handler charged to it (an expensive search) are taken from the
    /// client's bucket when it returns.
    func admitting(_ handler: RouteHandler, _ policy: Policy) -> RouteHandler {
        guard policy.limited, case .async(let inner) = handler else { return handler }
        return .async { [self] request in
            switch await gate.enter() {
            case .admitted: break
            case .full:
                count(.overloaded)
                throw APIError(.unavailable, "The server is at capacity; retry shortly.",
                               headers: ["Retry-After": String(retryAfterSeconds)])
            case .timedOut:
                count(.queueTimeout)
                throw APIError(.unavailable, "The server is at capacity (no slot within limits.queue_timeout_s); retry shortly.",
                               headers: ["Retry-After": String(retryAfterSeconds)])
            case .cancelled:
                count(.abandoned)  // the client hung up while waiting: at most a half-closed client reads this
                throw APIError(.unavailable, "The request was given up: the client closed the connection while it waited.",
                               headers: ["Retry-After": String(retryAfterSeconds)])
            }
            defer { gate.leave() }
            let context = RequestContext { [self] in identity(request.headers, peer: request.peer, policy) }
            defer {
                if context.extraTokens > 0 {
                    limiter.charge(context.client, tokens: context.extraTokens, now: DispatchTime.now().uptimeNanoseconds)
                }
            }
            return try await RequestContext.$current.withValue(context) { try await inner(request) }
        }
    }

    /// The rate limiter's name for the caller: its key's identity when the route authenticates and the key is
    /// valid, else its IP address (as `check` decides on the head).
    func identity(_ headers: HTTPHeaders, peer: String, _ policy: Policy) -> String {
        if policy.role != nil, !keyring.isEmpty, case .success(let caller) = authenticate(headers) { return caller.identity }
        return "ip:" + peer
    }

    /// Authentication and the rate limit for a request with `headers` from `peer`: the 401/403/429 to answer,
    /// or nil to let it through.
    package func check(_ headers: HTTPHeaders, peer: String, _ policy: Policy) -> APIError? {
        var identity = "ip:" + peer  // kept in step with `identity(_:peer:_:)`
        var failure: APIError?
        if let required = policy.role, !keyring.isEmpty {
            switch authenticate(headers) {
            case .success(let caller):
                identity = caller.identity
                if caller.role < required {
                    failure = APIError(.forbidden, "This API key may only read; upserts and deletes need a write key.",
                                       headers: ["WWW-Authenticate": #"Bearer realm="ampere", error="insufficient_scope""#])
                }
            case .failure(let error):
                failure = error
            }
        }
        if policy.limited, let wait = limiter.take(identity, now: DispatchTime.now().uptimeNanoseconds) {
            count(.rateLimited)
            return APIError(.tooManyRequests, "Too many requests from this client; retry in \(wait) s.",
                            headers: ["Retry-After": String(wait)])
        }
        if let failure { count(failure.kind == .forbidden ? .forbidden : .unauthorized) }
        return failure
    }

    /// The caller's role and identity from `Authorization: Bearer KEY`.
    func authenticate(_ headers: HTTPHeaders) -> Result<(role: AccessRole, identity: String), APIError> {
        var credential: String?, fields = 0
        for field in headers where Self.isAuthorization(field.name) {
            credential = field.value
            fields += 1
        }
        guard fields == 1, let credential, let token = Self.bearerToken(credential) else {
            return .failure(APIError(.unauthorized, "This endpoint needs an API key: send 'Authorization: Bearer KEY'.",
                                     headers: ["WWW-Authenticate": #"Bearer realm="ampere""#]))
        }
        guard let caller = keyring.identify(token) else {
            return .failure(APIError(.unauthorized, "The API key is not valid.",
                                     headers: ["WWW-Authenticate": #"Bearer realm="ampere", error="invalid_token""#]))
        }
        return .success(caller)
    }

    /// ASCII case-insensitive `name == "authorization"`, without allocating.
    static func isAuthorization(_ name: String) -> Bool {
        var utf8 = name.utf8.makeIterator()
        for expected in "authorization".utf8 {
            guard let b = utf8.next(), b | 0x20 == expected else { return false }
        }
        return utf8.next() == nil
    }

    /// The token of a `Bearer` credential (scheme case-insensitive, RFC 9110 §11.1), or nil.
    static func bearerToken(_ value: String) -> [UInt8]? {
        let bytes = Array(value.utf8)
        guard bytes.count > 7, bytes[6] == UInt8(ascii: " ") else { return nil }
        for (i, expected) in "bearer".utf8.enumerated() where bytes[i] | 0x20 != expected { return nil }
        var start = 7
        while start < bytes.count && bytes[start] == UInt8(ascii: " ") { start += 1 }
        var end = bytes.count
        while end > start && (bytes[end - 1] == UInt8(ascii: " ") || bytes[end - 1] == UInt8(ascii: "\t")) { end -= 1 }
        return start < end ? Array(bytes[start..<end]) : nil
    }

    private func count(_ reason: Rejection) {
        rejections[Rejection.allCases.firstIndex(of: reason)!].increment()
    }
}
