/// Mirror of `Health`: the `/health` answer. `products`, `index`, `snapshot` and `kernels` are sections every deployment
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

    /// The `snapshot` section: how the graph snapshot files are going.
    package struct Snapshot: Decodable, Sendable, Equatable {
        /// True while the last save failed.
        package var failing: Bool
        /// Failed saves since the last success.
        package var consecutiveFailures: Int
        /// Unix time of the last successful save (absent before the first).
        package var lastSuccessAt: Double?
        /// The change-log sequence the last saved snapshot covers.
        package var sequence: Int?
        /// Its size in bytes.
        package var bytes: Int?
        /// Seconds the last save took.
        package var seconds: Double?
        /// Seconds it held the index's read lock.
        package var lockSeconds: Double?
        /// Its file name.
        package var file: String?
        /// The last failure's message.
        package var lastError: String?
        /// Unix time of the last failure.
        package var lastFailureAt: Double?

        /// A section with only the required fields (what a fresh server reports).
        package init(failing: Bool, consecutiveFailures: Int) {
            self.failing = failing
            self.consecutiveFailures = consecutiveFailures
        }

        enum CodingKeys: String, CodingKey {
            case failing, sequence, bytes, seconds, file
            case consecutiveFailures = "consecutive_failures"
            case lastSuccessAt = "last_success_at"
            case lockSeconds = "lock_seconds"
            case lastError = "last_error"
            case lastFailureAt = "last_failure_at"
        }
    }

    /// The `recommender` section (every field absent until the catalog is loaded).
    package struct Recommender: Decodable, Sendable, Equatable {
        /// `day_zero` (content space) or `learned`.
        package var mode: String?
        /// The vector space recommendations are ranked in.
        package var space: String?
        /// What serves when no learned model is usable (`content`).
        package var fallback: String?
        /// What users with nothing usable get (`popularity`).
        package var coldUsers: String?

        enum CodingKeys: String, CodingKey {
            case mode, space, fallback
            case coldUsers = "cold_users"
        }
    }

    /// The `summary_upgrades` section (present only when upgrades run: an LLM is configured).
    package struct SummaryUpgrades: Decodable, Sendable, Equatable {
        /// Appearances waiting for their LLM summary.
        package var pending: Int
        /// Upgraded, failed LLM calls, rejected lines.
        package var done: Int
        package var failed: Int
        package var rejected: Int
        /// True while the LLM refuses (breaker open).
        package var paused: Bool
    }

    /// `ok` or `starting`.
    package var status: String
    /// Components still starting (only while `status` is `starting`).
    package var pending: [String]?
    /// Stored products.
    package var products: Int
    /// Index statistics.
    package var index: Index
    /// Graph snapshots.
    package var snapshot: Snapshot
    /// Recommender mode and fallbacks.
    package var recommender: Recommender
    /// The kernel path chosen at start.
    package var kernels: Kernels
    /// Write failures, while they last.
    package var storage: Storage?
    /// Background summary upgrades, when an LLM is configured.
    package var summaryUpgrades: SummaryUpgrades?

    enum CodingKeys: String, CodingKey {
        case status, pending, products, index, snapshot, recommender, kernels, storage
        case summaryUpgrades = "summary_upgrades"
    }
}
