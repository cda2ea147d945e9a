/// One pass over a text's UTF-8 bytes producing `LexicalAnalyzer`'s base terms, letter/digit parts and joined
/// codes exactly as the original `Character`-based code did, without a `Character` or a `String` per character.
///
/// The rules are stated per grapheme cluster. A grapheme is found cheaply when it is one "simple" scalar followed
/// by another simple scalar (or the end): simple scalars (`isSimple`) can neither extend a preceding scalar
/// (Extend, ZWJ, SpacingMark, Hangul V/T) nor attach to a following one (Prepend, Hangul L/LV/LVT, regional
/// indicators, CR), so Unicode's rules put a boundary after the first. Anything else (a combining mark, an emoji
/// sequence, Indic text) is handed to Swift's own grapheme breaking and the original `Character` rules.
struct LexicalScanner {
    /// Also collect the letter/digit parts of terms (`terms` output).
    let collectParts: Bool
    /// Also collect joined codes of whitespace-delimited chunks (`terms` output).
    let collectCodes: Bool
    /// Keep only base terms holding a digit (`CodeAgreement`).
    let onlyDigitTerms: Bool

    /// Base terms, in order.
    var terms: [String] = []
    /// Parts of base terms mixing letters and digits, in order of their terms.
    var parts: [String] = []
    /// Joined codes, in chunk order.
    var codes: [String] = []

    // The word being read: an all-ASCII word stays in the input (its first byte, -1: none) and is lowercased when
    // it ends; once a non-ASCII letter joins it, it is copied to `word` (lowercased UTF-8) and `wordBuffered` is set.
    private var wordStart = -1
    private var word: [UInt8] = []
    private var wordBuffered = false
    // The CJK run: byte range of its last grapheme and its length in graphemes.
    private var cjkLastStart = 0, cjkLastEnd = 0, cjkRun = 0
    // The code chunk being read: its first byte (-1: none), whether the byte path decides it (every grapheme one
    // scalar and every kept letter or digit ASCII), and what that path needs.
    private var chunkStart = -1
    private var chunkFast = true
    // The first 32 kept (lowercased) bytes (a longer code is never one) and how many were kept.
    private var kept: UnsafeMutablePointer<UInt8>?
    private var keptCount = 0
    private var keptLetter = false, keptDigit = false, joiner = false

    init(collectParts: Bool, collectCodes: Bool, onlyDigitTerms: Bool = false) {
        self.collectParts = collectParts
        self.collectCodes = collectCodes
        self.onlyDigitTerms = onlyDigitTerms
    }

    /// Scans `text` (call once).
    mutating func scan(_ text: String) {
        var contiguous = text
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { scratch in
            kept = scratch.baseAddress
            contiguous.withUTF8 { bytes in scan(text, bytes) }
            kept = nil
        }
    }

    private mutating func scan(_ text: String, _ b: UnsafeBufferPointer<UInt8>) {
        let n = b.count
        var i = 0
        while i < n {
            let c = b[i]
            if c == 0x0D {
                // CR or CR LF: one grapheme, whitespace, not a letter; a boundary always follows (GB4).
                let len = i + 1 < n && b[i + 1] == 0x0A ? 2 : 1
                separator(text, b, at: i, isChunkSeparator: true)
                i += len
                continue
            }
            let (v, len) = c < 0x80 ? (UInt32(c), 1) : Self.decode(b, i)
            if c < 0x80 || Self.isSimple(v) {
                let next = i + len
                if next == n || b[next] < 0x80 || Self.isSimple(Self.decode(b, next).0) {
                    if c < 0x80 { ascii(c, text, b, at: i) } else { scalar(v, text, b, at: i, end: next) }
                    i = next
                    continue
                }
            }
            i = cluster(text, b, at: i)
        }
        endWord(b, at: n)
        endCJK(b)
        endChunk(text, b, at: n)
    }

    // MARK: One grapheme

