/// The port to a learned recommendation model: LEARN's twin towers (an item tower over the frozen content vector,
/// a user tower pooling a history of item-tower vectors), trained offline by `ampere rec-train`.
///
/// App's `LearnedModel` (a model file named by `recommend.model_path`) is the one adapter; without it
/// `RecommendService` serves the day-zero content mode. A model whose `spaceID` differs from the live encoder's is
/// refused (logged) and the content mode serves instead. `itemVector` must give every product the same length.
public protocol RecommendationModel: Sendable {
    /// The encoder space the model was trained in (`AppearanceEncoding.spaceID`).
    var spaceID: String { get }
    /// A version string for `/health`.
    var version: String { get }
    /// The item tower: a product's content vector into the learned space.
    func itemVector(content: [Float]) -> [Float]
    /// The user tower: the history, newest first, as content vectors with their event types and ages in seconds.
    func userVector(history: [(content: [Float], type: EventType, age: Double)]) -> [Float]
    /// The user tower over item-tower vectors already projected (the service keeps every product's), with the
    /// event type × recency weight of each; the same as `userVector(history:)` for the same events.
    func userVector(projected: [(vector: [Float], type: EventType, age: Double)]) -> [Float]
    /// The weight of co-purchase evidence added to the towers' cosine (0: the towers alone).
    var blend: Double { get }
    /// The co-purchase evidence of a weighted history by product id (empty without a table).
    func coPurchaseEvidence(_ history: [(id: String, weight: Double)]) -> [String: Double]
    /// Training baskets holding a product (the popularity that orders re-buys), 0 if unknown.
    func baskets(_ id: String) -> Int
    /// Whether the co-purchase table has a row for the product (false for one stored after training).
    func knowsCoPurchase(_ id: String) -> Bool
}

extension RecommendationModel {
    public func userVector(projected: [(vector: [Float], type: EventType, age: Double)]) -> [Float] { [] }
    public var blend: Double { 0 }
    public func coPurchaseEvidence(_ history: [(id: String, weight: Double)]) -> [String: Double] { [:] }
    public func baskets(_ id: String) -> Int { 0 }
    public func knowsCoPurchase(_ id: String) -> Bool { false }
}
