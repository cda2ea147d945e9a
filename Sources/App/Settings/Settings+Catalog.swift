import Config
import Guard

// Every configuration key of Ampere, each declared once as a typed `Setting` (read as `configuration[.serverPort]`)
// and listed in `AmpereSettings.catalog` in documentation order. Add a key with its declaration and one line in the
// catalog; then run `swift run ampere config --defaults > config/default.json` and `ampere config --markdown` for
// the README table (tests check both). The property name is the key name in camel case (`server.port` ->
// `serverPort`).

/// The key table of Ampere, in documentation order (what `ampere config`, config/default.json and the README list).
package enum AmpereSettings {
    /// Every key.
    package static let catalog: [ConfigKey] = [
        Setting<String>.serverHost.key,
        Setting<Int>.serverPort.key,
        Setting<Int>.serverWorkers.key,
        Setting<Int>.serverMaxConnections.key,
        Setting<Int>.serverMaxConnectionsPerClient.key,
        Setting<Int>.serverBacklog.key,
        Setting<Double>.serverHeaderTimeoutS.key,
        Setting<Double>.serverBodyTimeoutS.key,
        Setting<Double>.serverIdleTimeoutS.key,
        Setting<Double>.serverWriteTimeoutS.key,
        Setting<Double>.serverDrainTimeoutS.key,
        Setting<Int>.serverGzipMinBytes.key,
        Setting<Int>.serverGzipLevel.key,
        Setting<Int>.limitsMaxBodyBytes.key,
        Setting<Int>.limitsMaxHeaderBytes.key,
        Setting<Int>.limitsMaxTargetBytes.key,
        Setting<String>.dataDir.key,
        Setting<String>.storageSynchronous.key,
        Setting<Int>.storageChangeLogDays.key,
        Setting<Double>.storageFtsMaintenanceIdleS.key,
        Setting<Int>.limitsProductBodyBytes.key,
        Setting<Int>.limitsQueryBodyBytes.key,
        Setting<Int>.limitsBatchBodyBytes.key,
        Setting<Int>.limitsMaxBatch.key,
        Setting<Int>.limitsMaxImages.key,
        Setting<Int>.limitsMaxImageBytes.key,
        Setting<Int>.limitsMaxImagePixels.key,
        Setting<Int>.limitsMaxTranscriptChars.key,
        Setting<Int>.limitsMaxK.key,
        Setting<Int>.limitsMaxEf.key,
        Setting<String>.encoderText.key,
        Setting<String>.encoderModelDir.key,
        Setting<Int>.encoderThreads.key,
        Setting<Int>.encoderMaxTokens.key,
        Setting<Int>.encoderQueryMaxTokens.key,
        Setting<Double>.encoderTextWeight.key,
        Setting<Double>.encoderVisualWeight.key,
        Setting<String>.kernelsIsa.key,
        Setting<Int>.indexM.key,
        Setting<Int>.indexEfConstruction.key,
        Setting<Int>.indexEfSearch.key,
        Setting<Int>.indexSnapshotEvery.key,
        Setting<Int>.indexSnapshotKeep.key,
        Setting<Int>.indexFilterMaxEf.key,
        Setting<Int>.indexFilterExactBudget.key,
        Setting<String>.indexSnapshotDir.key,
        Setting<Double>.indexSnapshotBackoffMaxS.key,
        Setting<String>.searchMode.key,
        Setting<Double>.searchRrfK.key,
        Setting<Double>.searchVectorWeight.key,
        Setting<Double>.searchLexicalWeight.key,
        Setting<Double>.searchBm25Title.key,
        Setting<Double>.searchBm25Brand.key,
        Setting<Double>.searchBm25Body.key,
        Setting<Int>.searchTermRepeat.key,
        Setting<Int>.searchFirstLineBoost.key,
        Setting<Int>.searchMaxQueryTerms.key,
        Setting<Double>.searchCommonTermShare.key,
        Setting<Double>.searchCodeMismatch.key,
        Setting<Int>.recommendEventsRetentionDays.key,
        Setting<Int>.recommendHistoryLimit.key,
        Setting<Double>.recommendHalfLifeDays.key,
        Setting<Bool>.recommendCentre.key,
        Setting<String>.recommendModelPath.key,
        Setting<String>.llmBaseUrl.key,
        Setting<String>.llmModel.key,
        Setting<Double>.llmTimeoutS.key,
        Setting<Double>.llmConnectTimeoutS.key,
        Setting<Int>.llmMaxTokens.key,
        Setting<Bool>.llmStopAtNewline.key,
        Setting<Int>.llmMaxConcurrent.key,
        Setting<Int>.llmMaxWindows.key,
        Setting<Int>.summarizerCacheEntries.key,
        Setting<Int>.llmRetries.key,
        Setting<Double>.llmDeadlineS.key,
        Setting<Int>.llmBreakerThreshold.key,
        Setting<Double>.llmBreakerCooldownS.key,
        Setting<Double>.summarizerUpgradePerS.key,
        Setting<Int>.summarizerUpgradeMaxAttempts.key,
        Setting<String>.summarizerLanguage.key,
        Setting<Bool>.llmGrounding.key,
        Setting<Double>.llmGroundingMinKnownShare.key,
        Setting<Int>.llmGroundingMinCatalogTerms.key,
        Setting<Int>.llmGroundingMinHeardTerms.key,
        Setting<Double>.llmGroundingMaxCopyShare.key,
        Setting<Double>.llmGroundingMaxPromptShare.key,
        Setting<String>.logLevel.key,
        Setting<String>.logFormat.key,
        Setting<Bool>.logAccess.key,
        Setting<String>.llmApiKey.key,
        Setting<String>.authWriteKeys.key,
        Setting<String>.authReadKeys.key,
        Setting<String>.authMetrics.key,
        Setting<Bool>.authOpen.key,
        Setting<Double>.limitsRatePerS.key,
        Setting<Int>.limitsRateBurst.key,
        Setting<Int>.limitsRateClients.key,
        Setting<Int>.limitsMaxInFlight.key,
        Setting<Int>.limitsMaxQueued.key,
        Setting<Int>.limitsBodyBudgetBytes.key,
        Setting<Double>.limitsQueueTimeoutS.key,
        Setting<Int>.limitsRetryAfterS.key,
    ]
}

