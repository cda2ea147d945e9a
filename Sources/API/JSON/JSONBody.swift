import Foundation
import Retrieval

/// Decodes request bodies with Foundation's `JSONDecoder` and turns its errors into 400s that name the field.
package enum JSONBody {
    /// Decodes `T` from `bytes`; a syntax error, a wrong type or a missing field becomes `RetrievalError.invalid`.
    package static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws(RetrievalError) -> T {
        guard !bytes.isEmpty else { throw .invalid(code: .invalidJSON, message: "the request body is empty") }
        do {
            return try JSONDecoder().decode(T.self, from: Data(bytes))
        } catch let error as DecodingError {
            throw describe(error)
        } catch {
            throw .invalid(code: .invalidJSON, message: "the body is not valid JSON")
        }
    }

    static func describe(_ error: DecodingError) -> RetrievalError {
        func path(_ context: DecodingError.Context) -> String {
            let parts = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }
            let joined = parts.joined()
            return joined.hasPrefix(".") ? String(joined.dropFirst()) : joined
        }
        switch error {
        case .typeMismatch(let type, let context):
            return .invalid(message: "field '\(path(context))' must be \(describe(type))")
        case .valueNotFound(let type, let context):
            return .invalid(message: "field '\(path(context))' must be \(describe(type)), not null")
        case .keyNotFound(let key, let context):
            let parent = path(context)
            return .invalid(code: .missingField,
                            message: "field '\(parent.isEmpty ? key.stringValue : parent + "." + key.stringValue)' is required")
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                return .invalid(code: .invalidJSON, message: "the body is not valid JSON")
            }
            return .invalid(message: "field '\(path(context))': \(context.debugDescription)")
        @unknown default:
            return .invalid(code: .invalidJSON, message: "the body could not be decoded")
        }
    }

    static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Double.Type, is Float.Type: "a number"
        case is Int.Type: "an integer"
        case is Bool.Type: "a boolean"
        default:
            String(describing: type).hasPrefix("Array") ? "an array" :
                (String(describing: type).hasPrefix("Dictionary") ? "an object" : "an object")
        }
    }

    /// Encodes a response value as compact JSON bytes. A value JSON cannot carry (a non-finite number) throws
    /// `ResponseEncodingError`, which the server logs and answers with a 500: never an empty 200.
    package static func encode<T: Encodable>(_ value: T) throws(ResponseEncodingError) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        do {
            return Array(try encoder.encode(value))
        } catch {
            throw ResponseEncodingError(type: String(describing: T.self), underlying: String(describing: error))
        }
    }
}
