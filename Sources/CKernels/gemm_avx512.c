// The AVX-512 GEMM of the MiniLM forward pass: 12x32 tiles (24 ZMM accumulators of the 32, two 16-column panels
// side by side), masked loads and stores for the last partial panel, GELU on tiles still in registers.
// The panel layout is the one Encoder's PackedMatrix builds for the AVX2 kernels, so both paths share weights.
#include "ckernels.h"

#if defined(__x86_64__)
#include <immintrin.h>

#define CK_AVX512 __attribute__((target("avx512f,avx512bw,avx512vl,avx512dq,fma")))
#define CK_INLINE static inline __attribute__((always_inline))

enum { MR = 12, NR = 16 };

// erf of 16 lanes: the same rational approximation, constants and operation order as Activations.erf8
// (Eigen's generic_fast_erf_float), clamped to [-4, 4]; mul and add stay separate (-ffp-contract=off).
CK_INLINE CK_AVX512 __m512 erf16(__m512 x) {
    x = _mm512_min_ps(_mm512_max_ps(x, _mm512_set1_ps(-4.0f)), _mm512_set1_ps(4.0f));
    const __m512 x2 = _mm512_mul_ps(x, x);
#define MA(acc, c) _mm512_add_ps(_mm512_mul_ps(x2, acc), _mm512_set1_ps(c))
    __m512 p = MA(_mm512_set1_ps(-2.72614225801306e-10f), 2.77068142495902e-08f);
    p = MA(p, -2.10102402082508e-06f);
    p = MA(p, -5.69250639462346e-05f);
    p = MA(p, -7.34990630326855e-04f);
    p = MA(p, -2.95459980854025e-03f);
    p = MA(p, -1.60960333262415e-02f);
    p = _mm512_mul_ps(x, p);
    __m512 q = MA(_mm512_set1_ps(-1.45660718464996e-05f), -2.13374055278905e-04f);
    q = MA(q, -1.68282697438203e-03f);
    q = MA(q, -7.37332916720468e-03f);
    q = MA(q, -1.42647390514189e-02f);
#undef MA
    return _mm512_div_ps(p, q);
}

// 0.5·v·(1 + erf(v/√2)), as Activations.gelu8: ((0.5 * v) * (1 + erf)).
CK_INLINE CK_AVX512 __m512 gelu16(__m512 v) {
    const __m512 e = erf16(_mm512_mul_ps(v, _mm512_set1_ps(0.70710678118654752f)));
    return _mm512_mul_ps(_mm512_mul_ps(_mm512_set1_ps(0.5f), v), _mm512_add_ps(_mm512_set1_ps(1.0f), e));
}

// One register tile: M rows x NP panels (16 columns each). M and NP are constants in every instantiation below, so
// the row loops unroll and the accumulator arrays live in registers. `initial` non-NULL = first reduction block
// (start from the bias); m0/m1 mask the columns that exist. pf0/pf1: the slices to prefetch (readable addresses).
CK_INLINE CK_AVX512 void tile(const int M, const int NP, const float *a, long lda, const float *b0,
                              const float *b1, long klen, float *c, long ldc, const float *initial,
                              __mmask16 m0, __mmask16 m1, int gelu, const float *pf0, const float *pf1) {
    __m512 acc0[MR], acc1[MR];
    if (initial) {
        const __m512 i0 = _mm512_maskz_loadu_ps(m0, initial);
        const __m512 i1 = NP == 2 ? _mm512_maskz_loadu_ps(m1, initial + NR) : _mm512_setzero_ps();
#pragma clang loop unroll(full)
        for (int r = 0; r < M; r++) { acc0[r] = i0; acc1[r] = i1; }
    } else {
#pragma clang loop unroll(full)
        for (int r = 0; r < M; r++) {
            acc0[r] = _mm512_maskz_loadu_ps(m0, c + r * ldc);
            acc1[r] = NP == 2 ? _mm512_maskz_loadu_ps(m1, c + r * ldc + NR) : _mm512_setzero_ps();
        }
    }
    for (long k = 0; k < klen; k++) {
        const __m512 v0 = _mm512_loadu_ps(b0 + k * NR);
        const __m512 v1 = NP == 2 ? _mm512_loadu_ps(b1 + k * NR) : _mm512_setzero_ps();
        _mm_prefetch((const char *)(pf0 + k * NR), _MM_HINT_T0);
        if (NP == 2) _mm_prefetch((const char *)(pf1 + k * NR), _MM_HINT_T0);
#pragma clang loop unroll(full)
        for (int r = 0; r < M; r++) {
            const __m512 x = _mm512_set1_ps(a[r * lda + k]);
            acc0[r] = _mm512_fmadd_ps(x, v0, acc0[r]);
            if (NP == 2) acc1[r] = _mm512_fmadd_ps(x, v1, acc1[r]);
        }
    }
    if (gelu) {
#pragma clang loop unroll(full)
        for (int r = 0; r < M; r++) {
            acc0[r] = gelu16(acc0[r]);
            if (NP == 2) acc1[r] = gelu16(acc1[r]);
        }
    }
#pragma clang loop unroll(full)
    for (int r = 0; r < M; r++) {
        _mm512_mask_storeu_ps(c + r * ldc, m0, acc0[r]);
        if (NP == 2) _mm512_mask_storeu_ps(c + r * ldc + NR, m1, acc1[r]);
    }
}