extension Setting where Value == String {
    /// `server.host`.
    package static var serverHost: Setting {
        .string("server.host", "127.0.0.1", "Numeric address to listen on (0.0.0.0 for all IPv4 interfaces).")
    }
    /// `data.dir`.
    package static var dataDir: Setting {
        .string("data.dir", "./data", "Directory for the SQLite database and index snapshots.")
    }
    /// `recommend.model_path`.
    package static var recommendModelPath: Setting {
        .string("recommend.model_path", "", allowEmpty: true,
                "Model file of the learned recommender (ampere rec-train); empty: none, the day-zero content mode serves. Refused (logged, day-zero fallback) when trained in another vector space.")
    }
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
    /// `search.mode`.
    package static var searchMode: Setting {
        .choice("search.mode", "hybrid", ["hybrid", "vector"], "Default search mode when a request names none.")
    }
    /// `llm.base_url`.
    package static var llmBaseUrl: Setting {
        .string("llm.base_url", "", allowEmpty: true,
            "OpenAI-compatible base URL, e.g. http://127.0.0.1:8000/v1; empty means no LLM (extractive summaries).")
    }
    /// `llm.model`.
    package static var llmModel: Setting {
        .string("llm.model", "default", "Model name sent to the LLM.")
    }
    /// `summarizer.language`.
    package static var summarizerLanguage: Setting {
        .choice("summarizer.language", "match", ["match", "en"], "Summary language: the transcript's own, or English.")
    }
    /// `log.level`.
    package static var logLevel: Setting {
        .choice("log.level", "info", ["trace", "debug", "info", "notice", "warning", "error", "critical"],
            "Minimum log level.")
    }
    /// `log.format`.
    package static var logFormat: Setting {
        .choice("log.format", "json", ["json", "text"], "Log line format on stdout.")
    }
    /// `llm.api_key`.
    package static var llmApiKey: Setting {
        .secret("llm.api_key", "API key for the OpenAI-compatible LLM endpoint (environment only, never logged).")
    }
    /// `auth.write_keys`.
    package static var authWriteKeys: Setting {
        .secret("auth.write_keys", "API keys (comma-separated) that may read and write; AMPERE_WRITE_KEYS also works. Env only, never logged.")
            .alias("AMPERE_WRITE_KEYS").validated(APIKeyring.problem(in:))
    }
    /// `auth.read_keys`.
    package static var authReadKeys: Setting {
        .secret("auth.read_keys", "API keys (comma-separated) that may only read; AMPERE_READ_KEYS also works. Env only, never logged.")
            .alias("AMPERE_READ_KEYS").validated(APIKeyring.problem(in:))
    }
    /// `auth.metrics`.
    package static var authMetrics: Setting {
        .choice("auth.metrics", "read", ["read", "open"],
            "With keys set, /metrics needs a read key (read) or is open to anyone who can connect (open).")
    }
}

