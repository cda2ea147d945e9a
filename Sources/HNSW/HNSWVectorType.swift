/// How the graph stores its vectors (`index.vector_type`), recorded in every snapshot: a snapshot of another type
/// is refused at load (`HNSWSnapshotError.parameterMismatch`) and the index rebuilt from the stored vectors.
public enum HNSWVectorType: String, Sendable, CaseIterable {
    /// 4 bytes a dimension, exact distances (the default).
    case f32
    /// VectorMath's `Int8Blocks`: 64 codes and one float scale per block, about 1.06 bytes a dimension, and
    /// trailing all-zero blocks (a missing branch) skipped by the distance kernels and by snapshots. The graph is
    /// built and searched on int8 x int8 dot products (AVX2 `vpmaddubsw`, or AVX-512 VNNI `vpdpbusd`); the final
    /// `ef` candidates of a search are re-ranked by the float query against the stored rows (no f32 copies kept).
    case int8

    /// The code in the snapshot header.
    var code: UInt32 { self == .f32 ? 0 : 1 }

    init?(code: UInt32) {
        switch code {
        case 0: self = .f32
        case 1: self = .int8
        default: return nil
        }
    }
}
