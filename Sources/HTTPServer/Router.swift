/// Maps method + path to a handler. Templates are literal segments and `{name}` parameters: `/products/{id}`.
///
/// Built before the server starts and immutable afterwards (the server copies it), so lookups need no lock.
/// Static paths are one dictionary lookup; templated paths are tried in registration order.
public struct Router: Sendable {
    /// All routes with the same template, keyed by method.
    struct Group: Sendable {
        let template: String
        let segments: [Segment]
        var byMethod: [HTTPMethod: Route] = [:]
    }

    enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
    }

    /// What a lookup found.
    public enum Lookup: Sendable {
        /// A route for this method and path.
        case found(RouteMatch)
        /// The path exists, but not for this method; `allowed` lists the methods that exist (for `Allow`).
        case methodNotAllowed(allowed: [HTTPMethod])
        /// No route has this path.
        case notFound
    }

    private var staticGroups: [String: Group] = [:]
    private var dynamicGroups: [Group] = []
    /// Every route in registration order.
    public private(set) var routes: [Route] = []

    /// An empty router.
    public init() {}

    /// Registers `handler` for `method` on `template`. A later registration of the same pair replaces the earlier.
    /// `preflight` checks the head before the body is read (see `Route.preflight`).
    public mutating func add(_ method: HTTPMethod, _ template: String, bodyLimit: Int? = nil, preflight: Preflight? = nil,
                             _ handler: RouteHandler) {
        let segments = Self.segments(of: template)
        precondition(template.hasPrefix("/"), "route templates start with '/': \(template)")
        let route = Route(method: method, template: template, bodyLimit: bodyLimit, handler: handler, index: routes.count,
                          preflight: preflight)
        routes.append(route)
        if segments.contains(where: { if case .parameter = $0 { true } else { false } }) {
            if let i = dynamicGroups.firstIndex(where: { $0.template == template }) {
                dynamicGroups[i].byMethod[method] = route
            } else {
                var g = Group(template: template, segments: segments)
                g.byMethod[method] = route
                dynamicGroups.append(g)
            }
        } else {
            staticGroups[template, default: Group(template: template, segments: segments)].byMethod[method] = route
        }
    }

    /// Registers a synchronous handler: `router.get("/health") { req in ... }`.
    public mutating func get(_ template: String, _ handler: @escaping @Sendable (HTTPRequest) throws -> HTTPResponse) {
        add(.get, template, .sync(handler))
    }

    /// Registers an async handler for GET.
    public mutating func get(_ template: String, _ handler: @escaping @Sendable (HTTPRequest) async throws -> HTTPResponse) {
        add(.get, template, .async(handler))
    }

    /// Registers an async handler for POST, with an optional body limit override.
    public mutating func post(
        _ template: String, bodyLimit: Int? = nil,
        _ handler: @escaping @Sendable (HTTPRequest) async throws -> HTTPResponse
    ) {
        add(.post, template, bodyLimit: bodyLimit, .async(handler))
    }

    /// Registers an async handler for DELETE.
    public mutating func delete(_ template: String, _ handler: @escaping @Sendable (HTTPRequest) async throws -> HTTPResponse) {
        add(.delete, template, .async(handler))
    }

    /// Finds the route for `method` and `path`. HEAD falls back to GET (the server then drops the body).
    public func lookup(method: HTTPMethod, path: Substring) -> Lookup {
        if let group = staticGroups[String(path)] {
            return Self.pick(group, method: method, parameters: [:])
        }
        guard !dynamicGroups.isEmpty else { return .notFound }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        for group in dynamicGroups where group.segments.count == parts.count {
            var parameters: [String: String] = [:]
            var matched = true
            for (segment, part) in zip(group.segments, parts) {
                switch segment {
                case .literal(let s) where s == part: continue
                case .parameter(let name) where !part.isEmpty:
                    guard let value = PercentDecoding.decode(part) else { matched = false; break }
                    parameters[name] = value
                default: matched = false
                }
                if !matched { break }
            }
            if matched { return Self.pick(group, method: method, parameters: parameters) }
        }
        return .notFound
    }

    private static func pick(_ group: Group, method: HTTPMethod, parameters: [String: String]) -> Lookup {
        if let route = group.byMethod[method] ?? (method == .head ? group.byMethod[.get] : nil) {
            return .found(RouteMatch(route: route, parameters: parameters))
        }
        var allowed = Array(group.byMethod.keys)
        if allowed.contains(.get) && !allowed.contains(.head) { allowed.append(.head) }
        return .methodNotAllowed(allowed: allowed.sorted { $0.rawValue < $1.rawValue })
    }

    static func segments(of template: String) -> [Segment] {
        template.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map { part in
            if part.hasPrefix("{") && part.hasSuffix("}") && part.count > 2 {
                return .parameter(String(part.dropFirst().dropLast()))
            }
            return .literal(String(part))
        }
    }
}
