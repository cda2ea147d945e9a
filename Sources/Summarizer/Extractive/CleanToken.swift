/// One token of a cleaned transcript.
struct CleanToken: Equatable {
    enum Kind: Equatable {
        /// An ordinary word (may still be noise; scoring decides).
        case word
        /// Digits, optionally with a unit ("256 gb" is two tokens: number then unit).
        case number
        /// A written unit following a number.
        case unit
        /// A model code joined from spelled letters and digits ("wh1000xm4").
        case code
        /// One CJK character (written without a space before it).
        case cjk
        /// Removed content that still occupies a position (prices, fillers), so windows keep their spacing.
        case noise
    }
    var text: String
    var kind: Kind
}
