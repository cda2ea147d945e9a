import API

extension AmpereApp {
    /// The `/health` `snapshot` section: the last successful graph snapshot and, while saves fail, how often and
    /// why (`failing` true). Fields with no value yet are left out.
    static func snapshotSection(_ s: SnapshotStatus.State) -> JSONValue {
        var fields: [(String, JSONValue)] = [("failing", .bool(s.consecutiveFailures > 0)),
                                             ("consecutive_failures", .int(s.consecutiveFailures))]
        if let v = s.lastSuccessAt { fields.append(("last_success_at", .double(v))) }
        if let v = s.sequence { fields.append(("sequence", .int(Int(v)))) }
        if let v = s.bytes { fields.append(("bytes", .int(v))) }
        if let v = s.seconds { fields.append(("seconds", .double(v))) }
        if let v = s.lockSeconds { fields.append(("lock_seconds", .double(v))) }
        if let v = s.file { fields.append(("file", .string(v))) }
        if let v = s.lastError { fields.append(("last_error", .string(v))) }
        if let v = s.lastFailureAt { fields.append(("last_failure_at", .double(v))) }
        return .object(fields)
    }
}
