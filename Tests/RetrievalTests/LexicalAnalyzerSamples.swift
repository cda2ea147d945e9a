import VectorMath

typealias SampleRandom = SplitMix64

/// Inputs for the analyzer's equivalence tests: hand-written realistic text and a seeded random generator.
enum LexicalAnalyzerSamples {
    static let listings: [String] = [
        "Sony WH-1000XM4 Wireless Noise Cancelling Headphones, Black",
        "TL5C 55W/840 (FC12T5/841/HO)\nPhilips 55W 12in Diameter HO T5 Cool White Circline Bulb",
        "Samsung 990 PRO 2TB PCIe 4.0 NVMe M.2 SSD (MZ-V9P2T0B/AM)",
        "Cisco Catalyst 2960X-24PS-L 24-port GigE PoE+ switch; 370W",
        "TP-Link TL-SG105E 5-Port Gigabit Easy Smart Switch [v5.0]",
        "Sigma 14mm F1.8 DG HSM Art for Canon EF — $1,299.00",
        "Sigma 50mm F1.4 DG DN | Art (Sony E-mount) €849,99",
        "Apple iPhone 15 Pro Max 256GB - Natural Titanium {A3106}",
        "USB-C to USB-A 3.1 Gen 2 adapter, 10Gbps, 0.5 m / 1.5 ft",
        "Bosch GSR 18V-55 Professional cordless drill 2x2.0Ah",
        "1/2\" x 3/4\" NPT brass fitting, 200 psi, 5-pack",
        "M8x1.25 hex bolts, A2-70 stainless, DIN 933 (50 pcs)",
        "Nike Air Zoom Pegasus 40 — men's size 10.5 US / 44.5 EU",
        "LEGO® Technic 42115 Lamborghini Sián FKP 37",
        "Dyson V15 Detect™ Absolute cordless vacuum (SV22)",
        "Canon EOS R6 Mark II + RF 24-105mm f/4L IS USM kit",
        "Kingston FURY Beast 32GB (2x16GB) DDR5-6000 CL36 KF560C36BBEK2/32",
        "Garmin Forerunner® 265S GPS watch, 1.1\" AMOLED",
        "Anker 737 Power Bank (PowerCore 24K) 140W",
        "Logitech MX Master 3S – Performance Wireless Mouse, Graphite",
        "HP 67XL Black Ink Cartridge (3YM57AN#140)",
        "Raspberry Pi 5 8GB; Broadcom BCM2712 @ 2.4GHz",
        "Nespresso Vertuo Next 1.1L 1500W C.O.D. e-voucher",
        "3M 6502QL half facepiece respirator, M/L",
        "K&N 33-2304 high-flow air filter",
        "WD_BLACK SN850X 4TB + heatsink (WDS400T2XHE)",
        "Philips Hue White & Color Ambiance A19 E26 9W (60W eq.) 3-pack",
        "Makita XPH07Z 18V LXT® Brushless ½\" Hammer Driver-Drill",
        "Price: 19.99 USD, was 24.99; save 20% (limited) {promo:'SPRING24'}",
        "Size: 120×60×75 cm, weight 12.5 kg, 220–240 V ~ 50/60 Hz",
        "um guys this kettle kettle kettle is so good, 1.7 litre, model KX-200 yeah",
        "okay so the w h one thousand x m four right here, wh1000xm4, noise cancelling",
        "welcome back everybody, tap the link below, the TL-SG105 is back in stock!!!",
        "",
        "   ",
        "a",
        "A1",
        "x-1",
        "ab-1",
        "1.5",
        "v2.0.1-beta+build.7",
        "a/b/c/1/2/3/4/5/6/7/8/9/10/11/12/13/14/15/16/17/18/19/20",
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ-0123456789abcdefghij",
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ-01234",
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ-012345",
        "C++ (ISO/IEC 14882:2020); C# .NET 8.0",
        "e-mail: sales@example.com, tel. +1-800-555-0199",
        "line one\r\nline two\rline three\nline-4\u{2028}line_5\u{2029}end",
        "tab\tseparated\tA-1\tB/2\u{0B}vt\u{0C}ff\u{1C}fs\u{1F}us",
    ]

