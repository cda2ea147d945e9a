/// Decides whether an LLM line is fit to encode and search with, against the transcript it summarizes, the catalog
/// vocabulary and the prompt it was asked with. A good model's line passes; the failure modes of small or
/// misbehaving models (echoing the prompt or the transcript, parroting the prompt's example, answering off topic,
/// answering nothing) each fail one check, named by a `GroundingRejection`.
public struct GroundingCheck: Sendable {
    /// The thresholds.
    public let options: GroundingOptions
    /// Word 4-grams of the prompt's instructions: a line sharing one repeats the instructions.
    private let promptGrams: Set<[String]>
    /// The words and model codes of the prompt's examples.
    private let promptTerms: Set<String>

    /// Labels and delimiters of prompts and chat templates; none belongs in a product line.
    static let markers = ["<<<", ">>>", "transcript:", "fact lines:", "words heard:", "<|", "|>", "[inst]", "[/inst]",
                          "</s>", "<s>", "###", "```"]
    /// Role words that open a line of a chat transcript.
    static let roles = ["system", "user", "assistant", "human", "ai", "bot"]

    /// A check against the prompt texts the LLM is sent (`SummaryPrompt.instructionTexts`) and the example values
    /// they quote (`SummaryPrompt.examples`).
    public init(options: GroundingOptions, promptTexts: [String], promptExamples: [String] = []) {
        self.options = options
        var grams = Set<[String]>(), terms = Set<String>()
        for text in promptTexts {
            let words = TextTokenizer.words(text)
            if words.count >= 4 { for i in 0...(words.count - 4) { grams.insert(Array(words[i..<(i + 4)])) } }
        }
        for example in promptExamples {
            terms.formUnion(Self.contentWords(TextTokenizer.words(example)))
            terms.formUnion(TextTokenizer.modelCodes(example))
        }
        promptGrams = grams
        promptTerms = terms
    }

    /// Nil when `line` (the first line of the completion, cleaned) may be used; otherwise why not.
    public func judge(_ line: String, transcript: String, vocabulary: VocabularySnapshot) -> GroundingRejection? {
        let lower = line.lowercased()
        if Self.markers.contains(where: { lower.contains($0) }) { return .scaffolding }
        if let colon = lower.firstIndex(of: ":"),
           Self.roles.contains(String(lower[..<colon]).trimmingCharacters(in: " *#").trimmingSpaces) {
            return .scaffolding
        }
        let words = Array(TextTokenizer.words(line).prefix(128))
        let content = Self.contentWords(words)
        guard !content.isEmpty else { return .empty }
        if words.count >= 4, (0...(words.count - 4)).contains(where: { promptGrams.contains(Array(words[$0..<($0 + 4)])) }) {
            return .scaffolding
        }

        let spoken = TextTokenizer.words(transcript)
        var heard = Set(spoken)
        for token in TranscriptCleaner(vocabulary: vocabulary).clean(transcript) where token.kind != .noise {
            heard.insert(token.text)
        }
        // A model code the line writes ("WH-1000XM4") counts as heard when the cleaner joined it from the spelled
        // ASR ("w h one thousand x m four"); its pieces ("wh", "1000xm4") then count as heard too.
        for code in TextTokenizer.modelCodes(line) where heard.contains(code) {
            heard.formUnion(TextTokenizer.words(Self.pieces(of: code, in: line)))
        }

        if words.count >= options.copyMinWords {
            let filler = Double(words.count - content.count) / Double(words.count)
            let run = Self.longestCommonRun(words, spoken)
            if filler >= options.copyMinFillerShare, Double(run) >= options.maxCopyShare * Double(words.count) {
                return .copy
            }
        }
        let unheard = content.filter { !heard.contains($0) }
        if Double(unheard.filter(promptTerms.contains).count) >= options.maxPromptShare * Double(content.count),
           !unheard.isEmpty {
            return .promptEcho
        }
        let known = content.filter { heard.contains($0) || vocabulary.contains($0) }.count
        if Double(known) < options.minKnownShare * Double(content.count) { return .ungrounded }
        if content.count - unheard.count < max(0, options.minHeardTerms) { return .ungrounded }
        // An empty catalog has no terms to hold (the first upserts, a fresh server): that check cannot apply yet.
        if vocabulary.documentCount > 0, content.filter(vocabulary.contains).count < max(0, options.minCatalogTerms) {
            return .noCatalogTerm
        }
        return nil
    }

    /// Words that can describe a product: everything but function words, filler and host talk.
    static func contentWords(_ words: [String]) -> [String] {
        words.filter { !NoiseLexicon.english.contains($0) && !NoiseLexicon.chinese.contains($0) }
    }

    /// The chunk of `line` whose model code is `code`, so its words can be taken apart as the tokenizer does.
    static func pieces(of code: String, in line: String) -> String {
        line.lowercased().split(whereSeparator: { $0.isWhitespace || $0 == "(" || $0 == ")" || $0 == "," })
            .first { String($0.filter { $0.isLetter || $0.isNumber }) == code }.map(String.init) ?? ""
    }

    /// Length of the longest run of consecutive words of `a` found verbatim in `b`.
    static func longestCommonRun(_ a: [String], _ b: [String]) -> Int {
        guard !a.isEmpty, !b.isEmpty else { return 0 }
        var previous = [Int](repeating: 0, count: a.count + 1), best = 0
        for word in b {
            var current = [Int](repeating: 0, count: a.count + 1)
            for i in 0..<a.count where a[i] == word {
                current[i + 1] = previous[i] + 1
                best = max(best, current[i + 1])
            }
            previous = current
        }
        return best
    }
}
