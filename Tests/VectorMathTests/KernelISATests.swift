import Testing
import VectorMath

@Suite("Kernel ISA detection and choice")
struct KernelISATests {
    static let zen4 = KernelSupport(avx2FMA: true, avx512CPU: true, avx512OS: true, selfTest: 0)
    static let haswell = KernelSupport(avx2FMA: true, avx512CPU: false, avx512OS: true, selfTest: nil)

    @Test("auto picks the widest path that passed every check; avx2 is always allowed where AVX2 is")
    func autoPicksWidest() throws {
        #expect(try KernelISA.resolve(.auto, support: Self.zen4) == .avx512)
        #expect(try KernelISA.resolve(.avx2, support: Self.zen4) == .avx2)
        #expect(try KernelISA.resolve(.auto, support: Self.haswell) == .avx2)
        #expect(Self.zen4.available == [.avx2, .avx512])
        #expect(Self.haswell.available == [.avx2])
    }

    @Test("forcing avx512 where it cannot run is an error naming why, never a fault",
          arguments: [(KernelSupport(avx2FMA: true, avx512CPU: false, avx512OS: true, selfTest: nil), "lacks AVX-512"),
                      (KernelSupport(avx2FMA: true, avx512CPU: true, avx512OS: false, selfTest: nil), "ZMM state"),
                      (KernelSupport(avx2FMA: true, avx512CPU: true, avx512OS: true, selfTest: 2), "SIGILL"),
                      (KernelSupport(avx2FMA: true, avx512CPU: true, avx512OS: true, selfTest: 1), "wrong results")])
    func forcedAVX512Refused(support: KernelSupport, words: String) {
        #expect(throws: KernelISAError.self) { try KernelISA.resolve(.avx512, support: support) }
        do {
            _ = try KernelISA.resolve(.avx512, support: support)
        } catch {
            #expect(error.reason.contains(words) && error.reason.contains("kernels.isa=avx512"), "\(error.reason)")
        }
        #expect((try? KernelISA.resolve(.auto, support: support)) == .avx2)
    }

    @Test("a CPU without AVX2 + FMA is refused whatever is asked")
    func noAVX2() {
        let old = KernelSupport(avx2FMA: false, avx512CPU: false, avx512OS: false, selfTest: nil)
        for request in KernelISA.Request.allCases {
            #expect(throws: KernelISAError.self) { try KernelISA.resolve(request, support: old) }
        }
        #expect(old.available.isEmpty)
    }

    @Test("this host: the detected bits agree with what resolve allows, and the self-test ran only with AVX-512 on")
    func thisHost() throws {
        let s = KernelSupport.detected
        #expect(s.avx2FMA, "the package is built for AVX2 + FMA; the tests could not run otherwise")
        #expect((s.selfTest != nil) == (s.avx512CPU && s.avx512OS))
        #expect(KernelISA.available == s.available)
        #expect(try KernelISA.resolve(.auto) == (s.avx512Usable ? .avx512 : .avx2))
        #expect(KernelISA.available.contains(KernelISA.active))
        #expect(!s.summary.isEmpty)
    }
}