    static let international: [String] = [
        "新款 iPhone 手机壳 防摔 透明",
        "夏季新款红色连衣裙 女 2024 M码",
        "小米 Redmi Note 13 Pro+ 5G 12GB+256GB 午夜黑",
        "华为 MateBook X Pro 2024 酷睿Ultra9 32GB/2TB",
        "红", "红色", "买 A", "A买", "买1", "1买", "买-1A",
        "ソニー ワイヤレスノイズキャンセリングヘッドホン WH-1000XM5 ブラック",
        "パナソニック ドライヤー ナノケア EH-NA0J-A ディープネイビー",
        "がぎぐげご ガギグゲゴ か\u{3099} ｶﾞｷﾞ ﾊﾟﾋﾟ",
        "삼성전자 갤럭시 S24 울트라 512GB 티타늄 블랙",
        "엘지 그램 16Z90S-GA5CK 노트북",
        "\u{1100}\u{1161}\u{11A8} 한\u{11A8}글 가\u{1161}",
        "Größe 42, Farbe: Weiß — Straße ẞ STRASSE",
        "Kühlschrank Bosch KGN39VLEB, 203 cm, Energieeffizienzklasse E",
        "Élégant sac à main en cuir — prix 129,90 € TTC (réf. SAC-42/B)",
        "Crème brûlée e\u{301}te\u{301} cafe\u{301} naïve coöperate",
        "İstanbul IŞIK ışık İĞNE Ş-500 İ-1 ıi",
        "ΣΟΦΙΑ ΟΔΟΣ σοφία Ελληνικά ΑΒΓ-123",
        "Москва ПРОДУКТ-500 «Ёлка» ёж",
        "Ǆungla ǅ ǆ ﬁne ﬂour ß",
        "מחיר 99 ש\"ח דגם AB-12",
        "سعر ٣٥٠ ريال موديل XZ-٩٠ عربي",
        "\u{0600}\u{0661}\u{0662} \u{0600}A1-2",
        "हिन्दी क्षत्रिय कि की Model-5 नमस्ते",
        "ภาษาไทย ราคา 500 บาท รุ่น TH-9",
        "１２３ＡＢＣ－４５６ ｘ１/２ Ｆｕｌｌｗｉｄｔｈ",
        "①②③ Ⅻ Ⅷ-9 ½ ¾ ² ³ ¹ 10² m³",
        "Kelvin \u{212A}-500 \u{212B}ngstr\u{00F6}m \u{2126}hm",
        "price\u{00A0}19.99\u{00A0}USD, model\u{2009}AB-1\u{202F}x",
        "wide\u{3000}space\u{3000}ＡＢ-１\u{3000}中文",
        "zero\u{200B}width-1 j\u{200D}oin a\u{200C}b A\u{00AD}B-12",
        "Greek question mark\u{037E} A-1\u{037E}B-2;C-3",
        "😀 emoji 👍🏻 thumbs 👨‍👩‍👧‍👦 family 🇩🇪 flag 🇺🇸🇬🇧 A-1😀",
        "1\u{FE0F}\u{20E3} 2️⃣ #️⃣ keycap-3\u{FE0F}\u{20E3}x",
        "©2024 ®TM ™ ™-5 A©-1",
        "a\u{0301}-1 1\u{0301}a-2 -\u{0301}1a \u{0301}\u{0301} x\u{0345}y-9",
        "\u{0301}leading mark A-1",
        "\n\u{0301}after newline X-9",
        "\u{093F}A-1 क\u{093F}-2",
        "mixed中文English混合123abc-4",
        "中-1a 中a-1 a中-1 1-中a",
        "A\u{0308}\u{0301}\u{0327}-12 ω\u{0342}\u{0345}",
        "\u{1F1E6}\u{1F1E6}\u{1F1E6} RI-1",
        "\u{E0041}\u{E0042} tags \u{1F3F4}\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}",
        "\u{10400}\u{10428} Deseret-1 \u{1D7CE}\u{1D7CF} math digits",
        "\u{20000}\u{20001}\u{2A6D6} ext-B",
        "tab\u{0085}nel\u{1680}ogham\u{180E}mvs",
    ]

    /// The realistic set: each sample, plus pairs joined by assorted separators (title + description style).
    static var realistic: [String] {
        let base = listings + international
        var out = base
        let joins = ["\n", " ", "", ", ", "\r\n", "\u{00A0}", "-", "\u{0301}"]
        for (i, a) in base.enumerated() {
            let b = base[(i * 7 + 3) % base.count]
            out.append(a + joins[i % joins.count] + b)
            out.append(a.uppercased())
            out.append(b + " " + a.lowercased())
        }
        return out
    }

    /// Pieces the random strings are drawn from.
    static let alphabet: [String] = {
        var pieces: [String] = []
        pieces += "abcxyzABCXYZ0123456789".map(String.init)
        pieces += Array(repeating: " ", count: 4) + ["\t", "\n", "\r", "\r\n", "\u{00A0}", "\u{2003}", "\u{3000}",
                                                     "\u{200B}", "\u{2028}", "\u{0085}", "\u{1F}", "\u{0B}"]
        pieces += "-/._+(),;[]{}\"'!?#&@%:*".map(String.init)
        pieces += ["é", "ß", "Ö", "ÿ", "İ", "ı", "ẞ", "Σ", "ς", "ω", "Ж", "ǅ", "ﬁ", "\u{212A}", "\u{037E}", "¹", "½"]
        pieces += ["\u{0301}", "\u{0308}", "\u{0307}", "\u{0345}", "\u{20E3}", "\u{FE0F}", "\u{200D}", "\u{200C}"]
        pieces += ["中", "国", "红", "色", "あ", "カ", "\u{3099}", "ｶ", "\u{FF9E}", "가", "한", "\u{1100}", "\u{1161}", "\u{11A8}"]
        pieces += ["😀", "👍", "\u{1F3FB}", "\u{1F1E9}", "\u{1F1EA}", "👩", "©", "™"]
        pieces += ["１", "Ａ", "－", "٣", "۵", "क", "\u{093F}", "\u{094D}", "\u{0600}", "ำ", "①", "Ⅻ", "\u{20000}", "𝟎"]
        return pieces
    }()

    static func random(_ rng: inout SampleRandom) -> String {
        let length = Int(rng.next() % 24)
        var s = ""
        for _ in 0..<length {
            // Half the draws from ASCII letters and digits, so code-like chunks are common.
            let r = rng.next()
            s += r % 2 == 0 ? alphabet[Int((r >> 8) % 22)] : alphabet[Int((r >> 8) % UInt64(alphabet.count))]
        }
        return s
    }
}
