/// Shared helpers for Ampere's tests: temporary directories, fixtures, live-server testers.
public enum TestSupportModule {}
