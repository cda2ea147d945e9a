import Config

/// The `cluster.*` keys: single node (the default) or a replica of a PostgreSQL system of record.
extension Setting where Value == String {
    /// `cluster.mode`.
    package static var clusterMode: Setting {
        .choice("cluster.mode", "single", ["single", "replica"],
            "single: this node's SQLite is the system of record. replica: PostgreSQL is (cluster.pg_url); this node's SQLite and index are a disposable materialisation fed by the replica feed, and writes go to the primary.")
    }
    /// `cluster.pg_url`.
    package static var clusterPgUrl: Setting {
        .string("cluster.pg_url", "", allowEmpty: true,
            "libpq conninfo of the PostgreSQL cluster for writes, every member listed (host=a,b,c port=1,2,3 dbname=... user=...); target_session_attrs=read-write is forced. Required in replica mode.")
    }
    /// `cluster.pg_read_url`.
    package static var clusterPgReadUrl: Setting {
        .string("cluster.pg_read_url", "", allowEmpty: true,
            "libpq conninfo the replica feed reads changes from (default: cluster.pg_url with target_session_attrs=prefer-standby).")
    }
}

extension Setting where Value == Int {
    /// `cluster.poll_ms`.
    package static var clusterPollMs: Setting {
        .int("cluster.poll_ms", 25, 1...60_000, "Replica feed: milliseconds between polls of the change table while nothing changes.")
    }
    /// `cluster.write_connections`.
    package static var clusterWriteConnections: Setting {
        .int("cluster.write_connections", 2, 1...64, "PostgreSQL connections (each on its own thread) for writes.")
    }
}

extension Setting where Value == Double {
    /// `cluster.max_lag_s`.
    package static var clusterMaxLagS: Setting {
        .double("cluster.max_lag_s", 10, 0.1...86_400,
            "Replica: /health readiness turns false (503) while the node's data may be older than this many seconds, so a load balancer drains it.")
    }
    /// `cluster.write_timeout_s`.
    package static var clusterWriteTimeoutS: Setting {
        .double("cluster.write_timeout_s", 10, 0.1...600, "Deadline of one PostgreSQL write transaction (then cancelled; 503).")
    }
    /// `cluster.write_retry_s`.
    package static var clusterWriteRetryS: Setting {
        .double("cluster.write_retry_s", 5, 0...600,
            "How long a write keeps retrying on a fresh connection while the primary is unreachable or read-only (a failover), before it answers 503 with Retry-After.")
    }
    /// `cluster.start_wait_s`.
    package static var clusterStartWaitS: Setting {
        .double("cluster.start_wait_s", 30, 0...3_600,
            "Replica start-up: how long to keep trying when PostgreSQL answers but no host is read-write yet (a failover in progress), before refusing to start.")
    }
    /// `cluster.visible_timeout_s`.
    package static var clusterVisibleTimeoutS: Setting {
        .double("cluster.visible_timeout_s", 5, 0...600,
            "Longest wait of a write with ?wait=visible for this node to apply it (then answered with Ampere-Visible: false).")
    }
}
