import Config

/// The `recommend.*` keys: events, retention and the recommender.
extension Setting where Value == String {
    /// `recommend.model_path`.
    package static var recommendModelPath: Setting {
        .string("recommend.model_path", "", allowEmpty: true,
                "Model file of the learned recommender (ampere rec-train); empty: none, the day-zero content mode serves. Refused (logged, day-zero fallback) when trained in another vector space.")
    }
}

extension Setting where Value == Int {
    /// `recommend.events_retention_days`.
    package static var recommendEventsRetentionDays: Setting {
        .int("recommend.events_retention_days", 365, 0...36_500,
             "Events older than this many days (by their ts) are purged in the background, hourly; 0 keeps them forever.")
    }
    /// `recommend.history_limit`.
    package static var recommendHistoryLimit: Setting {
        .int("recommend.history_limit", 50, 1...1_000, "Most recent events of a user pooled into the user's vector per /recommend request.")
    }
    /// `recommend.repeat_window`.
    package static var recommendRepeatWindow: Setting {
        .int("recommend.repeat_window", 500, 1...10_000,
             "Most recent events of a user read for what they bought before: left out of results (exclude_inputs) or, with exclude_inputs false in the learned mode, ranked first by distinct sessions. At least history_limit is read.")
    }
}

extension Setting where Value == Double {
    /// `recommend.half_life_days`.
    package static var recommendHalfLifeDays: Setting {
        .double("recommend.half_life_days", 30, 0...36_500,
            "Age (from the user's newest event) at which a history event counts half in the user's vector; 0: no decay.")
    }
}

extension Setting where Value == Bool {
    /// `recommend.centre`.
    package static var recommendCentre: Setting {
        .bool("recommend.centre", true,
            "Centre the content space for average_vector recommendations (subtract the catalog's mean page vector, re-rank candidates by centred cosine).")
    }
}
