// The inference product of dense_gemm.h. The micro-kernel keeps an MR×NR tile of C in vector
// registers over the whole of K (a layer's inputs: no blocking of K, so the epilogue sees the
// finished sums), broadcasting A's values straight from its rows (no packing: each row panel of A
// is read once from memory, then from cache for the other column panels) against one packed panel
// of B, which the cache holds for every row panel of the call. A short last row panel repeats its
// last row (computed, not stored); a short column panel is zero in B and masked on the store.
#include "dense_gemm.h"

#include <algorithm>
#include <cstring>
#if defined(__AVX512F__) || defined(__AVX2__)
#include <immintrin.h>
#endif

namespace nnfast {
namespace NNFAST_ISA {

namespace {

// A vector of W floats and the few operations the kernel needs.
#if defined(__AVX512F__)
constexpr int MR = 12, NR = 32, W = 16;
using V = __m512;
inline V zero() { return _mm512_setzero_ps(); }
inline V load(const float* p) { return _mm512_loadu_ps(p); }
inline V splat(float x) { return _mm512_set1_ps(x); }
inline V fma(V a, V b, V c) { return _mm512_fmadd_ps(a, b, c); }
inline V add(V a, V b) { return _mm512_add_ps(a, b); }
inline V sub(V a, V b) { return _mm512_sub_ps(a, b); }
inline V mul(V a, V b) { return _mm512_mul_ps(a, b); }
inline V relu(V a) { return _mm512_max_ps(_mm512_setzero_ps(), a); }  // NaN: the second operand
inline void store(float* p, V v, int n) {
  if (n == W) _mm512_storeu_ps(p, v);
  else if (n > 0) _mm512_mask_storeu_ps(p, (__mmask16)((1u << n) - 1), v);
}
#elif defined(__AVX2__) && defined(__FMA__)
constexpr int MR = 6, NR = 16, W = 8;
using V = __m256;
inline V zero() { return _mm256_setzero_ps(); }
inline V load(const float* p) { return _mm256_loadu_ps(p); }
inline V splat(float x) { return _mm256_set1_ps(x); }
inline V fma(V a, V b, V c) { return _mm256_fmadd_ps(a, b, c); }
inline V add(V a, V b) { return _mm256_add_ps(a, b); }
inline V sub(V a, V b) { return _mm256_sub_ps(a, b); }
inline V mul(V a, V b) { return _mm256_mul_ps(a, b); }
inline V relu(V a) { return _mm256_max_ps(_mm256_setzero_ps(), a); }  // NaN: the second operand
inline void store(float* p, V v, int n) {
  static const int ones[2 * W] = {-1, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0};
  if (n == W) _mm256_storeu_ps(p, v);
  else if (n > 0) _mm256_maskstore_ps(p, _mm256_loadu_si256((const __m256i*)(ones + W - n)), v);
}
#else
// GCC's vector extensions: SSE2 on any x86-64, NEON on ARM64.
constexpr int MR = 4, NR = 8, W = 4;
using V = float __attribute__((vector_size(16)));
using Mask = int __attribute__((vector_size(16)));
inline V zero() { return V{}; }
inline V load(const float* p) {
  V v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
inline V splat(float x) { return V{x, x, x, x}; }
inline V fma(V a, V b, V c) { return a * b + c; }
inline V add(V a, V b) { return a + b; }
inline V sub(V a, V b) { return a - b; }
inline V mul(V a, V b) { return a * b; }
inline V relu(V a) { return (V)((Mask)a & ((a > 0) | (a != a))); }  // NaN kept
inline void store(float* p, V v, int n) { std::memcpy(p, &v, n * sizeof(float)); }
#endif
constexpr int NV = NR / W;  // vectors per row of the tile

// C's m×n corner (m ≤ MR, n ≤ NR; columns j0… of the layer) = epilogue(A's rows · panel b).
void micro(long K, const float* a, long lda, long m, const float* __restrict b, float* c, long ldc, long n,
           const Epilogue& e, long j0) {
  const float* row[MR];
  for (int i = 0; i < MR; i++) row[i] = a + std::min<long>(i, m - 1) * lda;
  V acc[MR][NV];
  for (int i = 0; i < MR; i++)
    for (int v = 0; v < NV; v++) acc[i][v] = zero();
  for (long k = 0; k < K; k++, b += NR) {
    V bk[NV];
    for (int v = 0; v < NV; v++) bk[v] = load(b + v * W);
    for (int i = 0; i < MR; i++) {
      const V ai = splat(row[i][k]);
      for (int v = 0; v < NV; v++) acc[i][v] = fma(ai, bk[v], acc[i][v]);
    }
  }
  for (int v = 0; v < NV; v++) {
    const long j = j0 + v * W;
    const int live = (int)std::max<long>(0, std::min<long>(W, n - v * W));
    const V bias = e.bias ? load(e.bias + j) : zero();
    V mean = zero(), rstd = zero(), gamma = zero(), beta = zero();
    if (e.mean) mean = load(e.mean + j), rstd = load(e.rstd + j), gamma = load(e.gamma + j), beta = load(e.beta + j);
    for (int i = 0; i < MR; i++) {
      if (i >= m || !live) continue;  // a constant bound: acc stays in registers
      V y = acc[i][v];
      if (e.bias) y = add(y, bias);
      if (e.mean) y = fma(gamma, mul(sub(y, mean), rstd), beta);
      if (e.relu) y = relu(y);
      store(c + i * ldc + v * W, y, live);
    }
  }
}

}  // namespace

long packed_cols(long N) { return (N + NR - 1) / NR * NR; }

void pack_panels(long K, long N, const float* B, float* out) {
  for (long j0 = 0; j0 < N; j0 += NR) {
    const long n = std::min<long>(NR, N - j0);
    for (long k = 0; k < K; k++, out += NR) {
      std::memcpy(out, B + k * N + j0, n * sizeof(float));
      std::memset(out + n, 0, (NR - n) * sizeof(float));
    }
  }
}

void gemm_packed(long M, long N, long K, const float* A, long lda, const float* Bp, float* C, long ldc,
                 const Epilogue& e) {
  for (long i0 = 0; i0 < M; i0 += MR)
    for (long j0 = 0; j0 < N; j0 += NR)
      micro(K, A + i0 * lda, lda, std::min<long>(MR, M - i0), Bp + j0 * K, C + i0 * ldc + j0, ldc,
            std::min<long>(NR, N - j0), e, j0);
}

}  // namespace NNFAST_ISA
}  // namespace nnfast
