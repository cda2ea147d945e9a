extension LexicalScanner {
    /// The scalar starting at `b[i]` (valid UTF-8, as every Swift `String` holds) and its length in bytes.
    @inline(__always)
    static func decode(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> (UInt32, Int) {
        let c0 = UInt32(b[i])
        if c0 < 0x80 { return (c0, 1) }
        if c0 < 0xE0 { return ((c0 & 0x1F) << 6 | UInt32(b[i + 1] & 0x3F), 2) }
        if c0 < 0xF0 { return ((c0 & 0x0F) << 12 | UInt32(b[i + 1] & 0x3F) << 6 | UInt32(b[i + 2] & 0x3F), 3) }
        return ((c0 & 0x07) << 18 | UInt32(b[i + 1] & 0x3F) << 12 | UInt32(b[i + 2] & 0x3F) << 6 | UInt32(b[i + 3] & 0x3F), 4)
    }

    /// Non-ASCII scalars that always form a grapheme boundary with a neighbouring simple scalar or ASCII (other
    /// than CR): none is Extend, ZWJ, SpacingMark, Prepend, a Hangul jamo or a regional indicator (UAX #29 rules
    /// GB6-GB9c, GB11-GB13). Controls and Extended_Pictographic scalars may be here: they break on both sides
    /// unless a ZWJ or an Extend scalar is involved, and those are excluded. A test checks every scalar listed.
    /// Leaving a scalar out only costs speed.
    @inline(__always)
    static func isSimple(_ v: UInt32) -> Bool {
        switch v {
        case 0x80...0x2FF,  // Latin-1, Latin Extended-A/B, IPA, spacing modifier letters (combining marks start at U+0300)
             0x370...0x482, 0x48A...0x52F,  // Greek, Cyrillic (U+0483-0489 are combining)
             0x5D0...0x5EA,  // Hebrew letters
             0x620...0x64A, 0x660...0x66F, 0x671...0x6D3,  // Arabic letters and digits (marks and U+0600-0605 left out)
             0x2000...0x200A, 0x2010...0x205F,  // spaces, general punctuation (U+200B-200F ZWSP/ZWNJ/ZWJ/marks left out)
             0x20A0...0x20CF,  // currency symbols
             0x2100...0x2BFF,  // letterlike, number forms, arrows, maths, technical, boxes, shapes, dingbats
             0x3000...0x3029, 0x3030...0x303F,  // CJK punctuation (U+302A-302F are combining)
             0x3041...0x3096, 0x309B...0x30FF,  // kana (U+3099-309A are combining)
             0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF,  // CJK ideographs
             0xAC00...0xD7A3,  // Hangul syllables
             0xFF01...0xFF9D,  // fullwidth ASCII, halfwidth kana (U+FF9E-FF9F extend)
             0x1F300...0x1F3FA, 0x1F400...0x1FAFF,  // emoji (skin-tone modifiers U+1F3FB-1F3FF extend)
             0x20000...0x2FA1F:  // CJK ideographs, supplementary planes
            true
        default: false
        }
    }

    /// True when every byte is ASCII.
    @inline(__always)
    static func isASCII(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var all: UInt8 = 0
        for c in b { all |= c }
        return all < 0x80
    }

    /// `alphaNumericParts` of an ASCII term (lowercased when `lowercased`, for a word's letters and digits): a
    /// `Character` of it is one byte (CR LF, the one two-byte grapheme, is two non-digits either way) and a digit
    /// exactly when it is 0-9.
    static func asciiParts(_ b: UnsafeBufferPointer<UInt8>, lowercased: Bool = false) -> [String] {
        var parts: [String] = []
        func part(_ range: Range<Int>) -> String {
            String(unsafeUninitializedCapacity: range.count) { out in
                for k in range { out[k - range.lowerBound] = lowercased ? b[k] | 0x20 : b[k] }
                return range.count
            }
        }
        var start = 0
        for i in 1..<max(1, b.count) where (b[i] &- 48 < 10) != (b[i - 1] &- 48 < 10) {
            parts.append(part(start..<i))
            start = i
        }
        if start < b.count { parts.append(part(start..<b.count)) }
        return parts
    }
}
