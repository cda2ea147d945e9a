import Config

/// The `encoder.*`, `search.*`, `index.*`, `storage.*` and `kernels.*` keys: the retrieval stack.
extension Setting where Value == String {
    /// `index.snapshot_dir`.
    package static var indexSnapshotDir: Setting {
        .string("index.snapshot_dir", "", allowEmpty: true,
                "Directory of the graph snapshot files (empty: data.dir, beside the database).")
    }
    /// `storage.synchronous`.
    package static var storageSynchronous: Setting {
        .choice("storage.synchronous", "full", ["full", "normal"],
            "SQLite commit durability: full survives power loss, normal only a killed process.")
    }
    /// `encoder.text`.
    package static var encoderText: Setting {
        .choice("encoder.text", "auto", ["auto", "minilm", "hashing"],
            "Text branch: minilm needs the model files; auto falls back to hashing without them.")
            .alias("AMPERE_TEXT_ENCODER")
    }
    /// `kernels.isa`.
    package static var kernelsIsa: Setting {
        .choice("kernels.isa", "auto", ["auto", "avx2", "avx512"],
            "CPU kernels (encoder GEMM, index distances): auto = AVX-512 when the CPU, the OS and a start-up self-test allow it, else AVX2; forcing avx512 where it cannot run fails at start.")
    }
    /// `encoder.model_dir`.
    package static var encoderModelDir: Setting {
        .string("encoder.model_dir", "models/all-MiniLM-L6-v2", "Directory with the MiniLM model files.")
            .alias("AMPERE_MODEL_DIR")
    }
    /// `index.vector_type`.
    package static var indexVectorType: Setting {
        .choice("index.vector_type", "f32", ["f32", "int8"],
            "Vectors in the graph, its snapshots and index_vectors: f32, or int8 (64-dim blocks with a scale each, zero blocks skipped; searched on int8, the final candidates re-ranked by the float query). A change rebuilds the graph at start.")
    }
    /// `search.mode`.
    package static var searchMode: Setting {
        .choice("search.mode", "hybrid", ["hybrid", "vector"], "Default search mode when a request names none.")
    }
}

extension Setting where Value == Int {
    /// `storage.change_log_days`.
    package static var storageChangeLogDays: Setting {
        .int("storage.change_log_days", 7, 0...36_500,
             "Days the change feed (catalog_changes; in replica mode also PostgreSQL's product_changes) keeps its rows; older ones are purged hourly (0: keep forever). A replica further behind than that reconciles.")
    }
    /// `encoder.threads`.
    package static var encoderThreads: Setting {
        .int("encoder.threads", 2, 1...64, "Cores one MiniLM forward pass may use.")
    }
    /// `encoder.max_tokens`.
    package static var encoderMaxTokens: Setting {
        .int("encoder.max_tokens", 64, 8...256, "Tokens of each text the MiniLM branch reads; the rest is cut.")
    }
    /// `encoder.query_max_tokens`.
    package static var encoderQueryMaxTokens: Setting {
        .int("encoder.query_max_tokens", 28, 0...256, "Tokens of a search query's text MiniLM reads (0: as encoder.max_tokens).")
    }
    /// `index.m`.
    package static var indexM: Setting {
        .int("index.m", 16, 2...255, "HNSW M (level-0 degree 2M).")
    }
    /// `index.ef_construction`.
    package static var indexEfConstruction: Setting {
        .int("index.ef_construction", 200, 2...10_000, "HNSW beam width while inserting.")
    }
    /// `index.ef_search`.
    package static var indexEfSearch: Setting {
        .int("index.ef_search", 64, 1...10_000, "Default HNSW beam width at query time.")
    }
    /// `index.snapshot_every`.
    package static var indexSnapshotEvery: Setting {
        .int("index.snapshot_every", 10_000, 0...100_000_000,
            "Save a graph snapshot after this many vector changes (0: only at shutdown).")
    }
    /// `index.filter_max_ef`.
    package static var indexFilterMaxEf: Setting {
        .int("index.filter_max_ef", 512, 16...100_000,
             "Widest beam a filtered search widens ef to (by sqrt(1/selectivity) of the filter) per request.")
    }
    /// `index.filter_exact_budget`.
    package static var indexFilterExactBudget: Setting {
        .int("index.filter_exact_budget", 100_000, 1_000...100_000_000,
             "Most vector distances one filtered search's exact scan computes; past it, the best found so far.")
    }
    /// `index.snapshot_keep`.
    package static var indexSnapshotKeep: Setting {
        .int("index.snapshot_keep", 2, 1...10, "Graph snapshot files kept (the newest; older ones are deleted).")
    }
    /// `search.term_repeat`.
    package static var searchTermRepeat: Setting {
        .int("search.term_repeat", 2, 1...10, "A query term said n times counts min(n, this) times in BM25.")
    }
    /// `search.first_line_boost`.
    package static var searchFirstLineBoost: Setting {
        .int("search.first_line_boost", 1, 0...5, "Extra BM25 counts for the first line (a title) of a multi-line text query.")
    }
    /// `search.max_query_terms`.
    package static var searchMaxQueryTerms: Setting {
        .int("search.max_query_terms", 32, 1...1024, "Distinct query terms sent to BM25 at most: the rarest ones in the catalog.")
    }
}

