import Dispatch
import HTTPServer
import Synchronization

/// Where large JSON bodies are decoded and validated: on a few threads of their own, off the Swift concurrency
/// pool. The pool has one thread per core (two here) and runs every async handler; a 16 MiB body takes
/// JSONDecoder most of a second, so two such requests decoded on the pool would stall every other async route
/// for as long. Small bodies (most requests) are decoded inline: the hop would cost more than the work.
final class DecodeLane: Sendable {
    /// The lane the routes use: two serial queues (one per core on the reference machine).
    static let shared = DecodeLane(width: 2)
    /// Bodies at most this long are decoded inline.
    static let inlineBytes = 64 * 1024

    private let queues: [DispatchQueue]
    private let next = Atomic<Int>(0)

    init(width: Int) {
        queues = (0..<max(1, width)).map { DispatchQueue(label: "ampere.api.decode-\($0)", qos: .userInitiated) }
    }

    /// Runs `work` on the next queue and resumes the caller with its result.
    func run<R: Sendable>(_ work: @escaping @Sendable () throws -> R) async throws -> R {
        let queue = queues[next.add(1, ordering: .relaxed).oldValue % queues.count]
        return try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try work() }) }
        }
    }
}

extension RequestBody {
    /// `decode` then `transform` (validation into Retrieval types, base64 images included): inline for a small
    /// body, on `DecodeLane.shared` for a large one.
    /// `precheck` sees a large body's raw bytes first, to refuse what decoding would only refuse afterwards.
    static func decode<T: Decodable, R: Sendable>(
        _ type: T.Type, from request: HTTPRequest, precheck: (@Sendable ([UInt8]) throws -> Void)? = nil,
        then transform: @escaping @Sendable (T) throws -> R
    ) async throws -> R {
        guard request.body.count > DecodeLane.inlineBytes else { return try transform(try decode(type, from: request)) }
        return try await DecodeLane.shared.run {
            try precheck?(request.body)
            return try transform(try decode(type, from: request))
        }
    }
}
