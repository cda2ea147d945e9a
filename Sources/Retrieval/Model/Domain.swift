/// Where a product appears: its own page, a short video, or a live stream.
public enum Domain: String, Sendable, Hashable, CaseIterable, Codable {
    /// The product page: title, description, brand, attributes, photos.
    case page
    /// A short video: key frames and an ASR transcript.
    case video
    /// A live stream: key frames and a (long, noisy) ASR transcript.
    case live
}
