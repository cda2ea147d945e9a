extension FusionWeights {
    /// Reads `AMPERE_FUSION_TEXT` and `AMPERE_FUSION_VISUAL` (non-negative numbers, not both zero);
    /// an unset variable keeps the default.
    public init(environment env: [String: String]) throws {
        let defaults = FusionWeights()
        func read(_ key: String, _ fallback: Float) throws -> Float {
            guard let raw = env[key], !raw.isEmpty else { return fallback }
            guard let v = Float(raw), v.isFinite, v >= 0 else {
                throw EncoderError.invalidInput("\(key)=\(raw): expected a number >= 0")
            }
            return v
        }
        let text = try read("AMPERE_FUSION_TEXT", defaults.text)
        let visual = try read("AMPERE_FUSION_VISUAL", defaults.visual)
        guard text + visual > 0 else { throw EncoderError.invalidInput("AMPERE_FUSION_TEXT and AMPERE_FUSION_VISUAL are both 0") }
        self.init(text: text, visual: visual)
    }
}
