/// The completion-style prompt for base models (`llm.api = completion`): a model that was never taught to follow
/// instructions still continues a document, so the prompt is one: a header line saying what the document is, two
/// short worked examples (a noisy transcript, then its `Product:` line), and the transcript to summarize, ending in
/// the `Product:` cue. The model writes the product line and the stop sequence (`"\n"`) ends it there.
///
/// Everything before the transcript is the same for every call, so a server that caches prompt prefixes (llama.cpp)
/// evaluates it once. Bump `version` whenever any wording changes: it is part of the summary cache key.
public enum CompletionPrompt {
    /// Prompt version; cached summaries written under another version are never read.
    public static let version = "c1"

    /// The label of each transcript in the document.
    public static let transcriptLabel = "Transcript:"
    /// The cue the model continues after.
    public static let productLabel = "Product:"

    /// The worked examples: a transcript as the recognizer writes it (lower case, no punctuation, numbers and model
    /// codes spoken, filler and host talk), then the line wanted for it. Neither product is in the dev catalog, so a
    /// model that parrots an example is caught by the grounding check (`prompt_echo`) instead of matching by luck.
    public static let workedExamples: [(transcript: String, product: String)] = [
        ("hey guys welcome back so um today i have the hydro peak insulated bottle seven fifty m l in matte black " +
         "keeps your drinks cold like twenty four hours link is in my bio",
         "Hydropeak insulated water bottle 750 ml matte black"),
        ("okay so this one is the lumix g seven camera kit with the fourteen forty two lens uh sixteen megapixel " +
         "and we also had the tripod earlier it's just four ninety nine today smash that follow button",
         "Panasonic Lumix G7 camera kit 14-42 mm lens 16 MP"),
    ]

    /// The example values a parroting model repeats whatever the transcript says (for `prompt_echo`).
    public static var examples: [String] { workedExamples.map(\.product) }

    /// The prompt for one transcript (or one map window of it); `candidates` (catalog terms heard in it) follow
    /// the transcript when given.
    public static func prompt(transcript: String, language: SummaryLanguage, candidates: String? = nil) -> String {
        let hint = candidates.map { "\n\(SummaryPrompt.candidatesLabel) \(oneLine($0))" } ?? ""
        return prefix(language: language) + "\(transcriptLabel) \(oneLine(transcript))\(hint)\n\(productLabel)"
    }

    /// The reduce step of a long transcript: the per-window lines, joined, are the transcript of one more call with
    /// the same prefix (a base model has no instruction to merge by; it names the product the lines agree on).
    public static func reducePrompt(partials: [String], language: SummaryLanguage) -> String {
        prompt(transcript: partials.map(oneLine).joined(separator: " ; "), language: language)
    }

    /// Everything before the transcript: the header and the worked examples.
    public static func prefix(language: SummaryLanguage) -> String {
        var text = header(language: language) + "\n\n"
        for example in workedExamples {
            text += "\(transcriptLabel) \(example.transcript)\n\(productLabel) \(example.product)\n\n"
        }
        return text
    }

    /// The header line for `language`: what the document is.
    static func header(language: SummaryLanguage) -> String {
        let written = switch language {
        case .matchTranscript: ""
        case .english: ", written in English"
        }
        return "Noisy speech-recognition transcripts of live-stream and short-video sales, each followed by the " +
            "one product being sold as a line of search text\(written): brand, product type, model number and key " +
            "attributes, with numbers and model numbers written as usual."
    }

    /// The instruction texts a line repeating the prompt would share 4-grams with (both languages and the labels).
    /// The worked examples are left out: a good line about a real insulated bottle shares their words.
    public static func instructionTexts() -> [String] {
        SummaryLanguage.allCases.map(header) + [transcriptLabel, productLabel, SummaryPrompt.candidatesLabel]
    }

    /// The transcript on one line: the stop sequence is the end of the line, so a line break inside the prompt's
    /// transcript would read as the end of the example format.
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
