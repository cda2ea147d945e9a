import Foundation
import Retrieval

/// An event time as the API accepts it: an ISO-8601 string (`2010-12-01T08:26:00Z`, fractional seconds and offsets
/// allowed) or a number of seconds since 1970. Decoding never fails on the value; `seconds` says whether it parsed.
package struct EventTime: Decodable, Sendable {
    /// Seconds since 1970, or nil when the value is neither a number nor an ISO-8601 date-time.
    package var seconds: Double?
    /// The value as sent, for error messages.
    package var text: String

    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Double.self) {
            seconds = number
            text = "\(number)"
        } else {
            let string = try container.decode(String.self)
            text = string
            seconds = Self.parse(string)
        }
    }

    static func parse(_ string: String) -> Double? {
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: string) { return date.timeIntervalSince1970 }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: string)?.timeIntervalSince1970
    }

    /// The seconds, checked: a finite time from 1970 to a day from `now`.
    func validated(field: String, now: Double) throws(RetrievalError) -> Double {
        guard let seconds, seconds.isFinite, seconds >= 0, seconds <= now + 86_400 else {
            throw .invalid(
                message: "field '\(field)' must be an ISO-8601 date-time or seconds since 1970, not in the future (got \(text))")
        }
        return seconds
    }
}
