import Glibc

extension Socket {
    /// Raises this process's soft `RLIMIT_NOFILE` to its hard limit and returns the soft limit now in force.
    /// Every connection is a descriptor; a server that stays at the common default of 1024 hits EMFILE long
    /// before its `max_connections`. Returns nil when the limit cannot be read.
    public static func raiseDescriptorLimit() -> Int? {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return nil }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { limit = raised }
        }
        return limit.rlim_cur == rlim_t.max ? Int.max : Int(clamping: limit.rlim_cur)
    }
}
