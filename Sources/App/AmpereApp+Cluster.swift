import API

extension AmpereApp {
    /// The `/health` `cluster` section: `{"mode": "single"}` on a single node; in replica mode the feed's state:
    /// lag, cursor (the applied xid horizon), changes applied, errors, reconciles, the source it reads and the
    /// primary the writer is connected to.
    static func clusterSection(_ replica: ReplicaRuntime?) -> JSONValue {
        guard let replica else { return .object([("mode", .string("single"))]) }
        var fields: [(String, JSONValue)] = [("mode", .string("replica")), ("fresh", .bool(replica.isFresh)),
                                             ("max_lag_s", .double(replica.options.maxLagSeconds))]
        if let s = replica.status {
            fields += [("caught_up", .bool(s.caughtUp)), ("cursor", .string(String(s.cursor))),
                       ("applied", .int(s.applied)), ("errors", .int(s.errors)), ("reconciles", .int(s.reconciles))]
            if s.lagSeconds.isFinite { fields.append(("lag_s", .double((s.lagSeconds * 1000).rounded() / 1000))) }
            if let v = s.source { fields.append(("source", .string(v))) }
            if let v = s.timeline { fields.append(("timeline", .int(Int(v)))) }
            if let v = s.lastError { fields.append(("last_error", .string(v))) }
        }
        if let primary = replica.writer.endpoint { fields.append(("primary", .string(primary))) }
        return .object(fields)
    }
}
