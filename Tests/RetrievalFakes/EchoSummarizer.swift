import Retrieval
import Synchronization

/// A `TranscriptSummarizing` without an LLM: the summary is the transcript's first `words` whitespace-separated
/// words (or `maxWords`, when smaller), joined by single spaces, with source `.extractive`. Records every
/// transcript summarized and every `catalogDidAdd` / `catalogDidRemove`, in order.
package final class EchoSummarizer: TranscriptSummarizing, Sendable {
    /// One vocabulary notification.
    package enum Event: Sendable, Equatable {
        /// `catalogDidAdd(productText:)`.
        case added(String)
        /// `catalogDidRemove(productText:)`.
        case removed(String)
    }

    private struct State {
        var transcripts: [String] = []
        var events: [Event] = []
    }

    /// Words kept by default.
    package let words: Int
    private let state = Mutex(State())

    /// A summarizer keeping the first `words` words.
    package init(words: Int = 8) {
        self.words = words
    }

    /// The summary `summarize` gives for `transcript`, without recording a call.
    package func summary(of transcript: String, maxWords: Int? = nil) -> Summary {
        let n = min(words, maxWords ?? words)
        let kept = transcript.split(whereSeparator: \.isWhitespace).prefix(max(0, n))
        return Summary(text: kept.joined(separator: " "), source: .extractive)
    }

    /// Every transcript summarized so far.
    package var transcripts: [String] { state.withLock { $0.transcripts } }

    /// Every vocabulary notification so far.
    package var events: [Event] { state.withLock { $0.events } }

    /// The texts currently in the vocabulary: every added text not removed since (a multiset, as a sorted list).
    package var vocabulary: [String] {
        var remaining: [String] = []
        for event in events {
            switch event {
            case .added(let text): remaining.append(text)
            case .removed(let text): if let i = remaining.firstIndex(of: text) { remaining.remove(at: i) }
            }
        }
        return remaining.sorted()
    }

    package func summarize(_ transcript: String, maxWords: Int?) async throws -> Summary {
        state.withLock { $0.transcripts.append(transcript) }
        return summary(of: transcript, maxWords: maxWords)
    }

    package func catalogDidAdd(productText: String) {
        state.withLock { $0.events.append(.added(productText)) }
    }

    package func catalogDidRemove(productText: String) {
        state.withLock { $0.events.append(.removed(productText)) }
    }
}
