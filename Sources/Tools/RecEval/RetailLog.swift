import CZlib
import Foundation
import Retrieval

/// The shared interaction log (UCI Online Retail, CC BY 4.0) read and cleaned as its README's protocol says:
/// cancellations, non-positive quantities, guest rows and non-product stock codes dropped, in that order; a basket is
/// an invoice, its time the earliest line's, its items its distinct stock codes.
package struct RetailLog: Sendable {
    /// One basket.
    package struct Basket: Sendable {
        /// The invoice number.
        package var invoice: String
        /// The customer id (without `.0`).
        package var customer: String
        /// `YYYY-MM-DD HH:MM:SS` of its earliest line (sortable as text).
        package var time: String
        /// The same as seconds since 1970 (read as UTC).
        package var seconds: Double
        /// Distinct stock codes, in byte order.
        package var items: [String]
    }

    /// Every cleaned basket, in (time, invoice) order.
    package var baskets: [Basket]
    /// Purchase lines kept.
    package var lines: Int

    /// Reads the CSV at `path` (gzip when it ends in `.gz`, inflated with zlib in this process: no `gzip` child,
    /// since Foundation's `Process.run` can crash on Linux).
    package static func load(path: String) throws -> RetailLog {
        let data: Data
        if path.hasSuffix(".gz") {
            data = try gunzip(path)
        } else {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        }
        return parse(String(decoding: data, as: UTF8.self))
    }

    /// The inflated contents of the gzip file at `path` (every member, as `gzip -dc` prints them).
    static func gunzip(_ path: String) throws -> Data {
        guard let file = gzopen(path, "rb") else { throw RecEvalError("cannot open \(path)") }
        defer { gzclose(file) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buffer.withUnsafeMutableBytes { gzread(file, $0.baseAddress, UInt32($0.count)) }
            if n < 0 { throw RecEvalError("\(path) is not a readable gzip file") }
            if n == 0 { break }
            data.append(contentsOf: buffer[0..<Int(n)])
        }
        return data
    }

    /// Cleans and groups the CSV text.
    package static func parse(_ text: String) -> RetailLog {
        var byInvoice: [String: (customer: String, time: String, items: Set<String>)] = [:]
        var lines = 0
        var first = true
        for line in text.split(whereSeparator: \.isNewline) {
            if first { first = false; continue }
            let f = fields(Substring(line))
            guard f.count >= 8 else { continue }
            let invoice = f[0], code = f[1], date = f[4], customer = f[6]
            if invoice.hasPrefix("C") { continue }                                      // rule 1
            guard let quantity = Int(f[3]), quantity > 0 else { continue }              // rule 2
            guard !customer.isEmpty else { continue }                                   // rule 3
            guard isProductCode(code) else { continue }                                 // rule 4
            lines += 1
            let user = customer.hasSuffix(".0") ? String(customer.dropLast(2)) : customer
            if var basket = byInvoice[invoice] {
                basket.items.insert(code)
                if date < basket.time { basket.time = date }
                byInvoice[invoice] = basket
            } else {
                byInvoice[invoice] = (user, date, [code])
            }
        }
        let baskets = byInvoice.map { invoice, b in
            Basket(invoice: invoice, customer: b.customer, time: b.time, seconds: seconds(b.time),
                   items: b.items.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        }.sorted { $0.time != $1.time ? $0.time < $1.time : $0.invoice < $1.invoice }
        return RetailLog(baskets: baskets, lines: lines)
    }

    /// `^[0-9]{5}[A-Za-z]*$`.
    static func isProductCode(_ code: String) -> Bool {
        let bytes = Array(code.utf8)
        guard bytes.count >= 5, bytes.prefix(5).allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return false }
        return bytes.dropFirst(5).allSatisfy { ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) }
    }

    /// The fields of one CSV line (double-quoted fields may hold commas and doubled quotes).
    static func fields(_ line: Substring) -> [String] {
        var out: [String] = []
        var field = ""
        var quoted = false
        var i = line.startIndex
        while i < line.endIndex {
            let c = line[i]
            if quoted {
                if c == "\"" {
                    let next = line.index(after: i)
                    if next < line.endIndex, line[next] == "\"" { field.append("\""); i = next } else { quoted = false }
                } else {
                    field.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                out.append(field)
                field = ""
            } else {
                field.append(c)
            }
            i = line.index(after: i)
        }
        out.append(field)
        return out
    }

    /// `YYYY-MM-DD HH:MM:SS` as seconds since 1970, read as UTC (days from the civil date, Howard Hinnant's method).
    static func seconds(_ text: String) -> Double {
        let parts = text.split(whereSeparator: { $0 == "-" || $0 == " " || $0 == ":" }).compactMap { Int($0) }
        guard parts.count >= 5 else { return 0 }
        var (y, m, d) = (parts[0], parts[1], parts[2])
        y -= m <= 2 ? 1 : 0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        m = m > 2 ? m - 3 : m + 9
        let doy = (153 * m + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        let second = parts.count > 5 ? parts[5] : 0
        return Double(days * 86_400 + parts[3] * 3_600 + parts[4] * 60 + second)
    }
}

/// A failure of `ampere rec-eval`'s input.
package struct RecEvalError: Error, CustomStringConvertible {
    package var description: String
    init(_ description: String) { self.description = description }
}
