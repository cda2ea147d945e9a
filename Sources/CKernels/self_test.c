// The start-up self-test of the AVX-512 path: a small GEMM with every edge the kernel has (a partial panel, an odd
// panel count, a row remainder, two reduction blocks, GELU), compared with scalar C doing the same operations in
// the same order. SIGILL is caught, so "listed in cpuid but faults here" (as AMX tiles do on this kind of VM)
// becomes a refusal to use the path rather than a crash.
#include "ckernels.h"
#include <math.h>
#include <setjmp.h>
#include <signal.h>
#include <string.h>

enum { ROWS = 14, INPUTS = 37, OUTPUTS = 40, PANELS = 3, KC = 20, MC = 13 };

static float erf_ref(float x) {
    x = x < -4.0f ? -4.0f : (x > 4.0f ? 4.0f : x);
    const float x2 = x * x;
    float p = x2 * -2.72614225801306e-10f + 2.77068142495902e-08f;
    p = x2 * p + -2.10102402082508e-06f;
    p = x2 * p + -5.69250639462346e-05f;
    p = x2 * p + -7.34990630326855e-04f;
    p = x2 * p + -2.95459980854025e-03f;
    p = x2 * p + -1.60960333262415e-02f;
    p = x * p;
    float q = x2 * -1.45660718464996e-05f + -2.13374055278905e-04f;
    q = x2 * q + -1.68282697438203e-03f;
    q = x2 * q + -7.37332916720468e-03f;
    q = x2 * q + -1.42647390514189e-02f;
    return p / q;
}

static sigjmp_buf probe_jump;
static void on_sigill(int sig) { (void)sig; siglongjmp(probe_jump, 1); }

int ck_avx512_self_test(void) {
#if defined(__x86_64__)
    static float a[ROWS * INPUTS], w[OUTPUTS * INPUTS], bias[OUTPUTS], panels[PANELS * INPUTS * 16];
    static float got[ROWS * OUTPUTS], want[ROWS * OUTPUTS];
    uint32_t state = 12345u;  // a fixed LCG: the test is the same on every start
    for (int i = 0; i < ROWS * INPUTS; i++) { state = state * 1664525u + 1013904223u; a[i] = (float)(state >> 8) / 16777216.0f - 0.5f; }
    for (int i = 0; i < OUTPUTS * INPUTS; i++) { state = state * 1664525u + 1013904223u; w[i] = (float)(state >> 8) / 16777216.0f - 0.5f; }
    for (int i = 0; i < OUTPUTS; i++) bias[i] = 0.25f * (float)(i % 7) - 0.75f;
    memset(panels, 0, sizeof panels);
    for (int o = 0; o < OUTPUTS; o++)
        for (int k = 0; k < INPUTS; k++) panels[(o / 16) * INPUTS * 16 + k * 16 + o % 16] = w[o * INPUTS + k];
    for (int gelu = 0; gelu < 2; gelu++) {
        for (int r = 0; r < ROWS; r++)
            for (int o = 0; o < OUTPUTS; o++) {
                float acc = bias[o];
                for (int k = 0; k < INPUTS; k++) acc = fmaf(a[r * INPUTS + k], w[o * INPUTS + k], acc);
                want[r * OUTPUTS + o] = gelu ? 0.5f * acc * (1.0f + erf_ref(acc * 0.70710678118654752f)) : acc;
            }
        memset(got, 0, sizeof got);
        struct sigaction handler, previous;
        memset(&handler, 0, sizeof handler);
        handler.sa_handler = on_sigill;
        sigemptyset(&handler.sa_mask);
        if (sigaction(SIGILL, &handler, &previous) != 0) return 2;
        if (sigsetjmp(probe_jump, 1) != 0) {
            sigaction(SIGILL, &previous, 0);
            return 2;
        }
        ck_gemm_f32_avx512(a, ROWS, INPUTS, OUTPUTS, panels, PANELS, bias, got, 0, PANELS, gelu, 1, KC, MC);
        sigaction(SIGILL, &previous, 0);
        for (int i = 0; i < ROWS * OUTPUTS; i++) {
            const float d = fabsf(got[i] - want[i]);
            if (!(d <= 1e-5f * (1.0f + fabsf(want[i])))) return 1;
        }
    }
    return 0;
#else
    return 3;
#endif
}
