// Int8 distance kernels for the HNSW graph's quantized rows (`HNSWVectorType.int8`): vectors are blocks of 64
// signed codes in [-127, 127], each block with its own float scale. The dot product of two rows is
// Σ_b (sa[b] · sb[b]) · (Σ_i a[64b + i] · b[64b + i]): every block's integer sum is exact, and the float sum runs
// over the blocks in order with multiply and add apart (built with -ffp-contract=off), so both paths here and
// VectorMath's naive reference (`Int8Blocks.dotReference`) give the same bits.
#include "ckernels.h"

#if defined(__x86_64__)
#include <immintrin.h>
#define CK_AVX2 __attribute__((target("avx2,fma")))
#define CK_VNNI __attribute__((target("avx512f,avx512bw,avx512vl,avx512vnni")))

// AVX2: |a| (unsigned) times b with a's sign moved onto it, so `vpmaddubsw` (u8 x s8) gives a_i * b_i in pairs;
// a pair is at most 2 * 127 * 127 = 32,258, inside int16. `vpmaddwd` with ones widens to int32.
CK_AVX2 float ck_dot_q8_avx2(const int8_t *a, const float *sa, const int8_t *b, const float *sb, long blocks) {
    const __m256i ones = _mm256_set1_epi16(1);
    float sum = 0.0f;
    for (long k = 0; k < blocks; k++) {
        const __m256i a0 = _mm256_loadu_si256((const __m256i *)(a + 64 * k));
        const __m256i a1 = _mm256_loadu_si256((const __m256i *)(a + 64 * k + 32));
        const __m256i b0 = _mm256_loadu_si256((const __m256i *)(b + 64 * k));
        const __m256i b1 = _mm256_loadu_si256((const __m256i *)(b + 64 * k + 32));
        const __m256i p0 = _mm256_maddubs_epi16(_mm256_sign_epi8(a0, a0), _mm256_sign_epi8(b0, a0));
        const __m256i p1 = _mm256_maddubs_epi16(_mm256_sign_epi8(a1, a1), _mm256_sign_epi8(b1, a1));
        const __m256i s = _mm256_add_epi32(_mm256_madd_epi16(p0, ones), _mm256_madd_epi16(p1, ones));
        __m128i h = _mm_add_epi32(_mm256_castsi256_si128(s), _mm256_extracti128_si256(s, 1));
        h = _mm_add_epi32(h, _mm_shuffle_epi32(h, 0x4E));
        h = _mm_add_epi32(h, _mm_shuffle_epi32(h, 0xB1));
        const float scale = sa[k] * sb[k];
        sum += scale * (float)_mm_cvtsi128_si32(h);
    }
    return sum;
}

// AVX-512 VNNI: one `vpdpbusd` (u8 x s8, four products summed into each int32 lane) per block of 64, with the
// same sign transfer as the AVX2 kernel (|a| unsigned, b negated where a < 0).
CK_VNNI float ck_dot_q8_vnni(const int8_t *a, const float *sa, const int8_t *b, const float *sb, long blocks) {
    const __m512i zero = _mm512_setzero_si512();
    float sum = 0.0f;
    for (long k = 0; k < blocks; k++) {
        const __m512i va = _mm512_loadu_si512((const void *)(a + 64 * k));
        const __m512i vb = _mm512_loadu_si512((const void *)(b + 64 * k));
        const __mmask64 negative = _mm512_movepi8_mask(va);
        const __m512i signedB = _mm512_mask_sub_epi8(vb, negative, zero, vb);
        const __m512i acc = _mm512_dpbusd_epi32(zero, _mm512_abs_epi8(va), signedB);
        const __m256i s8 = _mm256_add_epi32(_mm512_castsi512_si256(acc), _mm512_extracti64x4_epi64(acc, 1));
        __m128i h = _mm_add_epi32(_mm256_castsi256_si128(s8), _mm256_extracti128_si256(s8, 1));
        h = _mm_add_epi32(h, _mm_shuffle_epi32(h, 0x4E));
        h = _mm_add_epi32(h, _mm_shuffle_epi32(h, 0xB1));
        const float scale = sa[k] * sb[k];
        sum += scale * (float)_mm_cvtsi128_si32(h);
    }
    return sum;
}
#else
float ck_dot_q8_avx2(const int8_t *a, const float *sa, const int8_t *b, const float *sb, long blocks) {
    (void)a; (void)sa; (void)b; (void)sb; (void)blocks; __builtin_trap();
}
float ck_dot_q8_vnni(const int8_t *a, const float *sa, const int8_t *b, const float *sb, long blocks) {
    (void)a; (void)sa; (void)b; (void)sb; (void)blocks; __builtin_trap();
}
#endif
