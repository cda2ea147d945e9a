@_spi(_Unicode) import Swift

/// BERT's basic tokenizer for uncased models, as Hugging Face's `BertNormalizer` + `BertPreTokenizer` do it:
/// drop NUL, U+FFFD and control characters; map whitespace to a space; put spaces around CJK ideographs;
/// NFD-decompose and drop non-spacing marks (accent stripping); lowercase; split on whitespace; split off
/// every punctuation character as its own word.
///
/// Words are produced one at a time through a callback that can stop the scan, so truncating a
/// megabyte-long input costs only the prefix that is actually used.
public struct BertBasicTokenizer: Sendable {
    /// Creates the (stateless) tokenizer.
    public init() {}

    /// All words of `text`, in order.
    public func words(_ text: String) -> [String] {
        var out: [String] = []
        forEachWord(text) { out.append(String(String.UnicodeScalarView($0))); return true }
        return out
    }

    /// Calls `body` with each word's scalars; `body` returns `false` to stop.
    public func forEachWord(_ text: String, _ body: ([Unicode.Scalar]) -> Bool) {
        var word: [Unicode.Scalar] = []
        var stopped = false
        func flush() {
            if !word.isEmpty && !stopped { stopped = !body(word) }
            word.removeAll(keepingCapacity: true)
        }
        func emit(_ s: Unicode.Scalar) {
            if s.properties.isWhitespace { flush() } else if Self.isPunctuation(s) { flush(); word.append(s); flush() } else { word.append(s) }
        }
        for c in text.unicodeScalars {
            if stopped { return }
            // Fast path: ASCII needs none of the Unicode property tables. Its controls (category Cc) are 0-31
            // and 127, of which tab, newline and carriage return count as whitespace; its punctuation is
            // `isPunctuation`'s ranges; everything else is a letter or digit (upper case folded).
            if c.isASCII {
                let v = c.value
                if v < 32 || v == 127 {
                    if v == 9 || v == 10 || v == 13 { flush() }
                    continue
                }
                if v == 32 { flush(); continue }
                if Self.isASCIIPunctuation(v) {
                    flush()
                    word.append(c)
                    flush()
                    continue
                }
                word.append(v >= 65 && v <= 90 ? Unicode.Scalar(v + 32)! : c)
                continue
            }
            if c.value == 0xFFFD || Self.isControl(c) { continue }
            if c.properties.isWhitespace { flush(); continue }
            if Self.isCJK(c) {
                flush()
                for d in String(c)._nfd where d.properties.generalCategory != .nonspacingMark { word.append(d) }
                flush()
                continue
            }
            for d in String(c)._nfd where d.properties.generalCategory != .nonspacingMark {
                if d.isASCII {
                    emit(d.value >= 65 && d.value <= 90 ? Unicode.Scalar(d.value + 32)! : d)  // "É" → "E" → "e"
                } else if !d.properties.changesWhenLowercased {
                    emit(d)
                } else {
                    for l in d.properties.lowercaseMapping.unicodeScalars { emit(l) }
                }
            }
        }
        flush()
    }

    /// Control characters in BERT's sense: Unicode category C* except tab, newline and carriage return
    /// (those count as whitespace).
    static func isControl(_ c: Unicode.Scalar) -> Bool {
        if c == "\t" || c == "\n" || c == "\r" { return false }
        switch c.properties.generalCategory {
        case .control, .format, .unassigned, .privateUse, .surrogate: return true
        default: return false
        }
    }

    /// BERT punctuation: every non-alphanumeric printable ASCII character (so `$`, `+`, `^`, `` ` `` count,
    /// though Unicode calls them symbols) plus the Unicode P* categories.
    static func isPunctuation(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        if isASCIIPunctuation(v) { return true }
        if v < 128 { return false }  // the rest of ASCII: letters, digits, space and controls
        switch c.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation: return true
        default: return false
        }
    }

    /// Printable ASCII that is neither a letter nor a digit nor the space.
    @inline(__always) static func isASCIIPunctuation(_ v: UInt32) -> Bool {
        (33...47).contains(v) || (58...64).contains(v) || (91...96).contains(v) || (123...126).contains(v)
    }

    /// The CJK Unified Ideographs blocks BERT splits into single characters (not Hiragana, Katakana or
    /// Hangul, which BERT leaves to whitespace splitting).
    static func isCJK(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F, 0x2B740...0x2B81F,
             0x2B820...0x2CEAF, 0xF900...0xFAFF, 0x2F800...0x2FA1F: return true
        default: return false
        }
    }
}
