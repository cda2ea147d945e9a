// ISA detection: cpuid for what the CPU implements, xgetbv for what the OS saves on a context switch.
// A CPU can list AVX-512 while the OS (or a hypervisor) leaves ZMM state off; executing it then faults.
#include "ckernels.h"

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>

static uint64_t read_xcr0(void) {
    uint32_t lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return ((uint64_t)hi << 32) | lo;
}

uint32_t ck_cpu_features(void) {
    uint32_t a, b, c, d, out = 0;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    const int fma = (c >> 12) & 1, osxsave = (c >> 27) & 1, avx = (c >> 28) & 1;
    if (!osxsave) return 0;
    out |= CK_CPU_OSXSAVE;
    const uint64_t xcr0 = read_xcr0();
    const int ymm_os = (xcr0 & 0x6) == 0x6;           // bits 1 (SSE) and 2 (AVX)
    const int zmm_os = ymm_os && (xcr0 & 0xE0) == 0xE0;  // bits 5 (opmask), 6 (ZMM_Hi256), 7 (Hi16_ZMM)
    if (__get_cpuid_max(0, 0) < 7) return out;
    __cpuid_count(7, 0, a, b, c, d);
    const int avx2 = (b >> 5) & 1;
    const int f = (b >> 16) & 1, dq = (b >> 17) & 1, bw = (b >> 30) & 1, vl = (b >> 31) & 1;
    if (avx && avx2 && fma && ymm_os) out |= CK_CPU_AVX2_FMA;
    if (f && dq && bw && vl && avx2 && fma) out |= CK_CPU_AVX512_ISA;
    if (zmm_os) out |= CK_CPU_AVX512_OS;
    if ((c >> 11) & 1) out |= CK_CPU_AVX512_VNNI;
    return out;
}
#else
uint32_t ck_cpu_features(void) { return 0; }
#endif
