import Synchronization

/// The instruction set the hand-written kernels (Encoder's GEMM, HNSW's distances) run on, chosen once at
/// start (`select(_:)`) for the whole process.
///
/// The package is built for AVX2 + FMA; the AVX-512 kernels live in the `CKernels` C target, compiled per function
/// for their ISA, and are only called after `KernelSupport.detected` said the CPU has them, the OS saves ZMM state,
/// and a start-up self-test of the kernel gave the scalar reference's results without faulting.
/// AMX is not used: its tile instructions faulted on the VMs this runs on even where cpuid lists them.
public enum KernelISA: String, Sendable, CaseIterable, Comparable {
    /// AVX2 + FMA, the Swift SIMD kernels (the build floor; every supported host has it).
    case avx2
    /// AVX-512 F/BW/VL/DQ kernels from `CKernels`.
    case avx512

    /// What the configuration asks for (`kernels.isa`).
    public enum Request: String, Sendable, CaseIterable {
        /// The widest path this host supports and passes the self-test.
        case auto
        /// Force AVX2 (for comparisons).
        case avx2
        /// Force AVX-512; start-up fails with `KernelISAError` where it is not supported.
        case avx512
    }

    /// Orders by width (avx2 < avx512).
    public static func < (lhs: KernelISA, rhs: KernelISA) -> Bool { lhs.width < rhs.width }

    /// Vector width in bits.
    public var width: Int { self == .avx2 ? 256 : 512 }

    /// The paths this host can run, narrowest first (empty on a host without AVX2 + FMA).
    public static var available: [KernelISA] { KernelSupport.detected.available }

    /// The widest available path, or an error saying what is missing.
    public static func resolve(_ request: Request, support: KernelSupport = .detected) throws(KernelISAError) -> KernelISA {
        guard support.avx2FMA else { throw KernelISAError(reason: "this CPU lacks AVX2 + FMA (or the OS does not enable AVX state); Ampere needs an x86-64 of Haswell / Zen 1 or later") }
        switch request {
        case .avx2: return .avx2
        case .auto: return support.avx512Usable ? .avx512 : .avx2
        case .avx512:
            guard support.avx512Usable else {
                throw KernelISAError(reason: "kernels.isa=avx512 but \(support.avx512Missing ?? "AVX-512 is unavailable"); use auto or avx2")
            }
            return .avx512
        }
    }

    private static let chosen = Atomic<UInt8>(0)  // 0 = not chosen yet, else 1 + index in allCases

    /// The process-wide path: what `select(_:)` chose, or `resolve(.auto)` (AVX2 if even that fails) before any call.
    /// Kernels that take no explicit ISA use it; tests pass theirs explicitly instead of changing it.
    public static var active: KernelISA {
        let raw = chosen.load(ordering: .acquiring)
        if raw > 0 { return allCases[Int(raw) - 1] }
        let isa = (try? resolve(.auto)) ?? .avx2
        _ = chosen.compareExchange(expected: 0, desired: code(isa), ordering: .acquiringAndReleasing)
        return allCases[Int(chosen.load(ordering: .acquiring)) - 1]
    }

    /// Resolves `request` and makes it the process-wide path; on error the previous choice stays.
    @discardableResult
    public static func select(_ request: Request) throws(KernelISAError) -> KernelISA {
        let isa = try resolve(request)
        chosen.store(code(isa), ordering: .releasing)
        return isa
    }

    private static func code(_ isa: KernelISA) -> UInt8 { UInt8(allCases.firstIndex(of: isa)! + 1) }
}
