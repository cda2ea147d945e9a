import CKernels

/// What this host's CPU and OS support, read once (cpuid, xgetbv, then the AVX-512 self-test).
public struct KernelSupport: Sendable, Equatable {
    /// AVX, AVX2 and FMA in cpuid, with XMM and YMM state enabled by the OS.
    public var avx2FMA: Bool
    /// AVX-512 F, BW, VL and DQ in cpuid leaf 7.
    public var avx512CPU: Bool
    /// The OS enables opmask and ZMM state (XCR0 bits 5-7 with 1-2).
    public var avx512OS: Bool
    /// The self-test's verdict: 0 passed, 1 wrong results, 2 SIGILL, nil not run (CPU or OS lacks AVX-512).
    public var selfTest: Int32?
    /// AVX512_VNNI in cpuid leaf 7 (`vpdpbusd`, the int8 index distances on the AVX-512 path).
    public var avx512VNNI: Bool

    /// Explicit values (tests describe hosts they do not run on).
    public init(avx2FMA: Bool, avx512CPU: Bool, avx512OS: Bool, selfTest: Int32?, avx512VNNI: Bool = false) {
        self.avx2FMA = avx2FMA
        self.avx512CPU = avx512CPU
        self.avx512OS = avx512OS
        self.selfTest = selfTest
        self.avx512VNNI = avx512VNNI
    }

    /// This host, probed on first use (thread-safe: a static let).
    public static let detected: KernelSupport = {
        let bits = ck_cpu_features()
        let cpu = bits & UInt32(CK_CPU_AVX512_ISA) != 0, os = bits & UInt32(CK_CPU_AVX512_OS) != 0
        return KernelSupport(avx2FMA: bits & UInt32(CK_CPU_AVX2_FMA) != 0, avx512CPU: cpu, avx512OS: os,
                             selfTest: cpu && os ? ck_avx512_self_test() : nil,
                             avx512VNNI: bits & UInt32(CK_CPU_AVX512_VNNI) != 0)
    }()

    /// The int8 dot product may use `vpdpbusd`: AVX-512 is usable and the CPU lists AVX512_VNNI.
    public var vnniUsable: Bool { avx512Usable && avx512VNNI }

    /// Every check passed for AVX-512.
    public var avx512Usable: Bool { avx2FMA && avx512CPU && avx512OS && selfTest == 0 }

    /// The paths usable here, narrowest first.
    public var available: [KernelISA] { !avx2FMA ? [] : avx512Usable ? [.avx2, .avx512] : [.avx2] }

    /// What stops AVX-512, in words; nil when it is usable.
    public var avx512Missing: String? {
        if !avx512CPU { return "this CPU lacks AVX-512 F/BW/VL/DQ" }
        if !avx512OS { return "the OS does not enable ZMM state (XCR0)" }
        switch selfTest {
        case 0: return nil
        case 1: return "the AVX-512 self-test gave wrong results"
        case 2: return "the AVX-512 self-test raised SIGILL"
        default: return "the AVX-512 kernels are not built for this architecture"
        }
    }

    /// One line for the start-up log: what was found.
    public var summary: String {
        "avx2+fma \(avx2FMA ? "yes" : "no"), avx512 cpu \(avx512CPU ? "yes" : "no"), zmm state \(avx512OS ? "yes" : "no"), self-test \(selfTest.map { $0 == 0 ? "passed" : "failed (\($0))" } ?? "not run"), vnni \(avx512VNNI ? "yes" : "no")"
    }
}
