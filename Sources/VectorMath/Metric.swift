/// How two vectors are compared. Every metric is expressed as a *distance* (smaller is closer) so the index can
/// treat them alike; `score(fromDistance:)` turns it back into the number users expect.
public enum Metric: UInt8, Sendable, CaseIterable {
    /// Inner product; distance is `1 - dot(a, b)` (the hnswlib convention, so unit vectors give [0, 2]).
    case innerProduct = 0
    /// Squared Euclidean distance.
    case l2 = 1
    /// Cosine similarity; vectors are normalised on the way in and then compared by inner product.
    case cosine = 2

    /// Parses the short names used on command lines and in configuration: `ip`, `l2`, `cosine`.
    public init?(name: String) {
        switch name.lowercased() {
        case "ip", "dot", "innerproduct", "inner_product": self = .innerProduct
        case "l2", "euclidean", "l2sq": self = .l2
        case "cos", "cosine": self = .cosine
        default: return nil
        }
    }

    /// Short name (`ip`, `l2`, `cosine`), the inverse of `init(name:)`.
    public var name: String {
        switch self {
        case .innerProduct: "ip"
        case .l2: "l2"
        case .cosine: "cosine"
        }
    }

    /// Whether vectors must be L2-normalised before they are stored or searched.
    public var normalizesInput: Bool { self == .cosine }

    /// Distance between two rows of `count` floats under this metric.
    @inlinable
    public func distance(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        switch self {
        case .l2: Kernels.l2Squared(a, b, count: count)
        case .innerProduct, .cosine: 1 - Kernels.dot(a, b, count: count)
        }
    }

    /// The user-facing score for a distance: the similarity (dot or cosine) for `ip`/`cosine`, the squared
    /// Euclidean distance itself for `l2`.
    @inlinable
    public func score(fromDistance d: Float) -> Float {
        self == .l2 ? d : 1 - d
    }
}
