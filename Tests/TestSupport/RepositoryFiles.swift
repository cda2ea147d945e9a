/// Paths of files committed in this repository (openapi.yaml, README.md, config/default.json), found from this
/// source file's location so tests work from any working directory.
package enum RepositoryFiles {
    /// The repository root.
    package static var root: String {
        // This file is <root>/Tests/TestSupport/RepositoryFiles.swift.
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)
        return parts.joined(separator: "/")
    }

    /// `<root>/relative`.
    package static func path(_ relative: String) -> String { root + "/" + relative }
}