extension Setting where Value == Int {
    /// `storage.change_log_days`.
    package static var storageChangeLogDays: Setting {
        .int("storage.change_log_days", 7, 0...36_500,
             "Days the change feed (catalog_changes) keeps its rows; older ones are purged hourly (0: keep forever).")
    }
    /// `server.port`.
    package static var serverPort: Setting {
        .int("server.port", 8080, 0...65535, "TCP port; 0 picks a free port (see --port-file).")
    }
    /// `server.workers`.
    package static var serverWorkers: Setting {
        .int("server.workers", 0, 0...256, "Worker event loops (threads) serving connections; 0 means one per CPU core.")
    }
    /// `server.max_connections`.
    package static var serverMaxConnections: Setting {
        .int("server.max_connections", 10_000, 1...1_000_000, "Open connections beyond this get 503 and are closed.")
    }
    /// `server.backlog`.
    package static var serverBacklog: Setting {
        .int("server.backlog", 1024, 1...65535, "listen(2) backlog.")
    }
    /// `server.gzip_min_bytes`.
    package static var serverGzipMinBytes: Setting {
        .int("server.gzip_min_bytes", 1024, 0...Int(Int32.max), "Compress bodies at least this long; 0 disables gzip.")
    }
    /// `server.gzip_level`.
    package static var serverGzipLevel: Setting {
        .int("server.gzip_level", 5, 1...9, "zlib compression level for responses.")
    }
    /// `limits.max_body_bytes`.
    package static var limitsMaxBodyBytes: Setting {
        .int("limits.max_body_bytes", 1 << 20, 0...(1 << 34), "Default request body limit (routes may allow more).")
    }
    /// `limits.max_header_bytes`.
    package static var limitsMaxHeaderBytes: Setting {
        .int("limits.max_header_bytes", 16 * 1024, 1024...(1 << 20), "Largest request head (431 beyond).")
    }
    /// `limits.max_target_bytes`.
    package static var limitsMaxTargetBytes: Setting {
        .int("limits.max_target_bytes", 8 * 1024, 256...(1 << 20), "Longest request target (414 beyond).")
    }
    /// `limits.product_body_bytes`.
    package static var limitsProductBodyBytes: Setting {
        .int("limits.product_body_bytes", 16 << 20, 1024...(1 << 34), "Body limit of POST /products.")
    }
    /// `limits.query_body_bytes`.
    package static var limitsQueryBodyBytes: Setting {
        .int("limits.query_body_bytes", 16 << 20, 1024...(1 << 34), "Body limit of POST /search, /embed and /summarize.")
    }
    /// `limits.batch_body_bytes`.
    package static var limitsBatchBodyBytes: Setting {
        .int("limits.batch_body_bytes", 64 << 20, 1024...(1 << 34), "Body limit of POST /products/batch.")
    }
    /// `limits.max_batch`.
    package static var limitsMaxBatch: Setting {
        .int("limits.max_batch", 500, 1...100_000, "Most products in one batch request.")
    }
    /// `limits.max_images`.
    package static var limitsMaxImages: Setting {
        .int("limits.max_images", 16, 0...1_000, "Most images (photos plus key frames) per product or query.")
    }
    /// `limits.max_image_bytes`.
    package static var limitsMaxImageBytes: Setting {
        .int("limits.max_image_bytes", 8 << 20, 1024...(1 << 30), "Largest encoded image, in bytes.")
    }
    /// `limits.max_image_pixels`.
    package static var limitsMaxImagePixels: Setting {
        .int("limits.max_image_pixels", 40_000_000, 1...1_000_000_000, "Largest decoded image, in pixels (422 beyond).")
    }
    /// `limits.max_transcript_chars`.
    package static var limitsMaxTranscriptChars: Setting {
        .int("limits.max_transcript_chars", 100_000, 1...10_000_000, "Longest ASR transcript, in characters.")
    }
    /// `limits.max_k`.
    package static var limitsMaxK: Setting {
        .int("limits.max_k", 100, 1...10_000, "Largest k a search may ask for.")
    }
    /// `limits.max_ef`.
    package static var limitsMaxEf: Setting {
        .int("limits.max_ef", 1_000, 1...100_000, "Largest ef a search may ask for.")
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
             "Widest beam a filtered search widens ef to (by 1/selectivity of the filter) per request.")
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
    /// `recommend.events_retention_days`.
    package static var recommendEventsRetentionDays: Setting {
        .int("recommend.events_retention_days", 365, 0...36_500,
             "Events older than this many days (by their ts) are purged in the background, hourly; 0 keeps them forever.")
    }
    /// `recommend.history_limit`.
    package static var recommendHistoryLimit: Setting {
        .int("recommend.history_limit", 50, 1...1_000, "Most recent events of a user read per /recommend request.")
    }
    /// `llm.max_tokens`.
    package static var llmMaxTokens: Setting {
        .int("llm.max_tokens", 96, 1...8192, "Completion token cap; calls ask for 2 x summary words + 16 when that is less.")
    }
    /// `summarizer.cache_entries`.
    package static var summarizerCacheEntries: Setting {
        .int("summarizer.cache_entries", 100_000, 1...100_000_000,
             "LLM summaries kept in the SQLite summary cache; past it the oldest are deleted.")
    }
    /// `summarizer.upgrade_max_attempts`.
    package static var summarizerUpgradeMaxAttempts: Setting {
        .int("summarizer.upgrade_max_attempts", 10, 1...1_000,
             "Failed LLM calls after which a stored appearance's summary upgrade is given up (a refusal by the open breaker does not count).")
    }
    /// `llm.max_concurrent`.
    package static var llmMaxConcurrent: Setting {
        .int("llm.max_concurrent", 2, 1...256, "LLM calls in flight at once.")
    }
    /// `llm.max_windows`.
    package static var llmMaxWindows: Setting {
        .int("llm.max_windows", 16, 1...1024,
             "Most 350-word map windows one transcript may take; a longer one gets the extractive summary (too_long).")
    }
    /// `llm.grounding_min_catalog_terms`.
    package static var llmGroundingMinCatalogTerms: Setting {
        .int("llm.grounding_min_catalog_terms", 1, 0...32, "Fewest catalog terms an LLM line must hold to be used.")
    }
    /// `llm.grounding_min_heard_terms`.
    package static var llmGroundingMinHeardTerms: Setting {
        .int("llm.grounding_min_heard_terms", 1, 0...32, "Fewest content words of an LLM line said in the transcript itself.")
    }
    /// `llm.retries`.
    package static var llmRetries: Setting {
        .int("llm.retries", 2, 0...10, "Retries after connection errors, timeouts, 429 and 5xx.")
    }
    /// `llm.breaker_threshold`.
    package static var llmBreakerThreshold: Setting {
        .int("llm.breaker_threshold", 5, 1...1000, "Consecutive failures that open the circuit breaker.")
    }
    /// `limits.rate_burst`.
    package static var limitsRateBurst: Setting {
        .int("limits.rate_burst", 4_000, 1...10_000_000, "Requests a client may send at once before the rate applies.")
    }
    /// `limits.rate_clients`.
    package static var limitsRateClients: Setting {
        .int("limits.rate_clients", 100_000, 1...10_000_000, "Most clients tracked by the rate limiter (bounds memory).")
    }
    /// `limits.body_budget_bytes`.
    package static var limitsBodyBudgetBytes: Setting {
        .int("limits.body_budget_bytes", 1 << 30, 0...(1 << 40),
             "Request-body bytes all connections may hold at once; beyond it 503 with Retry-After (0: no bound).")
    }
    /// `server.max_connections_per_client`.
    package static var serverMaxConnectionsPerClient: Setting {
        .int("server.max_connections_per_client", 1_024, 0...1_000_000,
             "Connections one client address may hold; beyond it 503 and close (0: no bound; raise behind a proxy).")
    }
    /// `limits.max_in_flight`.
    package static var limitsMaxInFlight: Setting {
        .int("limits.max_in_flight", 64, 0...100_000,
            "API requests handled at once (not /health, /metrics); 0 means no bound.")
    }
    /// `limits.max_queued`.
    package static var limitsMaxQueued: Setting {
        .int("limits.max_queued", 256, 0...1_000_000, "API requests waiting for a slot; beyond this 503 with Retry-After.")
    }
    /// `limits.retry_after_s`.
    package static var limitsRetryAfterS: Setting {
        .int("limits.retry_after_s", 1, 1...3600, "Retry-After seconds sent with a 503 when the queue is full.")
    }
}