typedef void (*tile_fn)(const float *, long, const float *, const float *, long, float *, long, const float *,
                        __mmask16, __mmask16, int, const float *, const float *);

#define TILE(M, NP)                                                                                            \
    static CK_AVX512 void tile_##M##_##NP(const float *a, long lda, const float *b0, const float *b1, long klen, \
                                          float *c, long ldc, const float *initial, __mmask16 m0, __mmask16 m1,  \
                                          int gelu, const float *pf0, const float *pf1) {                        \
        tile(M, NP, a, lda, b0, b1, klen, c, ldc, initial, m0, m1, gelu, pf0, pf1);                             \
    }
#define TILES(M) TILE(M, 1) TILE(M, 2)
TILES(1) TILES(2) TILES(3) TILES(4) TILES(5) TILES(6) TILES(7) TILES(8) TILES(9) TILES(10) TILES(11) TILES(12)
#undef TILES
#undef TILE

static const tile_fn tiles[2][MR + 1] = {
    {0, tile_1_1, tile_2_1, tile_3_1, tile_4_1, tile_5_1, tile_6_1, tile_7_1, tile_8_1, tile_9_1, tile_10_1,
     tile_11_1, tile_12_1},
    {0, tile_1_2, tile_2_2, tile_3_2, tile_4_2, tile_5_2, tile_6_2, tile_7_2, tile_8_2, tile_9_2, tile_10_2,
     tile_11_2, tile_12_2},
};

static inline __mmask16 column_mask(long columns) {
    return columns >= NR ? (__mmask16)0xFFFF : (__mmask16)((1u << (columns > 0 ? columns : 0)) - 1u);
}

CK_AVX512 void ck_gemm_f32_avx512(const float *a, long rows, long inputs, long outputs, const float *panels,
                                  long panel_count, const float *bias, float *c, long panel_first, long panel_last,
                                  int gelu, long prefetch, long kc, long mc) {
    const long k = inputs, n = outputs, stride = inputs * NR;
    for (long k0 = 0; k0 < k; k0 += kc) {
        const long klen = kc < k - k0 ? kc : k - k0;
        const int last = gelu && k0 + klen == k;
        for (long m0 = 0; m0 < rows; m0 += mc) {
            const long mlen = mc < rows - m0 ? mc : rows - m0;
            for (long p = panel_first; p < panel_last;) {
                const int np = p + 1 < panel_last ? 2 : 1;
                const float *b0 = panels + p * stride + k0 * NR, *b1 = b0 + stride;
                // The next tile's panel slices (or this one's: any readable address keeps results unchanged).
                const long ahead = prefetch * np;
                const float *pf0 = prefetch > 0 && p + ahead < panel_count ? b0 + ahead * stride : b0;
                const float *pf1 = prefetch > 0 && p + ahead + 1 < panel_count ? b1 + ahead * stride : b0;
                const long col = p * NR;
                const __mmask16 mask0 = column_mask(n - col), mask1 = column_mask(n - col - NR);
                const float *initial = k0 == 0 ? bias + col : 0;
                for (long r = 0; r < mlen;) {
                    const long left = mlen - r;
                    const int tr = left < MR ? (int)left : MR;
                    const float *arow = a + (m0 + r) * k + k0;
                    float *crow = c + (m0 + r) * n + col;
                    tiles[np - 1][tr](arow, k, b0, b1, klen, crow, n, initial, mask0, mask1, last, pf0, pf1);
                    r += tr;
                }
                p += np;
            }
        }
    }
}
#else
void ck_gemm_f32_avx512(const float *a, long rows, long inputs, long outputs, const float *panels,
                        long panel_count, const float *bias, float *c, long panel_first, long panel_last,
                        int gelu, long prefetch, long kc, long mc) {
    (void)a; (void)rows; (void)inputs; (void)outputs; (void)panels; (void)panel_count; (void)bias; (void)c;
    (void)panel_first; (void)panel_last; (void)gelu; (void)prefetch; (void)kc; (void)mc;
    __builtin_trap();  // never called: KernelISA only picks avx512 after ck_avx512_self_test() passed
}
#endif
