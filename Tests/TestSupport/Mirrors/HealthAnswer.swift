/// Mirror of `Health`: the `/health` answer. `products`, `index` and `kernels` are sections every deployment
/// reports (the index one empty until the index is loaded); `storage` appears only while writes fail.
package struct HealthAnswer: Decodable, Sendable, Equatable {
    /// The `index` section.
    package struct Index: Decodable, Sendable, Equatable {
        /// Vectors in the index (every field is absent until the index is loaded).
        package var vectors: Int?
        /// The index dimension.
        package var dimension: Int?
        /// The vector space id.
        package var space: String?
        /// `snapshot` or `rebuilt`.
        package var loadedFrom: String?

        enum CodingKeys: String, CodingKey {
            case vectors, dimension, space
            case loadedFrom = "loaded_from"
        }
    }

    /// The `kernels` section: the instruction set the CPU kernels run on.
    package struct Kernels: Decodable, Sendable, Equatable {
        /// `avx2` or `avx512`.
        package var isa: String
    }

    /// The `storage` section (present only while catalog writes fail for lack of storage).
    package struct Storage: Decodable, Sendable, Equatable {
        /// Always false while the section is present.
        package var writable: Bool
        /// SQLite's message of the last failed write.
        package var lastError: String?

        enum CodingKeys: String, CodingKey {
            case writable
            case lastError = "last_error"
        }
    }

    /// `ok` or `starting`.
    package var status: String
    /// Components still starting (only while `status` is `starting`).
    package var pending: [String]?
    /// Stored products.
    package var products: Int
    /// Index statistics.
    package var index: Index
    /// The kernel path chosen at start.
    package var kernels: Kernels
    /// Write failures, while they last.
    package var storage: Storage?
}
