import FoundationEssentials

/// `ampere import`: streams a catalog (one `POST /products` body per line) into a sink in batches, reports every
/// rejected line with its number and reason, and records progress after each acknowledged batch so that an
/// interrupted import resumes where it stopped instead of starting over.
package struct CatalogImporter: Sendable {
    /// Where products go: a running server (`--server`) or a local data directory (`--data-dir`).
    package protocol Sink: Sendable {
        /// Upserts the bodies; one outcome per body, in order. Throws only when the whole batch failed (e.g. the
        /// server is unreachable), in which case nothing of it counts as done.
        func upsert(_ bodies: [[UInt8]]) async throws -> [Outcome]
        /// Waits for work the last `upsert` left running (a local sink's graph inserts); called at the end of a run.
        func finish() async
    }

    /// What happened to one line.
    package enum Outcome: Sendable, Equatable {
        /// Stored (new or replaced).
        case stored
        /// Rejected, with the error code and message.
        case rejected(code: String, message: String)
    }

    /// Totals of one run.
    package struct Summary: Sendable, Equatable {
        /// Lines skipped because an earlier run had done them.
        package var resumedFrom = 0
        /// Lines stored in this run.
        package var stored = 0
        /// Lines rejected in this run.
        package var rejected = 0
    }

    /// Path of the catalog file.
    package var path: String
    /// Where progress is recorded (default: the catalog path + `.import-state`).
    package var statePath: String
    /// Lines per batch.
    package var batchSize: Int

    /// Creates an importer.
    package init(path: String, statePath: String? = nil, batchSize: Int = 100) {
        self.path = path
        self.statePath = statePath ?? path + ".import-state"
        self.batchSize = max(1, batchSize)
    }

    /// Runs the import. `report` receives each rejected line (1-based number, code, message); `progress` the
    /// number of lines done out of the total after each batch.
    package func run(into sink: any Sink, resume: Bool = true,
                    report: @Sendable (Int, String, String) -> Void,
                    progress: @Sendable (Int, Int) -> Void) async throws -> Summary {
        let lines = try JSONLines.readNumbered(path)
        let fileSize = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? -1
        var summary = Summary()
        var done = resume ? ImportState.load(statePath, fileSize: fileSize) : 0
        summary.resumedFrom = done
        let total = lines.last?.number ?? 0
        var start = lines.firstIndex { $0.number > done } ?? lines.count
        progress(done, total)
        while start < lines.count {
            let batch = Array(lines[start..<min(start + batchSize, lines.count)])
            let outcomes = try await sink.upsert(batch.map(\.bytes))
            for (line, outcome) in zip(batch, outcomes) {
                switch outcome {
                case .stored: summary.stored += 1
                case .rejected(let code, let message):
                    summary.rejected += 1
                    report(line.number, code, message)
                }
            }
            done = batch.last!.number
            try ImportState.save(statePath, linesDone: done, fileSize: fileSize)
            start += batch.count
            progress(done, total)
        }
        await sink.finish()
        return summary
    }
}

extension CatalogImporter.Sink {
    /// Nothing left running.
    package func finish() async {}
}

/// The resume record: how many lines of which file are done.
enum ImportState {
    struct Record: Codable {
        var lines_done: Int
        var file_size: Int
    }

    /// Lines already done for a file of this size (0 when there is no record or the file changed).
    static func load(_ path: String, fileSize: Int) -> Int {
        guard let data = FileManager.default.contents(atPath: path),
              let record = try? JSONDecoder().decode(Record.self, from: data), record.file_size == fileSize else { return 0 }
        return record.lines_done
    }

    /// Writes the record atomically (temporary file + rename), so a crash never leaves half a record.
    static func save(_ path: String, linesDone: Int, fileSize: Int) throws {
        let data = try JSONEncoder().encode(Record(lines_done: linesDone, file_size: fileSize))
        try data.write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}

extension JSONLines {
    /// The non-blank lines of the file with their 1-based line numbers.
    package static func readNumbered(_ path: String) throws -> [(number: Int, bytes: [UInt8])] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        var out: [(Int, [UInt8])] = []
        for (i, line) in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            let bytes = [UInt8](line)
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            out.append((i + 1, bytes))
        }
        return out
    }
}
