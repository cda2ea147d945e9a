/// Why a snapshot could not be loaded. Every case means "rebuild from the stored vectors", never "crash".
public enum HNSWSnapshotError: Error, Equatable, Sendable {
    /// Shorter than its header or its declared length.
    case truncated
    /// Does not start with the snapshot magic bytes.
    case badMagic
    /// Written by a format version this code does not read.
    case unsupportedVersion(UInt32)
    /// The stored checksum does not match the bytes.
    case checksumMismatch
    /// Dimension, metric, M or efConstruction differ from what the caller expects.
    case parameterMismatch(String)
    /// Checksum fine but the content is inconsistent (a bug wrote it); carries the first problems found.
    case inconsistent([String])
}
