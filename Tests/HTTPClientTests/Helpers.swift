#if canImport(Glibc)
import Glibc
#endif

/// Simulated work inside a stub handler (server side, not a test waiting for readiness).
func usleepMillis(_ ms: Int) { usleep(useconds_t(ms * 1000)) }
