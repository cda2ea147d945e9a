import Dispatch
import Logging
import Synchronization

/// Turns an appearance's texts and images into one fused vector (plus each branch vector).
///
/// Runs on its own serial queue (`QueueExecutor`), never on the 2-thread Swift concurrency pool: the
/// forward pass blocks a thread for tens of milliseconds or more, and MiniLM's GEMMs fan out to a second
/// core with `concurrentPerform` from there. The text model loads once, on that queue, after `start()`;
/// until then `readiness` is `.starting` (for `/health`) and `embed` throws `EncoderError.notReady` (503).
public actor MultimodalEncoder {
    /// Load state, readable without hopping onto the actor.
    public enum Readiness: Sendable, Equatable {
        /// Weights still loading.
        case starting
        /// Ready; names and fused dimension for `/health` and logs.
        case ready(text: String, visual: String, dimension: Int)
        /// The text branch could not be built; the message says why.
        case failed(String)
    }

    /// One appearance to embed: any number of texts (averaged) and images / key frames (averaged).
    public struct Item: Sendable {
        /// Texts of the appearance (e.g. the page text, or the summarized ASR); blank ones are ignored.
        public var texts: [String]
        /// Decoded images or key frames.
        public var images: [RGBImage]
        /// Creates an item.
        public init(texts: [String] = [], images: [RGBImage] = []) { self.texts = texts; self.images = images }
    }

    private nonisolated let executor: QueueExecutor
    private nonisolated let state = Mutex<(readiness: Readiness, waiters: [CheckedContinuation<Void, any Error>])>((.starting, []))
    private let loadText: @Sendable () throws -> any TextEncoder
    let visual: any VisualEncoder
    private let weights: FusionWeights
    private let logger: Logger
    private var text: (any TextEncoder)?
    private var fusion: EmbeddingFusion?

    /// Pins the actor to its queue.
    public nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    /// The encoder; call `start()` to load the text branch. `loadText` runs once, on the encoder's queue.
    public init(visual: any VisualEncoder, weights: FusionWeights = FusionWeights(), logger: Logger,
                label: String = "ampere.encoder", loadText: @escaping @Sendable () throws -> any TextEncoder) {
        executor = QueueExecutor(label: label)
        executor.queue.setSpecific(key: Self.queueKey, value: true)
        self.visual = visual
        self.weights = weights
        self.logger = logger
        self.loadText = loadText
    }

    /// The encoder with the text branch chosen by `settings` (`TextEncoderFactory`).
    public init(settings: TextEncoderSettings, visual: any VisualEncoder, weights: FusionWeights = FusionWeights(),
                logger: Logger) {
        self.init(visual: visual, weights: weights, logger: logger) { try TextEncoderFactory.make(settings, logger: logger) }
    }

    /// Starts loading the weights on the encoder's queue; returns at once.
    public nonisolated func start() { Task { await self.load() } }

    /// Current load state.
    public nonisolated var readiness: Readiness { state.withLock { $0.readiness } }

    /// True once `embed` can be called.
    public nonisolated var isReady: Bool { if case .ready = readiness { true } else { false } }

    /// Suspends until loaded; throws `EncoderError.notReady` if loading failed. Does not block a thread.
    public nonisolated func waitUntilReady() async throws {
        try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, any Error>) in
            let outcome: Result<Void, any Error>? = state.withLock { s in
                switch s.readiness {
                case .starting: s.waiters.append(c); return nil
                case .ready: return .success(())
                case .failed(let m): return .failure(EncoderError.notReady(m))
                }
            }
            if let outcome { c.resume(with: outcome) }
        }
    }

    /// True when called from the encoder's queue (tests use it to prove inference never runs on the pool).
    public static var isOnEncoderQueue: Bool { DispatchQueue.getSpecific(key: queueKey) == true }
    private static let queueKey = DispatchSpecificKey<Bool>()

    /// The loaded text branch and fusion, or `notReady` while starting or after a failed load.
    func loaded() throws -> (text: any TextEncoder, fusion: EmbeddingFusion) {
        guard let text, let fusion else {
            if case .failed(let m) = readiness { throw EncoderError.notReady(m) }
            throw EncoderError.notReady("the text model is still loading")
        }
        return (text, fusion)
    }

    private func load() {
        guard text == nil else { return }
        let result: Readiness
        do {
            let t = try loadText()
            text = t
            let f = EmbeddingFusion(textDimension: t.dimension, visualDimension: visual.dimension, weights: weights)
            fusion = f
            result = .ready(text: t.name, visual: visual.name, dimension: f.dimension)
            logger.info("encoder ready: text \(t.name) (\(t.dimension)), visual \(visual.name) (\(visual.dimension)), fused \(f.dimension), weights text \(weights.text) visual \(weights.visual)")
        } catch {
            result = .failed("\(error)")
            logger.error("encoder failed to load: \(error)")
        }
        let waiters = state.withLock { s in
            s.readiness = result
            defer { s.waiters = [] }
            return s.waiters
        }
        for w in waiters {
            if case .failed(let m) = result { w.resume(throwing: EncoderError.notReady(m)) } else { w.resume() }
        }
    }
}
