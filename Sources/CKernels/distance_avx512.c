// AVX-512 f32 distance kernels for the HNSW search: two 16-lane accumulators per 32 floats (the same lanes as the
// Swift AVX2 kernels' four 8-lane ones), a masked tail, multiply and add kept apart like the Swift loops.
#include "ckernels.h"

#if defined(__x86_64__)
#include <immintrin.h>
#define CK_AVX512 __attribute__((target("avx512f,avx512bw,avx512vl,avx512dq,fma")))

// (acc0 lanes 0-7 + 8-15) + (acc1 lanes 0-7 + 8-15): the AVX2 kernels' ((acc0 + acc1) + (acc2 + acc3)), then 8 lanes.
static inline CK_AVX512 float reduce(__m512 acc0, __m512 acc1) {
    const __m256 a = _mm256_add_ps(_mm512_castps512_ps256(acc0), _mm512_extractf32x8_ps(acc0, 1));
    const __m256 b = _mm256_add_ps(_mm512_castps512_ps256(acc1), _mm512_extractf32x8_ps(acc1, 1));
    const __m256 s = _mm256_add_ps(a, b);
    const __m128 h = _mm_add_ps(_mm256_castps256_ps128(s), _mm256_extractf128_ps(s, 1));
    const __m128 q = _mm_add_ps(h, _mm_movehl_ps(h, h));
    return _mm_cvtss_f32(_mm_add_ss(q, _mm_movehdup_ps(q)));
}

CK_AVX512 float ck_dot_f32_avx512(const float *a, const float *b, long n) {
    __m512 acc0 = _mm512_setzero_ps(), acc1 = _mm512_setzero_ps();
    long i = 0;
    for (; i + 32 <= n; i += 32) {
        acc0 = _mm512_add_ps(acc0, _mm512_mul_ps(_mm512_loadu_ps(a + i), _mm512_loadu_ps(b + i)));
        acc1 = _mm512_add_ps(acc1, _mm512_mul_ps(_mm512_loadu_ps(a + i + 16), _mm512_loadu_ps(b + i + 16)));
    }
    for (; i < n; i += 16) {
        const __mmask16 m = n - i >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << (n - i)) - 1u);
        acc0 = _mm512_add_ps(acc0, _mm512_mul_ps(_mm512_maskz_loadu_ps(m, a + i), _mm512_maskz_loadu_ps(m, b + i)));
    }
    return reduce(acc0, acc1);
}

CK_AVX512 float ck_l2sq_f32_avx512(const float *a, const float *b, long n) {
    __m512 acc0 = _mm512_setzero_ps(), acc1 = _mm512_setzero_ps();
    long i = 0;
    for (; i + 32 <= n; i += 32) {
        const __m512 d0 = _mm512_sub_ps(_mm512_loadu_ps(a + i), _mm512_loadu_ps(b + i));
        const __m512 d1 = _mm512_sub_ps(_mm512_loadu_ps(a + i + 16), _mm512_loadu_ps(b + i + 16));
        acc0 = _mm512_add_ps(acc0, _mm512_mul_ps(d0, d0));
        acc1 = _mm512_add_ps(acc1, _mm512_mul_ps(d1, d1));
    }
    for (; i < n; i += 16) {
        const __mmask16 m = n - i >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << (n - i)) - 1u);
        const __m512 d = _mm512_sub_ps(_mm512_maskz_loadu_ps(m, a + i), _mm512_maskz_loadu_ps(m, b + i));
        acc0 = _mm512_add_ps(acc0, _mm512_mul_ps(d, d));
    }
    return reduce(acc0, acc1);
}
#else
float ck_dot_f32_avx512(const float *a, const float *b, long n) { (void)a; (void)b; (void)n; __builtin_trap(); }
float ck_l2sq_f32_avx512(const float *a, const float *b, long n) { (void)a; (void)b; (void)n; __builtin_trap(); }
#endif
