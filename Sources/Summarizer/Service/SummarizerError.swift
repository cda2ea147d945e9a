/// Input the summarizer refuses; the API maps these to 400 and 413.
public enum SummarizerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The transcript is empty or only whitespace (400).
    case emptyTranscript
    /// The transcript is longer than `limit` UTF-8 bytes (413).
    case transcriptTooLarge(limit: Int)
    /// `max_words` is below 1 (400).
    case invalidMaxWords

    /// A human sentence for the error body.
    public var description: String {
        switch self {
        case .emptyTranscript: return "asr must hold at least one word"
        case .transcriptTooLarge(let limit): return "asr is longer than \(limit) bytes"
        case .invalidMaxWords: return "max_words must be at least 1"
        }
    }
}