extension Setting where Value == Double {
    /// `limits.queue_timeout_s`.
    package static var limitsQueueTimeoutS: Setting {
        .double("limits.queue_timeout_s", 10, 0...3600,
                "Seconds an API request may wait for a slot before a 503 with Retry-After; 0 waits as long as it takes.")
    }
    /// `server.header_timeout_s`.
    package static var serverHeaderTimeoutS: Setting {
        .double("server.header_timeout_s", 10, 0.01...3600, "Seconds allowed to receive a request head.")
    }
    /// `server.body_timeout_s`.
    package static var serverBodyTimeoutS: Setting {
        .double("server.body_timeout_s", 30, 0.01...3600, "Seconds allowed to receive a request body.")
    }
    /// `server.idle_timeout_s`.
    package static var serverIdleTimeoutS: Setting {
        .double("server.idle_timeout_s", 60, 0.01...86400, "Idle keep-alive connections are closed after this.")
    }
    /// `server.write_timeout_s`.
    package static var serverWriteTimeoutS: Setting {
        .double("server.write_timeout_s", 30, 0.01...3600, "A client not reading its response is cut off after this.")
    }
    /// `server.drain_timeout_s`.
    package static var serverDrainTimeoutS: Setting {
        .double("server.drain_timeout_s", 10, 0...3600, "On SIGTERM/SIGINT, seconds to finish in-flight requests.")
    }
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
    /// `llm.grounding_min_known_share`.
    package static var llmGroundingMinKnownShare: Setting {
        .double("llm.grounding_min_known_share", 0.6, 0...1,
                "Least share of an LLM line's content words found in the transcript or the catalog (else rejected: ungrounded).")
    }
    /// `llm.grounding_max_copy_share`.
    package static var llmGroundingMaxCopyShare: Setting {
        .double("llm.grounding_max_copy_share", 0.6, 0...1,
                "An LLM line of 6+ words with filler whose verbatim run from the transcript covers this share is a copy.")
    }
    /// `llm.grounding_max_prompt_share`.
    package static var llmGroundingMaxPromptShare: Setting {
        .double("llm.grounding_max_prompt_share", 0.34, 0...1,
                "Share of an LLM line's content words from the prompt and not the transcript at which it is a prompt echo.")
    }
    /// `recommend.half_life_days`.
    package static var recommendHalfLifeDays: Setting {
        .double("recommend.half_life_days", 30, 0...36_500,
            "Age (from the user's newest event) at which a history event counts half in the user's vector; 0: no decay.")
    }
    /// `llm.timeout_s`.
    package static var llmTimeoutS: Setting {
        .double("llm.timeout_s", 20, 0.1...600, "Total time allowed for one LLM call.")
    }
    /// `llm.connect_timeout_s`.
    package static var llmConnectTimeoutS: Setting {
        .double("llm.connect_timeout_s", 2, 0.1...60, "Time allowed to connect to the LLM.")
    }
    /// `llm.deadline_s`.
    package static var llmDeadlineS: Setting {
        .double("llm.deadline_s", 3, 0...600,
            "Longest a request (search, embed, summarize, upsert) waits for the LLM; then the extractive summary answers and the LLM result fills the cache later. 0: no deadline.")
    }
    /// `summarizer.upgrade_per_s`.
    package static var summarizerUpgradePerS: Setting {
        .double("summarizer.upgrade_per_s", 2, 0...1_000,
            "Background summary upgrades per second at most, one at a time: stored appearances that got the extractive summary because the LLM was slow, busy or down are re-summarized by the LLM and re-encoded. 0: never (nothing runs without an LLM either).")
    }
    /// `llm.breaker_cooldown_s`.
    package static var llmBreakerCooldownS: Setting {
        .double("llm.breaker_cooldown_s", 30, 0.1...3600, "Seconds the breaker stays open.")
    }
    /// `limits.rate_per_s`.
    package static var limitsRatePerS: Setting {
        .double("limits.rate_per_s", 2_000, 0...1_000_000,
            "Requests per second each client (API key, else IP) may sustain; 0 disables rate limiting.")
    }
}

