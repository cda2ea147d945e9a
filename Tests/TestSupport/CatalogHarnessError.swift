/// A harness failure (not ready, unexpected status).
package struct CatalogHarnessError: Error, CustomStringConvertible {
    /// What went wrong.
    package let description: String
    init(_ description: String) { self.description = description }
}
