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
        Setting<String>.indexVectorType.key,
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
        Setting<Int>.recommendRepeatWindow.key,
        Setting<Double>.recommendHalfLifeDays.key,
        Setting<Bool>.recommendCentre.key,
        Setting<String>.recommendModelPath.key,
        Setting<String>.clusterMode.key,
        Setting<String>.clusterPgUrl.key,
        Setting<String>.clusterPgReadUrl.key,
        Setting<Int>.clusterPollMs.key,
        Setting<Double>.clusterMaxLagS.key,
        Setting<Int>.clusterWriteConnections.key,
        Setting<Double>.clusterWriteTimeoutS.key,
        Setting<Double>.clusterWriteRetryS.key,
        Setting<Double>.clusterStartWaitS.key,
        Setting<Double>.clusterVisibleTimeoutS.key,
        Setting<String>.llmBaseUrl.key,
        Setting<String>.llmModel.key,
        Setting<String>.llmApi.key,
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
        Setting<Double>.llmGroundingMinProductAgreement.key,
        Setting<Double>.llmGroundingMinProductCoverage.key,
        Setting<Bool>.llmPromptCandidates.key,
        Setting<String>.llmCombine.key,
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
        Setting<Double>.limitsSearchTokenMs.key,
        Setting<Int>.limitsLlmPendingPerClient.key,
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
    /// `log.level`.
    package static var logLevel: Setting {
        .choice("log.level", "info", ["trace", "debug", "info", "notice", "warning", "error", "critical"],
            "Minimum log level.")
    }
    /// `log.format`.
    package static var logFormat: Setting {
        .choice("log.format", "json", ["json", "text"], "Log line format on stdout.")
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
    /// `limits.llm_pending_per_client`.
    package static var limitsLlmPendingPerClient: Setting {
        .int("limits.llm_pending_per_client", 8, 0...100_000,
            "LLM calls one client may have pending; beyond it extractive summaries (POST /summarize: 429). 0: no quota.")
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
    /// `limits.search_token_ms`.
    package static var limitsSearchTokenMs: Setting {
        .double("limits.search_token_ms", 2, 0...60_000,
            "A search costs one more rate-limit token per this many ms of vector, lexical and fuse work (filters, ef, long texts); 0: one token each.")
    }
    /// `limits.rate_per_s`.
    package static var limitsRatePerS: Setting {
        .double("limits.rate_per_s", 2_000, 0...1_000_000,
            "Requests per second each client (API key, else IP) may sustain; 0 disables rate limiting.")
    }
}

extension Setting where Value == Bool {
    /// `log.access`.
    package static var logAccess: Setting {
        .bool("log.access", true, "Write one access-log line per request.")
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
