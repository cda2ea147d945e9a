import Encoder
import Testing

/// Expected ids come from Hugging Face `tokenizers` 0.23.3 with this model's tokenizer.json
/// (`Tokenizer.from_file(...).encode(text).ids`, truncation and padding off): an independent implementation.
@Suite("BERT tokenizer")
struct BertTokenizerTests {
    static let huggingFaceCases: [(String, [Int32])] = [
        ("This is an example sentence", [101, 2023, 2003, 2019, 2742, 6251, 102]),
        // Accents stripped after NFD, then lowercased.
        ("Héllo Wörld! Ça va? naïve CAFÉ Ångström", [101, 7592, 2088, 999, 6187, 12436, 1029, 15743, 7668, 17076, 15687, 102]),
        // Punctuation split off, including ASCII symbols ($ #) Unicode does not call punctuation.
        ("Wireless noise-cancelling headphones, 30h battery (black) $129.99 #1 best-seller!",
         [101, 9949, 5005, 1011, 17542, 2989, 2132, 19093, 1010, 2382, 2232, 6046, 1006, 2304, 1007, 1002, 14378,
          1012, 5585, 1001, 1015, 2190, 1011, 14939, 999, 102]),
        // CJK characters one by one (most are [UNK] in this English vocabulary), fullwidth comma is punctuation.
        ("这款保温杯容量500毫升，适合户外使用", [101, 100, 100, 1766, 100, 100, 100, 100, 3156, 100, 100, 1989, 100, 1792, 100, 1809, 100, 100, 102]),
        // ¥ is a currency symbol, not punctuation: "¥99" stays one word.
        ("直播间 今天 ¥99 包邮！", [101, 100, 100, 100, 100, 1811, 1071, 2683, 2683, 100, 100, 1986, 102]),
        // Unknown words: spelled with ## pieces when possible, [UNK] for emoji and symbols.
        ("xyzzyqwv qqqqzzzzjjjj unaffable 😀 ☃", [101, 1060, 2100, 28753, 4160, 2860, 2615, 1053, 4160, 4160, 4160, 13213,
                                               13213, 3501, 3501, 3501, 3501, 14477, 20961, 3468, 100, 100, 102]),
        // Control and format characters (ZWSP, NUL, soft hyphen) vanish; tab and newline split.
        ("tab\there\nnew\u{200B}line\u{0}null\u{AD}soft", [101, 21628, 2182, 2047, 4179, 11231, 12718, 15794, 102]),
        // Dotted capital I loses its dot; ligatures and fullwidth letters are not compatibility-folded.
        ("İstanbul ﬁne ＡＢＣ１２３ Straße", [101, 9960, 1984, 2638, 100, 2358, 27807, 102]),
        // Words over 100 characters are [UNK]; empty and blank input is just [CLS] [SEP].
        (String(repeating: "a", count: 120), [101, 100, 102]),
        ("", [101, 102]),
        ("   ", [101, 102]),
    ]

    @Test("ids equal Hugging Face's BertTokenizer", arguments: huggingFaceCases.indices)
    func matchesHuggingFace(index: Int) throws {
        let tokenizer = try ModelFiles.load().tokenizer
        let (text, expected) = Self.huggingFaceCases[index]
        #expect(tokenizer.encode(text) == expected, "\(tokenizer.tokens(text))")
    }

    @Test("basic tokenizer: accents, punctuation, CJK, whitespace")
    func basicTokenizer() {
        let b = BertBasicTokenizer()
        #expect(b.words("Crème Brûlée, s'il-vous-plaît!") == ["creme", "brulee", ",", "s", "'", "il", "-", "vous", "-", "plait", "!"])
        #expect(b.words("保温杯500ml") == ["保", "温", "杯", "500ml"])
        #expect(b.words("  a\u{3000}b\u{A0}c  ") == ["a", "b", "c"])
        #expect(b.words("ÅNGSTRÖM") == ["angstrom"])
    }

