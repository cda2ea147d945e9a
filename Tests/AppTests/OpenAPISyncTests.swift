import API
import App
import Foundation
import Testing
import TestSupport

@Suite("openapi.yaml stays in sync with the code")
struct OpenAPISyncTests {
    /// `METHOD /path` for every operation under `paths:` (2-space indented paths, 4-space indented methods).
    static func documentedOperations() throws -> Set<String> {
        let text = try String(contentsOfFile: RepositoryFiles.path("openapi.yaml"), encoding: .utf8)
        var operations = Set<String>()
        var inPaths = false
        var currentPath: String?
        let methods: Set<String> = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if !line.hasPrefix(" ") && !line.isEmpty { inPaths = line == "paths:"; continue }
            guard inPaths else { continue }
            if line.hasPrefix("  /") && !line.hasPrefix("   ") {
                currentPath = String(line.dropFirst(2).dropLast())  // "  /health:" -> "/health"
            } else if line.hasPrefix("    ") && !line.hasPrefix("     "), let path = currentPath {
                let key = line.dropFirst(4).split(separator: ":")[0]
                if methods.contains(String(key)) { operations.insert("\(key.uppercased()) \(path)") }
            }
        }
        return operations
    }

    @Test func everyRouteIsDocumentedAndNothingElse() throws {
        let tester = try AppTester()
        defer { tester.stop() }
        let routes = Set(tester.app.router.routes.map { "\($0.method.rawValue) \($0.template)" })
        let documented = try Self.documentedOperations()
        #expect(!routes.isEmpty)
        #expect(routes.subtracting(documented).isEmpty, "routes missing from openapi.yaml: \(routes.subtracting(documented))")
        #expect(documented.subtracting(routes).isEmpty, "openapi.yaml documents routes that do not exist: \(documented.subtracting(routes))")
    }

    @Test func errorCodeEnumMatchesTheTable() throws {
        let text = try String(contentsOfFile: RepositoryFiles.path("openapi.yaml"), encoding: .utf8)
        let section = try #require(text.range(of: "    ErrorCode:"))
        let codes = text[section.upperBound...].split(separator: "\n")
            .filter { $0.hasPrefix("        - ") }.map { String($0.dropFirst(10)) }
        #expect(Set(codes) == Set(APIError.Code.allCases.map(\.rawValue)))
    }
}
