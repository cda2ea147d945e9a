/// A harness failure (not ready, unexpected status).
public struct CatalogHarnessError: Error, CustomStringConvertible {
    /// What went wrong.
    public let description: String
    init(_ description: String) { self.description = description }
}
