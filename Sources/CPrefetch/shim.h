#ifndef AMPERE_CPREFETCH_H
#define AMPERE_CPREFETCH_H
// Swift has no prefetch intrinsic. HNSW search is bound by cache misses on the rows of neighbouring vectors;
// hinting them before their distances are computed is what hnswlib does with _mm_prefetch.
static inline void cprefetch_read(const void *p) { __builtin_prefetch(p, 0, 3); }
#endif
