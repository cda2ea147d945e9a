/// The `HNSW` module of Ampere; see ARCHITECTURE.md for what it holds and whom it may import.
public enum HNSWModule {
    /// Module name, for diagnostics.
    public static let name = "HNSW"
}
