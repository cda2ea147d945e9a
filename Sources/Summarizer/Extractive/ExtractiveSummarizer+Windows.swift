extension ExtractiveSummarizer {
    /// Greedily picks non-overlapping windows by score (distinct terms only, so a repeated phrase does not win twice)
    /// until they hold about `maxWords` content terms or the next window is much weaker than the best.
    func chooseWindows(_ tokens: [CleanToken], _ scores: [Double], maxWords: Int) -> [Bool] {
        let n = tokens.count, w = min(options.windowTokens, n)
        var windowScores: [(start: Int, score: Double)] = []
        for start in 0...(n - w) {
            var seen = Set<String>()
            var total = 0.0
            for i in start..<(start + w) where scores[i] > 0 && seen.insert(tokens[i].text).inserted { total += scores[i] }
            windowScores.append((start, total))
        }
        windowScores.sort { $0.score > $1.score || ($0.score == $1.score && $0.start < $1.start) }
        var chosen = [Bool](repeating: false, count: n)
        guard let best = windowScores.first?.score, best > 0 else { return chosen }
        var terms = Set<String>()
        for (start, score) in windowScores {
            if score < best * options.minWindowShare || terms.count >= maxWords { break }
            if chosen[start] || chosen[start + w - 1] { continue }  // overlaps a window already taken
            for i in start..<(start + w) {
                chosen[i] = true
                if scores[i] > 0 { terms.insert(tokens[i].text) }
            }
        }
        return chosen
    }

    /// Writes the content tokens of the chosen windows once each, in spoken order; units follow their numbers and
    /// adjacent CJK characters are written without spaces.
    func render(_ tokens: [CleanToken], _ scores: [Double], chosen: [Bool], maxWords: Int) -> String {
        var out = ""
        var emitted = Set<String>()
        var words = 0.0
        var lastWasCJK = false
        var keptPrevious = false
        for i in tokens.indices where chosen[i] {
            let t = tokens[i]
            let keep = t.kind == .unit ? keptPrevious : (scores[i] > 0 && (t.kind == .cjk || !emitted.contains(t.text)))
            keptPrevious = keep
            guard keep else { lastWasCJK = false; continue }
            let cost = t.kind == .cjk ? 0.5 : (t.kind == .unit ? 0 : 1)
            if words + cost > Double(maxWords) { break }
            words += cost
            if t.kind != .unit && t.kind != .cjk { emitted.insert(t.text) }
            let isCJK = t.kind == .cjk
            if !out.isEmpty && !(isCJK && lastWasCJK) { out += " " }
            out += t.text
            lastWasCJK = isCJK
        }
        return out
    }
}
