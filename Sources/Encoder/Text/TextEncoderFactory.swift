import FoundationEssentials
import Logging

/// Builds the configured text branch and logs, once, which one is active and why.
public enum TextEncoderFactory {
    /// MiniLM or hashing per `settings`. Throws only when MiniLM was asked for explicitly and cannot load:
    /// falling back silently there would put vectors from another space next to stored MiniLM vectors.
    public static func make(_ settings: TextEncoderSettings, logger: Logger) throws -> any TextEncoder {
        let dir = settings.modelDirectory
        switch settings.kind {
        case .hashing:
            logger.info("text encoder: hashing-v1 (AMPERE_TEXT_ENCODER=hashing)")
            return HashingTextEncoder(dimension: settings.hashingDimension)
        case .minilm:
            let missing = missingFiles(in: dir)
            guard missing.isEmpty else {
                throw EncoderError.modelFiles("AMPERE_TEXT_ENCODER=minilm but \(missing.joined(separator: ", ")) missing in \(dir); run scripts/fetch-models")
            }
            let encoder = try MiniLMTextEncoder(directory: dir, threads: settings.threads, maxTokens: settings.maxTokens)
            logger.info("text encoder: all-MiniLM-L6-v2 from \(dir) (AMPERE_TEXT_ENCODER=minilm, \(settings.threads) threads)")
            return encoder
        case .auto:
            let missing = missingFiles(in: dir)
            guard missing.isEmpty else {
                logger.warning("text encoder: hashing-v1, because model files are missing at \(dir) (\(missing.joined(separator: ", "))); run scripts/fetch-models for all-MiniLM-L6-v2")
                return HashingTextEncoder(dimension: settings.hashingDimension)
            }
            do {
                let encoder = try MiniLMTextEncoder(directory: dir, threads: settings.threads, maxTokens: settings.maxTokens)
                logger.info("text encoder: all-MiniLM-L6-v2 from \(dir) (model files found, \(settings.threads) threads)")
                return encoder
            } catch {
                logger.error("text encoder: hashing-v1, because the model at \(dir) failed to load: \(error)")
                return HashingTextEncoder(dimension: settings.hashingDimension)
            }
        }
    }

    /// Which of MiniLM's required files are absent from `directory`.
    public static func missingFiles(in directory: String) -> [String] {
        MiniLMTextEncoder.requiredFiles.filter { !FileManager.default.fileExists(atPath: directory + "/" + $0) }
    }
}
