/// One fuzz target: what libFuzzer's `LLVMFuzzerTestOneInput` runs per input, and the generated seed inputs.
///
/// Each target's executable keeps only what Swift cannot share, at the end of its file: in a fuzz build its
/// `@_cdecl("LLVMFuzzerTestOneInput")` function, which calls `fuzz(_:_:)`; in any other build a `@main` type
/// conforming to `FuzzReplayMain`.
public protocol FuzzTarget {
    static func run(_ input: [UInt8])
    static func seeds() -> [(name: String, bytes: [UInt8])]
}

extension FuzzTarget {
    /// libFuzzer's call: one input per call, copied out of libFuzzer's buffer; always 0 (a finding stops the process).
    public static func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
        run(Array(UnsafeBufferPointer(start: data, count: size)))
        return 0
    }

    public static func seeds() -> [(name: String, bytes: [UInt8])] { [] }
}

/// The `main` of a non-fuzz build of one target (see `FuzzDriver.replay`).
public protocol FuzzReplayMain {
    associatedtype Target: FuzzTarget
}

extension FuzzReplayMain {
    public static func main() { FuzzDriver.replay(Target.run, seeds: Target.seeds) }
}
