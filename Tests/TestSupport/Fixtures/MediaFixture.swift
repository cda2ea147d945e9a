/// One `media` entry of a product body (`MediaInput`).
package struct MediaFixture: Encodable, Sendable, Equatable {
    /// `video` or `live`.
    package var domain: String
    /// The (noisy) transcript.
    package var asr: String?
    /// Base64 key frames.
    package var frames: [String]?

    /// An entry.
    package init(domain: String, asr: String? = nil, frames: [String]? = nil) {
        self.domain = domain; self.asr = asr; self.frames = frames
    }
}