    @Test("the ASCII fast path splits every ASCII character as the Unicode categories say")
    func asciiFastPathMatchesUnicodeCategories() {
        let b = BertBasicTokenizer()
        for v in UInt32(0)..<128 {
            let c = Unicode.Scalar(v)!
            // BERT's rules from the Unicode tables: tab, newline and return split; other C* vanish; whitespace
            // splits; punctuation (ASCII symbols included) is its own word; letters are folded to lower case.
            let expected: [String]
            if c == "\t" || c == "\n" || c == "\r" || c.properties.isWhitespace && c.properties.generalCategory != .control {
                expected = ["xa", "by"]
            } else if c.properties.generalCategory == .control {
                expected = ["xaby"]
            } else if !c.properties.isAlphabetic && c.properties.numericType == nil {
                expected = ["xa", String(c), "by"]
            } else {
                expected = ["xa" + String(c).lowercased() + "by"]
            }
            #expect(b.words("xA\(String(c))bY") == expected, "U+\(String(v, radix: 16))")
        }
    }

    /// A small hand-made vocabulary makes WordPiece's rules visible without the model.
    static func tinyTokenizer(maxTokens: Int = 256) throws -> BertTokenizer {
        let vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "un", "##aff", "##able", "aff", "able", "!", "a", "##b"]
        return try BertTokenizer(wordPiece: WordPieceTokenizer(vocabularyLines: vocab), maxTokens: maxTokens)
    }

    @Test("WordPiece: greedy longest match, ## continuation, unspellable word becomes one [UNK]")
    func wordPiece() throws {
        let t = try Self.tinyTokenizer()
        #expect(t.tokens("unaffable!") == ["[CLS]", "un", "##aff", "##able", "!", "[SEP]"])
        #expect(t.tokens("unaffablex able") == ["[CLS]", "[UNK]", "able", "[SEP]"])
        #expect(t.tokens("abbb") == ["[CLS]", "a", "##b", "##b", "##b", "[SEP]"])
    }

    @Test("truncation keeps [CLS], the first maxTokens-2 pieces, and [SEP]")
    func truncation() throws {
        let t = try Self.tinyTokenizer(maxTokens: 6)
        #expect(t.tokens("unaffable unaffable") == ["[CLS]", "un", "##aff", "##able", "un", "[SEP]"])
        let long = try ModelFiles.load().tokenizer
        let ids = long.encode(String(repeating: "word ", count: 1000))
        #expect(ids.count == 256 && ids.first == 101 && ids.last == 102)
        #expect(ids[1..<255].allSatisfy { $0 == long.wordPiece.id(of: "word") })
    }

    @Test("a per-call budget gives the same ids as cutting the full encoding to that length")
    func perCallBudget() throws {
        let t = try Self.tinyTokenizer(maxTokens: 12)
        let text = "unaffable abbb unaffablex able! a unaffable abbbbbbb able"
        let full = t.encode(text)
        #expect(full.count == 12)
        for budget in 0...20 {
            let n = min(max(budget, 3), 12)
            let cut = full.count <= n ? full : Array(full.prefix(n - 1)) + [full.last!]
            #expect(t.encode(text, maxTokens: budget) == cut, "budget \(budget)")
        }
        #expect(t.encode("", maxTokens: 5) == [2, 3])
    }

    @Test("random Unicode never crashes and always yields [CLS] … [SEP] within the limit (seeded)")
    func randomUnicode() throws {
        let t = try ModelFiles.load().tokenizer
        var state: UInt64 = 0x5eed
        func next() -> UInt64 { state = state &* 6364136223846793005 &+ 1442695040888963407; return state >> 33 }
        // Ranges that exercise ASCII, Latin with accents, combining marks, CJK, Hangul, emoji, controls.
        let ranges: [ClosedRange<UInt32>] = [0...0x7F, 0xC0...0x24F, 0x300...0x36F, 0x4E00...0x9FFF, 0xAC00...0xD7A3,
                                             0x1F300...0x1FAFF, 0x2000...0x206F, 0xFF00...0xFFEF]
        for _ in 0..<300 {
            var s = String.UnicodeScalarView()
            for _ in 0..<Int(next() % 400) {
                let r = ranges[Int(next() % UInt64(ranges.count))]
                if let u = Unicode.Scalar(r.lowerBound + UInt32(next() % UInt64(r.count))) { s.append(u) }
            }
            let ids = t.encode(String(s))
            #expect(ids.count >= 2 && ids.count <= 256 && ids.first == 101 && ids.last == 102)
        }
    }
}
