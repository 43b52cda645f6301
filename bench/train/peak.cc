// Prints the machine's peak single-precision FLOP/s: every thread runs 16 independent chains of
// vector fused multiply-adds on registers only (the training benchmark's denominator). Built by
// run.mjs for this CPU (-march=native); usage: peak <threads> <iterations>.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>
#if defined(__AVX512F__) || defined(__AVX2__)
#include <immintrin.h>
#endif

#if defined(__AVX512F__)
using V = __m512;
constexpr int kLanes = 16;
static V fma(V a, V b, V c) { return _mm512_fmadd_ps(a, b, c); }
static V set1(float f) { return _mm512_set1_ps(f); }
static float first(V v) { return _mm512_cvtss_f32(v); }
#elif defined(__AVX2__) && defined(__FMA__)
using V = __m256;
constexpr int kLanes = 8;
static V fma(V a, V b, V c) { return _mm256_fmadd_ps(a, b, c); }
static V set1(float f) { return _mm256_set1_ps(f); }
static float first(V v) { return _mm256_cvtss_f32(v); }
#else
using V = float;
constexpr int kLanes = 1;
static V fma(V a, V b, V c) { return a * b + c; }
static V set1(float f) { return f; }
static float first(V v) { return v; }
#endif

static float chains(long iters) {
  V a[16];
  for (int i = 0; i < 16; i++) a[i] = set1(1.f + i * 1e-3f);
  V m = set1(0.999999f), b = set1(1e-7f);
  for (long k = 0; k < iters; k++)
    for (int i = 0; i < 16; i++) a[i] = fma(a[i], m, b);
  float s = 0;
  for (int i = 0; i < 16; i++) s += first(a[i]);
  return s;
}

int main(int argc, char** argv) {
  int threads = argc > 1 ? std::atoi(argv[1]) : 1;
  long iters = argc > 2 ? std::atol(argv[2]) : 20000000;
  if (threads < 1) threads = 1;
  std::vector<float> sink(threads);
  std::vector<std::thread> pool;
  auto t0 = std::chrono::steady_clock::now();
  for (int t = 0; t < threads; t++) pool.emplace_back([&, t] { sink[t] = chains(iters); });
  for (auto& th : pool) th.join();
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  volatile float keep = 0;
  for (float v : sink) keep = keep + v;
  std::printf("%.0f\n", 2.0 * 16 * kLanes * (double)iters * threads / secs);
  return 0;
}
