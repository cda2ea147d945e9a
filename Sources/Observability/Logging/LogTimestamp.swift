#if canImport(Glibc)
import Glibc
#endif

/// UTC ISO 8601 timestamps with milliseconds (`2026-11-21T06:00:00.123Z`), written straight into a byte buffer.
///
/// Pure integer arithmetic (days to civil date, H. Hinnant's algorithm): no `gmtime_r`, no lock, no String,
/// because every log line (one per request) starts with one.
enum LogTimestamp {
    /// The current time.
    static func append(to out: inout [UInt8]) {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        append(seconds: Int(ts.tv_sec), milliseconds: Int(ts.tv_nsec / 1_000_000), to: &out)
    }

    /// The current time as a String (text format).
    static func now() -> String {
        var out: [UInt8] = []
        out.reserveCapacity(24)
        append(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `seconds` since the epoch plus `milliseconds` (0-999).
    static func append(seconds: Int, milliseconds: Int, to out: inout [UInt8]) {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civil(days: days)
        digits(year, 4, &out)
        out.append(UInt8(ascii: "-"))
        digits(month, 2, &out)
        out.append(UInt8(ascii: "-"))
        digits(day, 2, &out)
        out.append(UInt8(ascii: "T"))
        digits(secondOfDay / 3600, 2, &out)
        out.append(UInt8(ascii: ":"))
        digits(secondOfDay / 60 % 60, 2, &out)
        out.append(UInt8(ascii: ":"))
        digits(secondOfDay % 60, 2, &out)
        out.append(UInt8(ascii: "."))
        digits(milliseconds, 3, &out)
        out.append(UInt8(ascii: "Z"))
    }

    /// Proleptic Gregorian (year, month 1-12, day 1-31) of a day count since 1970-01-01.
    static func civil(days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// `value` zero-padded to `width` digits (values wider than `width` keep all their digits; negative as 0).
    static func digits(_ value: Int, _ width: Int, _ out: inout [UInt8]) {
        var v = UInt(max(0, value))
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { b in
            var n = 0
            repeat {
                b[23 - n] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: v % 10)
                v /= 10
                n += 1
            } while v > 0 || n < min(width, 24)
            out.append(contentsOf: UnsafeBufferPointer(rebasing: b[(24 - n)...]))
        }
    }
}
