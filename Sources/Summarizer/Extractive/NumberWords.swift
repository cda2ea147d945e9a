/// Spoken English numbers -> digits: "two fifty six" -> "256", "one thousand two hundred ninety five" -> "1295",
/// "one oh three" -> "103".
///
/// Speakers group digits ("twelve ninety nine", "two fifty six"), so a run is parsed into chunks, each a normal
/// cardinal number, and the chunks are written one after another. A word that cannot extend the current chunk
/// ("fifty" after "two") starts a new one.
enum NumberWords {
    static let small: [String: Int] = [
        "zero": 0, "oh": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
        "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
        "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    ]
    static let tens: [String: Int] = [
        "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
        "ninety": 90,
    ]
    static let scales: [String: Int] = ["hundred": 100, "thousand": 1000, "million": 1_000_000]
    static let allWords: [String] = Array(small.keys) + Array(tens.keys) + Array(scales.keys)

    /// Whether `word` is a number word ("oh" only counts inside a run; see `isRunStart`).
    static func isNumberWord(_ word: String) -> Bool {
        small[word] != nil || tens[word] != nil || scales[word] != nil
    }

    /// Words that may begin a run ("oh" alone is an interjection, not zero).
    static func isRunStart(_ word: String) -> Bool { word != "oh" && (isNumberWord(word) || isDigits(word)) }

    static func isDigits(_ word: String) -> Bool { !word.isEmpty && word.allSatisfy { $0.isASCII && $0.isNumber } }

    /// Splits a merged token made only of number words ("oneoh" -> ["one", "oh"]); `nil` if it is not one.
    static func splitMerged(_ token: String) -> [String]? {
        guard token.count >= 5, !isNumberWord(token) else { return nil }
        var parts: [String] = []
        var rest = Substring(token)
        while !rest.isEmpty {
            guard let word = allWords.filter({ rest.hasPrefix($0) }).max(by: { $0.count < $1.count }) else { return nil }
            parts.append(word)
            rest = rest.dropFirst(word.count)
        }
        return parts.count >= 2 ? parts : nil
    }

    /// Parses a run of number words (and digit strings) into the digits a writer would use.
    static func digits(of run: [String]) -> String {
        enum Last { case none, unit, teen, tens, tensUnit, hundred, thousand }
        var chunks: [String] = []
        var total = 0, part = 0
        var last = Last.none
        func flush() {
            if last != .none { chunks.append(String(total + part)) }
            total = 0; part = 0; last = .none
        }
        for word in run {
            if isDigits(word) { flush(); chunks.append(word); continue }
            if let v = small[word] {
                let teen = v >= 10
                switch last {
                case .none, .hundred, .thousand: part += v; last = teen ? .teen : .unit
                case .tens where !teen: part += v; last = .tensUnit
                default: flush(); part = v; last = teen ? .teen : .unit
                }
            } else if let v = tens[word] {
                switch last {
                case .none, .hundred, .thousand: part += v; last = .tens
                default: flush(); part = v; last = .tens
                }
            } else if let scale = scales[word] {
                if scale == 100 {
                    if last != .hundred { part = max(part, 1) * 100 }  // "hundred hundred" is a stutter
                    last = .hundred
                } else {
                    total = (total + max(part, 1)) * scale
                    part = 0
                    last = .thousand
                }
            }
        }
        flush()
        return chunks.joined()
    }
}
