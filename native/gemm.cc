// The blocked SGEMM of gemm.h: B is packed into KC×NR panels and A into MR×KC panels (GotoBLAS
// loop order); the micro-kernel keeps an MR×NR tile of C in vector registers.
#include "gemm.h"

#include <algorithm>
#include <cstring>
#include <vector>

#include "threads.h"
#if defined(__AVX512F__) || defined(__AVX2__)
#include <immintrin.h>
#endif

namespace nnfast {
namespace NNFAST_ISA {

#if defined(__AVX512F__)
constexpr int MR = 12, NR = 32;
#elif defined(__AVX2__) && defined(__FMA__)
constexpr int MR = 6, NR = 16;
#else
constexpr int MR = 4, NR = 8;
#endif
constexpr long KC = 256, MC = MR * 16, NC = NR * 64;

static void pack_a(long mc, long kc, const float* a, long rs, long cs, float* out) {
  for (long i0 = 0; i0 < mc; i0 += MR) {
    long m = std::min<long>(MR, mc - i0);
    for (long k = 0; k < kc; k++) {
      const float* src = a + i0 * rs + k * cs;
      long i = 0;
      for (; i < m; i++) out[i] = src[i * rs];
      for (; i < MR; i++) out[i] = 0.f;
      out += MR;
    }
  }
}

static void pack_b(long kc, long nc, const float* b, long rs, long cs, float* out) {
  for (long j0 = 0; j0 < nc; j0 += NR) {
    long n = std::min<long>(NR, nc - j0);
    if (cs == 1 && n == NR) {
      for (long k = 0; k < kc; k++, out += NR) std::memcpy(out, b + k * rs + j0, NR * sizeof(float));
      continue;
    }
    for (long k = 0; k < kc; k++) {
      const float* src = b + k * rs + j0 * cs;
      long j = 0;
      for (; j < n; j++) out[j] = src[j * cs];
      for (; j < NR; j++) out[j] = 0.f;
      out += NR;
    }
  }
}

// tile[MR×NR] = Σ_k a[k]·b[k] over kc; then C (m×n corner) = tile (+ C).
static inline void micro(long kc, const float* __restrict a, const float* __restrict b, float* c, long ldc,
                         long m, long n, bool acc) {
#if defined(__AVX512F__)
  __m512 c0[MR], c1[MR];
  for (int i = 0; i < MR; i++) c0[i] = c1[i] = _mm512_setzero_ps();
  for (long k = 0; k < kc; k++) {
    __m512 b0 = _mm512_load_ps(b), b1 = _mm512_load_ps(b + 16);
    for (int i = 0; i < MR; i++) {
      __m512 ai = _mm512_set1_ps(a[i]);
      c0[i] = _mm512_fmadd_ps(ai, b0, c0[i]);
      c1[i] = _mm512_fmadd_ps(ai, b1, c1[i]);
    }
    a += MR;
    b += NR;
  }
  if (m == MR && n == NR) {
    for (int i = 0; i < MR; i++) {
      float* ci = c + i * ldc;
      if (acc) {
        c0[i] = _mm512_add_ps(c0[i], _mm512_loadu_ps(ci));
        c1[i] = _mm512_add_ps(c1[i], _mm512_loadu_ps(ci + 16));
      }
      _mm512_storeu_ps(ci, c0[i]);
      _mm512_storeu_ps(ci + 16, c1[i]);
    }
    return;
  }
  alignas(64) float t[MR * NR];
  for (int i = 0; i < MR; i++) {
    _mm512_store_ps(t + i * NR, c0[i]);
    _mm512_store_ps(t + i * NR + 16, c1[i]);
  }
#elif defined(__AVX2__) && defined(__FMA__)
  __m256 c0[MR], c1[MR];
  for (int i = 0; i < MR; i++) c0[i] = c1[i] = _mm256_setzero_ps();
  for (long k = 0; k < kc; k++) {
    __m256 b0 = _mm256_load_ps(b), b1 = _mm256_load_ps(b + 8);
    for (int i = 0; i < MR; i++) {
      __m256 ai = _mm256_broadcast_ss(a + i);
      c0[i] = _mm256_fmadd_ps(ai, b0, c0[i]);
      c1[i] = _mm256_fmadd_ps(ai, b1, c1[i]);
    }
    a += MR;
    b += NR;
  }
  if (m == MR && n == NR) {
    for (int i = 0; i < MR; i++) {
      float* ci = c + i * ldc;
      if (acc) {
        c0[i] = _mm256_add_ps(c0[i], _mm256_loadu_ps(ci));
        c1[i] = _mm256_add_ps(c1[i], _mm256_loadu_ps(ci + 8));
      }
      _mm256_storeu_ps(ci, c0[i]);
      _mm256_storeu_ps(ci + 8, c1[i]);
    }
    return;
  }
  alignas(64) float t[MR * NR];
  for (int i = 0; i < MR; i++) {
    _mm256_store_ps(t + i * NR, c0[i]);
    _mm256_store_ps(t + i * NR + 8, c1[i]);
  }
#else
  alignas(64) float t[MR * NR] = {};
  for (long k = 0; k < kc; k++, a += MR, b += NR)
    for (int i = 0; i < MR; i++)
      for (int j = 0; j < NR; j++) t[i * NR + j] += a[i] * b[j];
#endif
  for (long i = 0; i < m; i++)
    for (long j = 0; j < n; j++) c[i * ldc + j] = (acc ? c[i * ldc + j] : 0.f) + t[i * NR + j];
}

struct Buffers {
  std::vector<float> a, b;
  float* A() { return a.data(); }
};

static float* aligned(std::vector<float>& v, size_t n) {
  if (v.size() < n + 16) v.resize(n + 16);
  uintptr_t p = reinterpret_cast<uintptr_t>(v.data());
  return reinterpret_cast<float*>((p + 63) & ~uintptr_t(63));
}

void sgemm_st(long M, long N, long K, MatView A, MatView B, float* C, long ldc, bool accumulate) {
  if (M <= 0 || N <= 0) return;
  if (K <= 0) {
    if (!accumulate)
      for (long i = 0; i < M; i++) std::memset(C + i * ldc, 0, N * sizeof(float));
    return;
  }
  thread_local std::vector<float> abuf, bbuf;
  float* ap = aligned(abuf, MC * KC);
  float* bp = aligned(bbuf, KC * ((std::min(N, NC) + NR - 1) / NR * NR));
  for (long jc = 0; jc < N; jc += NC) {
    long nc = std::min(NC, N - jc);
    for (long pc = 0; pc < K; pc += KC) {
      long kc = std::min(KC, K - pc);
      bool acc = accumulate || pc > 0;
      pack_b(kc, nc, B.p + pc * B.rs + jc * B.cs, B.rs, B.cs, bp);
      for (long ic = 0; ic < M; ic += MC) {
        long mc = std::min(MC, M - ic);
        pack_a(mc, kc, A.p + ic * A.rs + pc * A.cs, A.rs, A.cs, ap);
        for (long jr = 0; jr < nc; jr += NR)
          for (long ir = 0; ir < mc; ir += MR)
            micro(kc, ap + ir * kc, bp + jr * kc, C + (ic + ir) * ldc + jc + jr, ldc, std::min<long>(MR, mc - ir),
                  std::min<long>(NR, nc - jr), acc);
      }
    }
  }
}

void sgemm(long M, long N, long K, MatView A, MatView B, float* C, long ldc, bool accumulate) {
  Pool& p = pool();
  int nt = p.size();
  if (nt == 1 || (double)M * N * K < 2e5) return sgemm_st(M, N, K, A, B, C, ldc, accumulate);
  // Split rows or columns of C (in whole micro-tiles), whichever divides more evenly among the
  // threads (ties: the one with more tiles), so each thread owns a block of C.
  long ur = (M + MR - 1) / MR, uc = (N + NR - 1) / NR;
  auto share = [&](long u) { return (double)((u + nt - 1) / nt) / u; };  // largest share of the work
  bool byRows = share(ur) < share(uc) || (share(ur) == share(uc) && ur >= uc);
  long units = byRows ? ur : uc;
  if (units < 2) return sgemm_st(M, N, K, A, B, C, ldc, accumulate);
  p.run([&](int t, int T) {
    long lo = units * t / T, hi = units * (t + 1) / T;
    if (lo >= hi) return;
    if (byRows) {
      long r0 = lo * MR, r1 = std::min(M, hi * MR);
      sgemm_st(r1 - r0, N, K, {A.p + r0 * A.rs, A.rs, A.cs}, B, C + r0 * ldc, ldc, accumulate);
    } else {
      long c0 = lo * NR, c1 = std::min(N, hi * NR);
      sgemm_st(M, c1 - c0, K, A, {B.p + c0 * B.cs, B.rs, B.cs}, C + c0, ldc, accumulate);
    }
  });
}

}  // namespace NNFAST_ISA
}  // namespace nnfast