    /// A one-scalar ASCII grapheme.
    @inline(__always)
    private mutating func ascii(_ c: UInt8, _ text: String, _ b: UnsafeBufferPointer<UInt8>, at i: Int) {
        let digit = c &- 48 < 10
        let lower = c | 0x20  // a letter's lowercase; digits have the bit already
        let letter = lower &- 97 < 26
        if digit || letter {
            if cjkRun > 0 { endCJK(b) }
            if wordBuffered { word.append(lower) } else if wordStart < 0 { wordStart = i }
        } else {
            endWord(b, at: i)
            if cjkRun > 0 { endCJK(b) }
        }
        guard collectCodes else { return }
        switch c {
        case 9...13, 32, 40, 41, 44, 59, 91, 93, 123, 125, 34, 39:  // whitespace and (),;[]{}"'
            endChunk(text, b, at: i)
        default:
            if chunkStart < 0 { chunkStart = i }
            if digit || letter {
                if keptCount < 32 { kept![keptCount] = lower }
                keptCount += 1
                keptDigit = keptDigit || digit
                keptLetter = keptLetter || letter
            } else if c == 45 || c == 47 || c == 46 || c == 95 || c == 43 {  // -/._+
                joiner = true
            }
        }
    }

    /// A one-scalar non-ASCII grapheme. For one scalar, `Character.isLetter`, `isNumber`, `isWhitespace` and
    /// `lowercased()` are that scalar's Alphabetic, numeric type, White_Space and lowercase mapping (tested for every
    /// scalar), and the only non-ASCII scalar equal to one of `(),;[]{}"'` is U+037E (canonically ";").
    private mutating func scalar(_ v: UInt32, _ text: String, _ b: UnsafeBufferPointer<UInt8>, at i: Int, end: Int) {
        let cjk = LexicalAnalyzer.isCJKValue(v)
        let props = Unicode.Scalar(v)!.properties
        let alnum = !cjk && (props.isAlphabetic || props.numericType != nil)
        if cjk {
            endWord(b, at: i)
            cjkGrapheme(b, start: i, end: end)
        } else if alnum {
            endCJK(b)
            bufferWord(b, at: i)
            word.append(contentsOf: props.lowercaseMapping.utf8)
        } else {
            endWord(b, at: i)
            endCJK(b)
        }
        guard collectCodes else { return }
        if props.isWhitespace || v == 0x37E {
            endChunk(text, b, at: i)
        } else {
            if chunkStart < 0 { chunkStart = i }
            if alnum { chunkFast = false }
        }
    }

    /// A grapheme the byte rules do not cover: Swift finds its end and the original `Character` rules apply.
    /// Returns the offset after it.
    private mutating func cluster(_ text: String, _ b: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
        let utf8 = text.utf8
        let index = utf8.index(utf8.startIndex, offsetBy: i)
        let ch = text[index]
        let end = utf8.distance(from: utf8.startIndex, to: text.index(after: index))
        let scalars = ch.unicodeScalars
        if scalars.count == 1, let only = scalars.first {
            if only.isASCII { ascii(UInt8(only.value), text, b, at: i) } else { scalar(only.value, text, b, at: i, end: end) }
            return end
        }
        if LexicalAnalyzer.isCJK(ch) {
            endWord(b, at: i)
            cjkGrapheme(b, start: i, end: end)
        } else if ch.isLetter || ch.isNumber {
            endCJK(b)
            bufferWord(b, at: i)
            word.append(contentsOf: ch.lowercased().utf8)
        } else {
            endWord(b, at: i)
            endCJK(b)
        }
        if collectCodes {
            if LexicalAnalyzer.isChunkSeparator(ch) {
                endChunk(text, b, at: i)
            } else {
                if chunkStart < 0 { chunkStart = i }
                chunkFast = false
            }
        }
        return end
    }

    /// A grapheme that is neither a letter nor a digit, and (when `isChunkSeparator`) ends a code chunk.
    private mutating func separator(_ text: String, _ b: UnsafeBufferPointer<UInt8>, at i: Int, isChunkSeparator: Bool) {
        endWord(b, at: i)
        endCJK(b)
        if collectCodes, isChunkSeparator { endChunk(text, b, at: i) }
    }

