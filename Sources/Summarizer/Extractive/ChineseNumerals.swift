/// Spoken Chinese numbers -> digits: "三十" -> "30", "二百五十六" -> "256", "两千" -> "2000", "一零三" -> "103".
///
/// With a unit character (十 百 千 万) the run is a positional number; without one it is read digit by digit, the
/// way model numbers and prices are often said.
enum ChineseNumerals {
    static let digits: [Character: Int] = ["零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
                                           "六": 6, "七": 7, "八": 8, "九": 9]
    static let units: [Character: Int] = ["十": 10, "百": 100, "千": 1000, "万": 10_000]
    /// Characters after a number that make it a price (dropped like English "dollars").
    static let currency: Set<String> = ["元", "块", "毛"]

    static func isNumeral(_ text: String) -> Bool {
        guard text.count == 1, let c = text.first else { return false }
        return digits[c] != nil || units[c] != nil
    }

    /// The digits for a run of numeral characters, or `nil` if it holds no digit value (a lone "万").
    static func value(_ run: [Character]) -> String? {
        guard run.contains(where: { units[$0] == nil }) || run.first == "十" else { return nil }
        if !run.contains(where: { units[$0] != nil }) { return String(run.compactMap { digits[$0] }.map(String.init).joined()) }
        var total = 0, section = 0, current = 0
        for c in run {
            if let d = digits[c] {
                current = d
            } else if let u = units[c] {
                if u == 10_000 {
                    total += (section + current) * u
                    section = 0
                } else {
                    section += max(current, u == 10 && current == 0 ? 1 : current) * u  // "十五" = 15
                }
                current = 0
            }
        }
        return String(total + section + current)
    }
}
