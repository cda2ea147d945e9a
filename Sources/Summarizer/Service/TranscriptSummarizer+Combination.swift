import Retrieval

/// How the extractive summarizer helps the LLM: catalog terms as candidates in the prompt (`llm.prompt_candidates`)
/// and the extractive words joined to an accepted LLM line (`llm.combine`).
extension TranscriptSummarizer {
    /// The summary cache key of `transcript`: model, prompt version (chat or completion, with or without
    /// candidates) and language.
    func cacheKey(_ llmConfig: LLMConfig, _ transcript: String) -> SummaryCacheKey {
        SummaryCacheKey(model: llmConfig.model,
                        promptVersion: SummaryPrompt.cacheVersion(language: config.language, candidates: config.promptCandidates,
                                                                  api: llmConfig.api),
                        transcript: transcript)
    }

    /// The catalog terms heard in `transcript` (its extractive summary, judged against the host-speech background
    /// without counting the transcript in it), or nil when candidates are off or there are none.
    func promptCandidates(_ transcript: String) -> String? {
        guard config.promptCandidates else { return nil }
        let terms = extractive.summarize(transcript, vocabulary: vocabulary.snapshot(), maxWords: config.defaultMaxWords,
                                         background: background, origin: .stored, learn: false)
        return terms.isEmpty ? nil : terms
    }

    /// An accepted LLM summary as `config.combination` wants it: the line alone, or with the extractive summary's
    /// missing words after it (`learn`: whether this is the transcript's first look, counted in the background).
    func combined(_ summary: Summary, transcript: String, words: Int, origin: TranscriptBackground.Origin,
                  learn: Bool = true) -> Summary {
        // Run even for the line alone when it counts the transcript in the host-speech background: every transcript
        // is learned whichever summary answers, so an LLM line does not change later extractive summaries.
        guard config.combination == .both || (learn && background != nil) else { return summary }
        let terms = extractive.summarize(transcript, vocabulary: vocabulary.snapshot(), maxWords: words,
                                         background: background, origin: origin, learn: learn)
        guard config.combination == .both else { return summary }
        var joined = summary
        joined.text = Self.join(summary.text, terms)
        return joined
    }

    /// `line`, then the words of `extra` whose tokens `line` does not already hold, in their order.
    static func join(_ line: String, _ extra: String) -> String {
        var seen = Set(TextTokenizer.words(line))
        var added: [Substring] = []
        for word in extra.split(whereSeparator: \.isWhitespace) {
            let tokens = TextTokenizer.words(String(word))
            guard !tokens.isEmpty, !tokens.allSatisfy(seen.contains) else { continue }
            seen.formUnion(tokens)
            added.append(word)
        }
        return added.isEmpty ? line : line + " " + added.joined(separator: " ")
    }
}