extension Setting where Value == Double {
    /// `storage.fts_maintenance_idle_s`.
    package static var storageFtsMaintenanceIdleS: Setting {
        .double("storage.fts_maintenance_idle_s", 2, 0...86_400,
            "Once writes have been quiet this long, merge the BM25 index's segments and rebuild its term statistics in the background (0: never).")
    }
    /// `index.snapshot_backoff_max_s`.
    package static var indexSnapshotBackoffMaxS: Setting {
        .double("index.snapshot_backoff_max_s", 1_800, 30...86_400,
                "Longest wait after failed snapshots (30 s doubled per consecutive failure, up to this).")
    }
    /// `encoder.text_weight`.
    package static var encoderTextWeight: Setting {
        .double("encoder.text_weight", 1.0, 0...100, "Weight of the text branch in the fused vector.")
    }
    /// `encoder.visual_weight`.
    package static var encoderVisualWeight: Setting {
        .double("encoder.visual_weight", 0.5, 0...100, "Weight of the visual branch in the fused vector.")
    }
    /// `search.rrf_k`.
    package static var searchRrfK: Setting {
        .double("search.rrf_k", 30, 1...10_000, "Reciprocal-rank-fusion constant of hybrid mode.")
    }
    /// `search.vector_weight`.
    package static var searchVectorWeight: Setting {
        .double("search.vector_weight", 1.0, 0...100, "Weight of the vector channel in hybrid mode.")
    }
    /// `search.lexical_weight`.
    package static var searchLexicalWeight: Setting {
        .double("search.lexical_weight", 1.5, 0...100, "Weight of the BM25 channel in hybrid mode.")
    }
    /// `search.bm25_title`.
    package static var searchBm25Title: Setting {
        .double("search.bm25_title", 5, 0...100, "BM25 weight of the product title.")
    }
    /// `search.bm25_brand`.
    package static var searchBm25Brand: Setting {
        .double("search.bm25_brand", 2, 0...100, "BM25 weight of the brand.")
    }
    /// `search.bm25_body`.
    package static var searchBm25Body: Setting {
        .double("search.bm25_body", 1, 0...100, "BM25 weight of the description, attributes and summaries.")
    }
    /// `search.common_term_share`.
    package static var searchCommonTermShare: Setting {
        .double("search.common_term_share", 0.1, 0...1,
            "Query terms in more than this share of appearances (and over 200) are left out of BM25 while rarer ones remain; 1 keeps all.")
    }
    /// `search.code_mismatch`.
    package static var searchCodeMismatch: Setting {
        .double("search.code_mismatch", 0.3, 0...10, "Hits whose title has numbers/codes a text query lacks score 1/(1 + this x missing share).")
    }
}