    // MARK: Emitting terms

    /// Moves the word read so far to `word` (a non-ASCII letter at `i` joins it).
    private mutating func bufferWord(_ b: UnsafeBufferPointer<UInt8>, at i: Int) {
        guard !wordBuffered else { return }
        if wordStart >= 0 {
            for k in wordStart..<i { word.append(b[k] | 0x20) }
            wordStart = -1
        }
        wordBuffered = true
    }

    /// Emits the word (if any) that ends at byte `end`.
    private mutating func endWord(_ b: UnsafeBufferPointer<UInt8>, at end: Int) {
        if wordBuffered {
            emitNonASCII(String(decoding: word, as: UTF8.self))
            word.removeAll(keepingCapacity: true)
            wordBuffered = false
            return
        }
        guard wordStart >= 0 else { return }
        let start = wordStart, count = end - wordStart
        wordStart = -1
        var digit = false
        let term = String(unsafeUninitializedCapacity: count) { out in
            for k in 0..<count {
                let c = b[start + k]
                digit = digit || c &- 48 < 10
                out[k] = c | 0x20
            }
            return count
        }
        emit(term, digit: digit)
        if collectParts, digit, count > 2 {
            let split = Self.asciiParts(UnsafeBufferPointer(rebasing: b[start..<end]), lowercased: true)
            if split.count > 1 { parts.append(contentsOf: split) }
        }
    }

    /// A CJK grapheme at `start..<end`: with the previous one of the run it makes a bigram (the old code emitted a
    /// run's bigrams when the run ended; nothing else is emitted during a run, so emitting them now keeps the order).
    private mutating func cjkGrapheme(_ b: UnsafeBufferPointer<UInt8>, start: Int, end: Int) {
        if cjkRun > 0 { emitNonASCII(String(decoding: UnsafeBufferPointer(rebasing: b[cjkLastStart..<end]), as: UTF8.self)) }
        cjkLastStart = start
        cjkLastEnd = end
        cjkRun += 1
    }

    private mutating func endCJK(_ b: UnsafeBufferPointer<UInt8>) {
        if cjkRun == 1 { emitNonASCII(String(decoding: UnsafeBufferPointer(rebasing: b[cjkLastStart..<cjkLastEnd]), as: UTF8.self)) }
        cjkRun = 0
    }

    @inline(__always)
    private mutating func emit(_ term: String, digit: Bool) {
        if !onlyDigitTerms || digit { terms.append(term) }
    }

    /// A term with a non-ASCII scalar: its digit test and parts follow the `Character` rules on the term itself.
    private mutating func emitNonASCII(_ term: String) {
        if onlyDigitTerms {
            if term.contains(where: \.isNumber) { terms.append(term) }
            return
        }
        terms.append(term)
        if collectParts, term.unicodeScalars.count > 2 {
            let split = LexicalAnalyzer.characterParts(term)
            if split.count > 1 { parts.append(contentsOf: split) }
        }
    }

    /// Ends the code chunk (if any) at byte `end`.
    private mutating func endChunk(_ text: String, _ b: UnsafeBufferPointer<UInt8>, at end: Int) {
        guard chunkStart >= 0 else { return }
        if chunkFast {
            if keptCount >= 3, keptCount <= 32, keptDigit, keptLetter, joiner {
                codes.append(String(decoding: UnsafeBufferPointer(start: kept!, count: keptCount), as: UTF8.self))
            }
        } else {
            let utf8 = text.utf8
            let lower = utf8.index(utf8.startIndex, offsetBy: chunkStart), upper = utf8.index(utf8.startIndex, offsetBy: end)
            if let code = LexicalAnalyzer.characterCode(text[lower..<upper]) { codes.append(code) }
        }
        chunkStart = -1
        chunkFast = true
        keptCount = 0
        keptLetter = false
        keptDigit = false
        joiner = false
    }
}
