import Foundation
import Retrieval

/// The `POST /recommend` body, as the API contract defines it.
package struct RecommendBody: Decodable, Sendable {
    package var positive: [String]?
    package var negative: [String]?
    /// Per-example weights, by product id (ids of `positive` or `negative`); 1 when absent.
    package var weights: [String: Double]?
    package var user: String?
    package var history: [HistoryBody]?
    package var context: ContextBody?
    package var strategy: String?
    package var k: Int?
    package var filter: SearchBody.FilterBody?
    package var exclude: [String]?
    package var exclude_inputs: Bool?

    /// One inline history event.
    package struct HistoryBody: Decodable, Sendable {
        package var product: String
        package var type: String?
        package var ts: EventTime?
    }

    /// The live or page context.
    package struct ContextBody: Decodable, Sendable {
        package var text: String?
        package var asr: String?
        package var images: [String]?
    }

    /// Validates the body against `limits`; `now` dates inline history events sent without `ts` (in order, the
    /// last one newest).
    package func query(limits: InputLimits, now: Double = Date().timeIntervalSince1970) throws(RetrievalError) -> RecommendQuery {
        let context = try self.context?.context(limits: limits)
        let positive = self.positive ?? [], negative = self.negative ?? [], history = self.history ?? []
        guard !positive.isEmpty || !negative.isEmpty || user != nil || !history.isEmpty || context != nil else {
            throw .invalid(code: .emptyQuery, message: "give at least one of positive, negative, user, history, context")
        }
        for (field, ids) in [("positive", positive), ("negative", negative)] {
            guard ids.count <= limits.maxExamples else {
                throw .invalid(code: .tooManyExamples, message: "field '\(field)' holds at most \(limits.maxExamples) ids")
            }
            for id in ids where !InputLimits.isValidID(id) {
                throw .invalid(code: .invalidID, message: "field '\(field)' holds '\(id.prefix(64))', which is not a product id")
            }
        }
        let named = Set(positive + negative)
        for (id, weight) in weights ?? [:] {
            guard named.contains(id) else {
                throw .invalid(message: "field 'weights' names '\(id.prefix(64))', which is in neither positive nor negative")
            }
            guard weight.isFinite, weight > 0, weight <= 1_000 else {
                throw .invalid(message: "field 'weights.\(id.prefix(64))' must be a number above 0 and at most 1000")
            }
        }
        if let user, !InputLimits.isValidID(user) {
            throw .invalid(code: .invalidID, message: "field 'user' must be 1-128 characters of [A-Za-z0-9._:-]")
        }
        guard history.count <= limits.maxHistory else {
            throw .invalid(code: .tooManyExamples, message: "field 'history' holds at most \(limits.maxHistory) events")
        }
        var events: [Event] = []
        for (i, item) in history.enumerated() {
            guard InputLimits.isValidID(item.product) else {
                throw .invalid(code: .invalidID, message: "field 'history[\(i)].product' must be a product id")
            }
            let type = try EventBody.eventType(item.type ?? "view", field: "history[\(i)].type")
            let ts = try item.ts?.validated(field: "history[\(i)].ts", now: now) ?? now - Double(history.count - i) / 1000
            events.append(Event(user: user ?? "", productID: item.product, type: type, timestamp: ts))
        }
        let exclude = self.exclude ?? []
        guard exclude.count <= limits.maxExclude else {
            throw .invalid(code: .tooManyExamples, message: "field 'exclude' holds at most \(limits.maxExclude) ids")
        }
        for id in exclude where !InputLimits.isValidID(id) {
            throw .invalid(code: .invalidID, message: "field 'exclude' holds '\(id.prefix(64))', which is not a product id")
        }
        let k = k ?? 10
        guard (1...limits.maxK).contains(k) else { throw .invalid(message: "field 'k' must be between 1 and \(limits.maxK)") }
        var strategy = RecommendStrategy.auto
        if let name = self.strategy {
            guard let parsed = RecommendStrategy(rawValue: name) else {
                throw .invalid(message: "field 'strategy' must be one of \(RecommendStrategy.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            strategy = parsed
        }
        let w = weights ?? [:]
        return RecommendQuery(positive: positive.map { .init($0, weight: w[$0] ?? 1) },
                              negative: negative.map { .init($0, weight: w[$0] ?? 1) }, user: user, history: events,
                              context: context, k: k, filter: try filter?.filter() ?? SearchFilter(), exclude: exclude,
                              excludeInputs: exclude_inputs ?? true, strategy: strategy)
    }
}

extension RecommendBody.ContextBody {
    /// The validated context (checked as `/search` checks the same fields); nil when it holds nothing.
    func context(limits: InputLimits) throws(RetrievalError) -> RecommendQuery.Context? {
        let text = self.text.flatMap { $0.allSatisfy(\.isWhitespace) ? nil : $0 }
        let asr = self.asr.flatMap { $0.allSatisfy(\.isWhitespace) ? nil : $0 }
        try Check.length(text, max: limits.maxTextLength, field: "context.text")
        try Check.length(asr, max: limits.maxTranscriptLength, field: "context.asr")
        guard (images ?? []).count <= limits.maxImages else {
            throw .tooLarge(code: .tooManyImages, message: "at most \(limits.maxImages) images per context are allowed")
        }
        let context = RecommendQuery.Context(text: text, asr: asr,
                                             images: try Check.images(images ?? [], limits: limits, field: "context.images"))
        return context.isEmpty ? nil : context
    }
}
