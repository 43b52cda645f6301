// Measures the machine's peak single-precision FLOP/s: every pool thread runs independent chains
// of vector fused multiply-adds on registers only (the benchmark's denominator).
#include <chrono>
#include <vector>

#include "threads.h"
#if defined(__AVX512F__) || defined(__AVX2__)
#include <immintrin.h>
#endif

namespace nnfast {

template <class V, int LANES>
static double chains(long iters, V (*fma)(V, V, V), V (*set1)(float), float (*first)(V)) {
  V a[16];
  for (int i = 0; i < 16; i++) a[i] = set1(1.f + i * 1e-3f);
  V m = set1(0.999999f), b = set1(1e-7f);
  for (long k = 0; k < iters; k++)
    for (int i = 0; i < 16; i++) a[i] = fma(a[i], m, b);
  float s = 0;
  for (int i = 0; i < 16; i++) s += first(a[i]);
  return s;
}

double fma_peak(long iters) {
  Pool& p = pool();
  std::vector<double> sink(p.size());
  auto t0 = std::chrono::steady_clock::now();
  p.run([&](int t, int) {
#if defined(__AVX512F__)
    sink[t] = chains<__m512, 16>(iters, [](__m512 x, __m512 y, __m512 z) { return _mm512_fmadd_ps(x, y, z); },
                                 [](float f) { return _mm512_set1_ps(f); }, [](__m512 v) { return _mm512_cvtss_f32(v); });
#elif defined(__AVX2__) && defined(__FMA__)
    sink[t] = chains<__m256, 8>(iters, [](__m256 x, __m256 y, __m256 z) { return _mm256_fmadd_ps(x, y, z); },
                                [](float f) { return _mm256_set1_ps(f); }, [](__m256 v) { return _mm256_cvtss_f32(v); });
#else
    float a[16];
    for (int i = 0; i < 16; i++) a[i] = 1.f + i;
    for (long k = 0; k < iters; k++)
      for (int i = 0; i < 16; i++) a[i] = a[i] * 0.999999f + 1e-7f;
    sink[t] = a[0];
#endif
  });
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
#if defined(__AVX512F__)
  const int lanes = 16;
#elif defined(__AVX2__) && defined(__FMA__)
  const int lanes = 8;
#else
  const int lanes = 1;
#endif
  volatile double keep = 0;
  for (double v : sink) keep = keep + v;
  return 2.0 * 16 * lanes * (double)iters * p.size() / secs;
}

}  // namespace nnfast
