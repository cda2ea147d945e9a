/// The versioned prompt. Bump `version` whenever any wording changes: it is part of the cache key.
public enum SummaryPrompt {
    /// Prompt version; cached summaries written under another version are never read.
    public static let version = "v1"

    /// Completion tokens a line of `maxWords` words needs: about two tokens a word (model codes, numbers and CJK
    /// characters take several) plus a margin, so a model that ignores the budget is cut off early.
    public static func tokenBudget(maxWords: Int) -> Int { 2 * max(1, maxWords) + 16 }

    /// The cache-key component: prompt version (this one, or `CompletionPrompt.version` for the completion API) plus
    /// the language mode, which also changes the output, and whether the prompt quotes catalog candidates.
    public static func cacheVersion(language: SummaryLanguage, candidates: Bool = false, api: LLMAPI = .chat) -> String {
        let base = switch api {
        case .chat: version
        case .completion: CompletionPrompt.version
        }
        return "\(base)-\(language.rawValue)" + (candidates ? "-candidates" : "")
    }

    /// The label before the catalog candidates (after the transcript, so the prefix stays the same for every call).
    public static let candidatesLabel = "Catalog words heard:"

    /// Messages asking for one line of facts about the product being sold in `transcript`; `candidates` (catalog
    /// terms heard in it) follow the transcript when given.
    public static func messages(transcript: String, language: SummaryLanguage, maxWords: Int,
                                candidates: String? = nil) -> [ChatMessage] {
        let hint = candidates.map { "\n\(candidatesLabel) \($0)" } ?? ""
        return [
            ChatMessage(role: "system", content: system(language: language, maxWords: maxWords)),
            ChatMessage(role: "user", content: "Transcript:\n<<<\n\(transcript)\n>>>\(hint)"),
        ]
    }

    /// Messages merging the per-window lines of a long transcript (the reduce step) into one line.
    public static func reduceMessages(partials: [String], language: SummaryLanguage, maxWords: Int) -> [ChatMessage] {
        let numbered = partials.enumerated().map { "\($0.offset + 1). \($0.element)" }.joined(separator: "\n")
        return [
            ChatMessage(role: "system", content: system(language: language, maxWords: maxWords) + reduceRule),
            ChatMessage(role: "user", content: "Fact lines:\n\(numbered)"),
        ]
    }

    /// Every instruction text the LLM may be sent with `maxWords` (both languages, map and reduce), for the
    /// grounding check: a line repeating them, or their examples, is the prompt talking, not the transcript.
    public static func instructionTexts(maxWords: Int) -> [String] {
        SummaryLanguage.allCases.map { system(language: $0, maxWords: maxWords) }
            + [reduceRule, "Transcript:", "Fact lines:", candidatesLabel]
    }

    /// The example values the instructions quote. A model that parrots them whatever the transcript says is caught
    /// by the grounding check (`prompt_echo`), which is why they are named here once.
    public static let examples = ["256 GB", "WH-1000XM4"]

    static let reduceRule = """
     The input below is not a transcript but fact lines taken from consecutive parts of one transcript. \
    Merge them into one line about the product most parts are about; ignore products only one part mentions.
    """

    static func system(language: SummaryLanguage, maxWords: Int) -> String {
        let languageRule = switch language {
        case .matchTranscript: "Write in the transcript's language."
        case .english: "Write in English, translating if the transcript is in another language."
        }
        return """
        You turn noisy speech-recognition transcripts of live-stream and short-video sales into product search text. \
        Answer with exactly one line of at most \(maxWords) words: the facts about the ONE product being sold - brand, \
        product type, model number, key attributes (colour, size, capacity, material, quantity) and the price only if \
        stated. Write numbers, units and model numbers in their usual written form (\"\(examples[0])\", \"\(examples[1])\"), \
        repairing words the recognizer split or misheard. Leave out greetings, filler, chit-chat, calls to action, \
        shipping and promotion talk, and products mentioned only in passing. No sentences, labels, quotes or \
        explanations. \(languageRule)
        """
    }
}
