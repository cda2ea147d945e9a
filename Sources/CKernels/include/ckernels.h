#ifndef AMPERE_CKERNELS_H
#define AMPERE_CKERNELS_H
// Kernels for ISAs wider than the package's build floor (AVX2 + FMA), each compiled with a per-function
// `__attribute__((target(...)))` so one binary runs everywhere; Swift picks a path once at start (VectorMath's
// KernelISA) and calls these only when `ck_cpu_features()` and `ck_avx512_self_test()` said yes.
#include <stdint.h>

/// Bits of `ck_cpu_features()`.
enum {
    CK_CPU_AVX2_FMA = 1 << 0,     ///< cpuid: AVX, AVX2, FMA; XCR0 enables XMM and YMM state.
    CK_CPU_AVX512_ISA = 1 << 1,   ///< cpuid leaf 7: AVX-512 F, BW, VL, DQ (whatever the OS enables).
    CK_CPU_AVX512_OS = 1 << 2,    ///< XCR0 bits 1-2 (XMM, YMM) and 5-7 (opmask, ZMM0-15 high, ZMM16-31) set.
    CK_CPU_OSXSAVE = 1 << 3,      ///< cpuid leaf 1 ECX.OSXSAVE: XGETBV may be executed.
    CK_CPU_AVX512_VNNI = 1 << 4,  ///< cpuid leaf 7 ECX bit 11: AVX512_VNNI (`vpdpbusd`), alongside CK_CPU_AVX512_ISA.
};

/// cpuid and xgetbv, read once per call (cheap; Swift caches the answer). 0 on a non-x86 build.
uint32_t ck_cpu_features(void);

/// Runs the AVX-512 GEMM kernel on a small fixed problem and compares it with a scalar C reference of the same
/// operation order, with SIGILL caught (sigsetjmp) so a CPU or hypervisor that lists AVX-512 but faults on it
/// gives a "no" instead of killing the process. 0 = passed, 1 = wrong results, 2 = SIGILL, 3 = not compiled in.
/// Call it only when `ck_cpu_features()` reports both AVX512 bits, and not concurrently with itself.
int ck_avx512_self_test(void);

/// One thread's share of `c = f(bias + a · Wᵀ)` on AVX-512, the loops of Encoder's `GEMM.multiplyPanels`:
/// panels `panel_first ..< panel_last` of `panels` (16-column k-major panels, `inputs * 16` floats each, columns
/// past `outputs` zero), all `rows` rows of `a` (stride `inputs`), blocked on `kc` reduction steps and `mc` rows;
/// `c` has stride `outputs`. `gelu` applies exact-form GELU after the last reduction block. `prefetch` > 0 streams
/// the slices of the panels `prefetch` tile-widths ahead while the current ones are multiplied.
/// Same FMA order per output as the Swift AVX2 kernels (bias, then k = 0, 1, ...), so results agree bit for bit
/// unless the compiler contracts differently (built with -ffp-contract=off).
void ck_gemm_f32_avx512(const float *a, long rows, long inputs, long outputs, const float *panels,
                        long panel_count, const float *bias, float *c, long panel_first, long panel_last,
                        int gelu, long prefetch, long kc, long mc);

/// AVX-512 inner product and squared L2 distance of two rows of `n` floats (any `n`; a masked tail), for the
/// HNSW search. Same lanes as the Swift AVX2 kernels; the results agree up to float rounding of the final sums.
float ck_dot_f32_avx512(const float *a, const float *b, long n);
float ck_l2sq_f32_avx512(const float *a, const float *b, long n);

/// Int8 dot product of two quantized rows of `blocks` blocks of 64 codes (in [-127, 127]) with one float scale per
/// block: Σ_b (sa[b] · sb[b]) · Σ_i a[64b+i] · b[64b+i], each block's integer sum exact and the float sum in block
/// order, so both kernels and VectorMath's `Int8Blocks.dotReference` agree bit for bit. The AVX2 one needs AVX2;
/// the VNNI one (`vpdpbusd`) AVX-512 F/BW/VL and AVX512_VNNI (`CK_CPU_AVX512_VNNI`).
float ck_dot_q8_avx2(const int8_t *a, const float *sa, const int8_t *b, const float *sb, long blocks);
float ck_dot_q8_vnni(const int8_t *a, const float *sa, const int8_t *b, const float *sb, long blocks);

#endif
