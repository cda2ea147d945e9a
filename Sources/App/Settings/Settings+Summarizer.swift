import Config

/// The `llm.*` and `summarizer.*` keys: the summarizer service, its LLM client and the grounding checks.
extension Setting where Value == String {
    /// `llm.base_url`.
    package static var llmBaseUrl: Setting {
        .string("llm.base_url", "", allowEmpty: true,
            "OpenAI-compatible base URL, e.g. http://127.0.0.1:8000/v1; empty means no LLM (extractive summaries).")
    }
    /// `llm.model`.
    package static var llmModel: Setting {
        .string("llm.model", "default", "Model name sent to the LLM.")
    }
    /// `llm.api`.
    package static var llmApi: Setting {
        .choice("llm.api", "chat", ["chat", "completion"],
                "LLM endpoint: chat (POST /chat/completions, instruct models) or completion (POST /completions with a plain few-shot prompt ending in 'Product:', for base models).")
    }
    /// `summarizer.language`.
    package static var summarizerLanguage: Setting {
        .choice("summarizer.language", "match", ["match", "en"], "Summary language: the transcript's own, or English.")
    }
    /// `llm.combine`.
    package static var llmCombine: Setting {
        .choice("llm.combine", "llm", ["llm", "both"],
                "Text an accepted LLM line gives to encoding and BM25: the line alone, or the line plus the extractive summary's words it lacks.")
    }
    /// `llm.api_key`.
    package static var llmApiKey: Setting {
        .secret("llm.api_key", "API key for the OpenAI-compatible LLM endpoint (environment only, never logged).")
    }
}

extension Setting where Value == Int {
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
}

extension Setting where Value == Double {
    /// `llm.grounding_min_known_share`.
    package static var llmGroundingMinKnownShare: Setting {
        .double("llm.grounding_min_known_share", 0.6, 0...1,
                "Least share of an LLM line's content words found in the transcript or the catalog (else rejected: ungrounded).")
    }
    /// `llm.grounding_max_copy_share`.
    package static var llmGroundingMaxCopyShare: Setting {
        .double("llm.grounding_max_copy_share", 0.3, 0...1,
                "An LLM line of 6+ words with filler whose verbatim run from the transcript covers this share is a copy.")
    }
    /// `llm.grounding_max_prompt_share`.
    package static var llmGroundingMaxPromptShare: Setting {
        .double("llm.grounding_max_prompt_share", 0.34, 0...1,
                "Share of an LLM line's content words from the prompt and not the transcript at which it is a prompt echo.")
    }
    /// `llm.grounding_min_product_agreement`.
    package static var llmGroundingMinProductAgreement: Setting {
        .double("llm.grounding_min_product_agreement", 0.5, 0...1,
                "Least share of an LLM line's catalog salience (IDF, brand and model-code boosts) held by the extractive summary's terms (else rejected: other_product). 0: off.")
    }
    /// `llm.grounding_min_product_coverage`.
    package static var llmGroundingMinProductCoverage: Setting {
        .double("llm.grounding_min_product_coverage", 0.3, 0...1,
                "Least share of the extractive summary's catalog salience an LLM line must hold (else rejected: thin). 0: off.")
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
}

extension Setting where Value == Bool {
    /// `llm.grounding`.
    package static var llmGrounding: Setting {
        .bool("llm.grounding", true, "Use an LLM line only if it passes the grounding checks (else the extractive summary).")
    }
    /// `llm.prompt_candidates`.
    package static var llmPromptCandidates: Setting {
        .bool("llm.prompt_candidates", false,
              "Quote the extractive summary's catalog terms in the LLM prompt as candidates (a prompt variant of its own in the summary cache).")
    }
    /// `llm.stop_at_newline`.
    package static var llmStopAtNewline: Setting {
        .bool("llm.stop_at_newline", true, "Send stop [\"\\n\"]: the LLM stops at the end of the summary line.")
    }
}
