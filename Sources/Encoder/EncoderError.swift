/// Errors of the encoder; the API maps `notReady` to 503 and `invalidInput` to 400/422.
public enum EncoderError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Model files missing, unreadable or inconsistent (message names the file and the problem).
    case modelFiles(String)
    /// The encoder is still loading its weights (or failed to); try again later.
    case notReady(String)
    /// The request had nothing to encode or something unusable in it.
    case invalidInput(String)

    /// Human-readable message.
    public var description: String {
        switch self {
        case .modelFiles(let m): "model files: \(m)"
        case .notReady(let m): "encoder not ready: \(m)"
        case .invalidInput(let m): "invalid encoder input: \(m)"
        }
    }
}
