import Retrieval

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

    /// Nil when `line` (the first line of the completion, cleaned) may be used; otherwise why not. `extractive` is
    /// the transcript's extractive summary; without one (or an empty one) the product-agreement check is skipped.
    public func judge(_ line: String, transcript: String, vocabulary: VocabularySnapshot,
                      extractive: String? = nil) -> GroundingRejection? {
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
        if options.minProductAgreement > 0, let extractive,
           let agreement = productAgreement(line, extractive: extractive, vocabulary: vocabulary),
           agreement < options.minProductAgreement {
            return .otherProduct
        }
        if options.minProductCoverage > 0, let extractive,
           let coverage = productAgreement(extractive, extractive: line, vocabulary: vocabulary),
           coverage < options.minProductCoverage {
            return .thin
        }
        return nil
    }

    /// The share of `line`'s catalog salience held by terms of the `extractive` summary (0 when the line has no
    /// salient term), or nil when the summary has none (nothing to compare with). A term's salience is what the extractive summarizer scores it (without
    /// its repetition factor): a known model code its IDF x `salienceModelBoost`, a number its IDF capped at 4, a
    /// word (or CJK character pair) its IDF when at least `salienceMinIDF`, x `salienceBrandBoost` for a brand;
    /// filler and unknown terms weigh nothing. So a line about the product the transcript keeps selling agrees on
    /// its brand, model code and rare title words, and a line about a product named in passing does not. A term
    /// agrees when the summary holds it (as a word, a joined model code or a part of one) or, for a mixed term, all
    /// of its numbers.
    public func productAgreement(_ line: String, extractive: String, vocabulary: VocabularySnapshot) -> Double? {
        guard !salientTerms(extractive, vocabulary).isEmpty else { return nil }
        // The summary's words and joined model codes, and their letter and digit parts ("wh1000xm4": "wh", "1000",
        // "xm", "4"), so a line writing "WH-1000XM4" ("wh", "1000xm4") agrees with a summary writing "wh1000xm4".
        var held = Set<String>()
        for term in TextTokenizer.words(extractive) + TextTokenizer.modelCodes(extractive) {
            held.insert(term)
            held.formUnion(LexicalAnalyzer.alphaNumericParts(term))
        }
        var total = 0.0, agreed = 0.0
        for (term, weight) in salientTerms(line, vocabulary) {
            total += weight
            if held.contains(term) || Self.numbersAgree(term, held) { agreed += weight }
        }
        // A line without one salient term ("a p c 1000000...") cannot name the product the summary names.
        return total > 0 ? agreed / total : 0
    }

    /// Whether a mixed term ("100cm", "s21") agrees by its numbers: each digit part is held (the letters are mostly
    /// a unit the summary writes apart or drops, "100 cm"; "s21" and "s22" still differ).
    static func numbersAgree(_ term: String, _ held: Set<String>) -> Bool {
        let parts = LexicalAnalyzer.alphaNumericParts(term)
        guard parts.count > 1 else { return false }
        let numbers = parts.filter { $0.allSatisfy(\.isNumber) }
        return !numbers.isEmpty && numbers.allSatisfy(held.contains)
    }

    /// The distinct catalog terms of `text` with their salience (see `productAgreement`); summaries write numbers
    /// as digits and model codes joined, so one tokenization serves the line and the summary.
    func salientTerms(_ text: String, _ v: VocabularySnapshot) -> [String: Double] {
        var out: [String: Double] = [:]
        func add(_ term: String, _ weight: Double) { if weight > 0 { out[term] = max(out[term] ?? 0, weight) } }
        let words = TextTokenizer.words(text)
        for word in words {
            if word.allSatisfy(\.isNumber) {
                if v.contains(word) { add(word, min(v.idf(word), 4)) }
            } else if word.count >= 2, !NoiseLexicon.english.contains(word), !NoiseLexicon.chinese.contains(word) {
                let idf = v.idf(word)
                if idf >= options.salienceMinIDF { add(word, v.isBrand(word) ? idf * options.salienceBrandBoost : idf) }
            }
        }
        for (a, b) in zip(words, words.dropFirst())
        where a.count == 1 && b.count == 1 && a.first!.isCJK && b.first!.isCJK {
            let idf = v.idf(a + b)  // CJK: character pairs, as the vocabulary counts them
            if idf >= options.salienceMinIDF { add(a + b, idf) }
        }
        for code in TextTokenizer.modelCodes(text) where v.isModelCode(code) {
            add(code, v.idf(code) * options.salienceModelBoost)
        }
        return out
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
