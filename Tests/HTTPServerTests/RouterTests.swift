import Testing
@testable import HTTPServer

@Suite("Router")
struct RouterTests {
    func makeRouter() -> Router {
        var r = Router()
        r.get("/health") { _ in HTTPResponse() }
        r.add(.get, "/products/{id}", .sync { req in HTTPResponse(contentType: "text/plain", body: req.pathParameters["id"] ?? "") })
        r.add(.delete, "/products/{id}", .sync { _ in HTTPResponse(status: .noContent) })
        r.add(.post, "/products/batch", bodyLimit: 10, .sync { _ in HTTPResponse() })
        return r
    }

    @Test func staticAndTemplatedRoutes() throws {
        let r = makeRouter()
        guard case .found(let m) = r.lookup(method: .get, path: "/health") else { Issue.record("no /health"); return }
        #expect(m.route.template == "/health")
        guard case .found(let p) = r.lookup(method: .get, path: "/products/a%2Fb") else { Issue.record("no product"); return }
        #expect(p.parameters == ["id": "a/b"])
        #expect(p.route.template == "/products/{id}")
        guard case .found(let b) = r.lookup(method: .post, path: "/products/batch") else { Issue.record("no batch"); return }
        #expect(b.route.bodyLimit == 10)
    }

    @Test func notFoundAndMethodNotAllowed() {
        let r = makeRouter()
        guard case .notFound = r.lookup(method: .get, path: "/nope") else { Issue.record("expected 404"); return }
        guard case .notFound = r.lookup(method: .get, path: "/products/") else { Issue.record("empty param must not match"); return }
        guard case .notFound = r.lookup(method: .get, path: "/products/a/b") else { Issue.record("extra segment"); return }
        guard case .methodNotAllowed(let allowed) = r.lookup(method: .post, path: "/products/x") else {
            Issue.record("expected 405"); return
        }
        #expect(allowed.map(\.rawValue) == ["DELETE", "GET", "HEAD"])
    }

    @Test func headFallsBackToGet() {
        let r = makeRouter()
        guard case .found(let m) = r.lookup(method: .head, path: "/health") else { Issue.record("HEAD"); return }
        #expect(m.route.method == .get)
    }

    @Test func routesAreListedInOrder() {
        #expect(makeRouter().routes.map { "\($0.method) \($0.template)" }
            == ["GET /health", "GET /products/{id}", "DELETE /products/{id}", "POST /products/batch"])
    }
}
