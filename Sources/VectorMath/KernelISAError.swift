/// Why a kernel path cannot be used here.
public struct KernelISAError: Error, Sendable, Equatable, CustomStringConvertible {
    /// One sentence naming what is missing.
    public let reason: String
    /// Plain reason.
    public var description: String { reason }
}
