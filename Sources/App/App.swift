/// The `App` module of Ampere; see ARCHITECTURE.md for what it holds and whom it may import.
public enum AppModule {
    /// Module name, for diagnostics.
    public static let name = "App"
}