extension Setting where Value == Bool {
    /// `llm.grounding`.
    package static var llmGrounding: Setting {
        .bool("llm.grounding", true, "Use an LLM line only if it passes the grounding checks (else the extractive summary).")
    }
    /// `llm.stop_at_newline`.
    package static var llmStopAtNewline: Setting {
        .bool("llm.stop_at_newline", true, "Send stop [\"\\n\"]: the LLM stops at the end of the summary line.")
    }
    /// `log.access`.
    package static var logAccess: Setting {
        .bool("log.access", true, "Write one access-log line per request.")
    }
    /// `recommend.centre`.
    package static var recommendCentre: Setting {
        .bool("recommend.centre", true,
            "Centre the content space for average_vector recommendations (subtract the catalog's mean page vector, re-rank candidates by centred cosine).")
    }
    /// `auth.open`.
    package static var authOpen: Setting {
        .bool("auth.open", false,
            "Allow starting without API keys on a non-loopback server.host (every route, writes included, open to the network).")
    }
}

extension AmpereSettings {
    /// Resolves every key of the catalog: defaults, then `file`, then `AMPERE_*` variables in `environment`, then
    /// `overrides` (command-line flags, keyed by key name).
    package static func load(file: String? = nil, environment: [String: String] = [:],
                            overrides: [String: String] = [:]) throws(ConfigError) -> Configuration {
        try Configuration.load(keys: catalog, file: file, environment: environment, overrides: overrides)
    }
}
