extension TranscriptCleaner {
    /// Rewrites spoken number runs as digits, attaches units, and turns prices ("one oh three dollars") into noise.
    func numbersAndUnits(_ words: [String]) -> [CleanToken] {
        var out: [CleanToken] = []
        var i = 0
        while i < words.count {
            let w = words[i]
            if ChineseNumerals.isNumeral(w) {
                var j = i
                while j < words.count, ChineseNumerals.isNumeral(words[j]) { j += 1 }
                if let digits = ChineseNumerals.value(words[i..<j].compactMap(\.first)) {
                    let isPrice = j < words.count && ChineseNumerals.currency.contains(words[j])
                    out.append(CleanToken(text: digits, kind: isPrice ? .noise : .number))
                    if isPrice { out.append(CleanToken(text: words[j], kind: .noise)); j += 1 }
                    i = j
                    continue
                }
            }
            guard NumberWords.isRunStart(w) else {
                out.append(CleanToken(text: w, kind: w.first?.isCJK == true ? .cjk : .word)); i += 1; continue
            }
            var j = i
            while j < words.count, NumberWords.isNumberWord(words[j]) || NumberWords.isDigits(words[j]) { j += 1 }
            let run = Array(words[i..<j])
            let digits = NumberWords.digits(of: run)
            let next = j < words.count ? words[j] : nil
            if let next, NoiseLexicon.currency.contains(next) {
                out.append(CleanToken(text: digits, kind: .noise))      // a spoken price
                out.append(CleanToken(text: next, kind: .noise)); i = j + 1; continue
            }
            if let next, let unit = NoiseLexicon.units[next] {
                out.append(CleanToken(text: digits, kind: .number))
                out.append(CleanToken(text: unit, kind: .unit)); i = j + 1; continue
            }
            // A lone "one" is a pronoun ("this one") far more often than a quantity.
            out.append(CleanToken(text: run == ["one"] ? "one" : digits, kind: run == ["one"] ? .word : .number))
            i = j
        }
        return out
    }

    /// Joins runs of spelled letters and digits into one model code: "w h 1000 x m 4" -> "wh1000xm4".
    /// Dimensions ("100 x 50 x 50") stay apart; a run needs a letter and at least two parts.
    func joinCodes(_ tokens: [CleanToken]) -> [CleanToken] {
        var out: [CleanToken] = []
        var i = 0
        while i < tokens.count {
            var j = i
            var parts: [String] = []
            while j < tokens.count, let part = codePart(tokens[j], first: j == i) { parts.append(part); j += 1 }
            let letters = parts.filter { $0.first?.isLetter == true }.count
            if isDimension(parts) {  // keep "100 x 50 x 50" as spoken, and do not re-scan its tail as a code
                out.append(contentsOf: tokens[i..<j]); i = j; continue
            }
            if parts.count >= 2, letters >= 1 {
                out.append(CleanToken(text: parts.joined(), kind: .code)); i = j; continue
            }
            out.append(tokens[i]); i += 1
        }
        return out
    }

    private func codePart(_ t: CleanToken, first: Bool) -> String? {
        switch t.kind {
        case .number: return t.text
        case .word:
            if t.text.count == 1, t.text.first!.isLetter, !(first && (t.text == "a" || t.text == "i")) { return t.text }
            if !first, let letter = NoiseLexicon.letterNames[t.text] { return letter }
            return nil
        default: return nil
        }
    }

    private func isDimension(_ parts: [String]) -> Bool {
        parts.count >= 3 && parts.enumerated().allSatisfy { $0.offset % 2 == 0 ? NumberWords.isDigits($0.element) : $0.element == "x" }
    }
}
