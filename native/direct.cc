// The direct convolutions of direct.h, taken on AVX-512 only (direct_applies). Vectors of 16 floats
// are GCC vector extensions (one AVX-512 register each).
#include "direct.h"

#include <algorithm>
#include <cstring>
#include <type_traits>
#include <vector>

#include "conv.h"
#include "threads.h"

namespace nnfast {
namespace NNFAST_ISA {

namespace {

typedef float v16 __attribute__((vector_size(64)));
__attribute__((always_inline)) inline v16 load(const float* p) {
  v16 v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
__attribute__((always_inline)) inline void store(float* p, v16 v) { std::memcpy(p, &v, sizeof v); }

// Vectors of 16 channels per group and output pixels per block, the pixels' patches broadcast
// against the filter's vectors: 4 × 4 accumulators and 4 filter vectors fit the 32 AVX-512 registers.
constexpr int kGroup = 4;
constexpr int P = 4;

// patch[q·K + k] for the pixels ow0 + q (q < count) of output row (n, oh); zero where the filter
// falls outside the image and for pixels past the row's end.
void gather(const ConvShape& s, const float* x, int n, int oh, int ow0, int count, float* patch) {
  const int K = s.kh * s.kw * s.c;
  for (int q = 0; q < count; q++) {
    float* dst = patch + q * K;
    int ow = ow0 + q;
    if (ow >= s.ow) {
      std::memset(dst, 0, K * sizeof(float));
      continue;
    }
    for (int i = 0; i < s.kh; i++) {
      int ih = oh * s.sh - s.pt + i * s.dh;
      for (int j = 0; j < s.kw; j++, dst += s.c) {
        int iw = ow * s.sw - s.pl + j * s.dw;
        bool out = ih < 0 || ih >= s.h || iw < 0 || iw >= s.w;
        const float* src = x + (((long)n * s.h + ih) * s.w + iw) * s.c;
        for (int c = 0; c < s.c; c++) dst[c] = out ? 0.f : src[c];
      }
    }
  }
}

// y[q][o0 .. o0 + 16·NB) for the block's np pixels = bias[…] (when given) + Σ_k patch[q][k] · w[k][…].
template <int NB>
void forward_block(int K, int Co, const float* patch, const float* w, const float* bias, int o0, float* y, int np) {
  v16 acc[P][NB] = {};
  if (bias)
    for (int q = 0; q < P; q++)
      for (int b = 0; b < NB; b++) acc[q][b] = load(bias + o0 + 16 * b);
  for (int k = 0; k < K; k++) {
    v16 wv[NB];
    for (int b = 0; b < NB; b++) wv[b] = load(w + (long)k * Co + o0 + 16 * b);
    for (int q = 0; q < P; q++) {
      const float xq = patch[q * K + k];
      for (int b = 0; b < NB; b++) acc[q][b] += xq * wv[b];
    }
  }
  for (int q = 0; q < np; q++)
    for (int b = 0; b < NB; b++) store(y + (long)q * Co + o0 + 16 * b, acc[q][b]);
}

// dw[k0 + k][o0 .. o0 + 16·NB) += Σ_q patch[q][k0 + k] · dy[q][o0 .. o0 + 16·NB) over np pixels,
// for KB taps.
template <int KB, int NB>
void filter_block(int K, int Co, const float* patch, const float* dy, int np, int k0, int o0, float* dw) {
  v16 acc[KB][NB];
  for (int k = 0; k < KB; k++)
    for (int b = 0; b < NB; b++) acc[k][b] = load(dw + (long)(k0 + k) * Co + o0 + 16 * b);
  for (int q = 0; q < np; q++) {
    v16 g[NB];
    for (int b = 0; b < NB; b++) g[b] = load(dy + (long)q * Co + o0 + 16 * b);
    for (int k = 0; k < KB; k++) {
      const float xq = patch[q * K + k0 + k];
      for (int b = 0; b < NB; b++) acc[k][b] += xq * g[b];
    }
  }
  for (int k = 0; k < KB; k++)
    for (int b = 0; b < NB; b++) store(dw + (long)(k0 + k) * Co + o0 + 16 * b, acc[k][b]);
}

template <int V>
using Int = std::integral_constant<int, V>;

// Groups of kGroup vectors (16·kGroup channels) of the co channels, then the remainder:
// f(Int<NB>, o0).
template <class F>
void by_channel_groups(int Co, F&& f) {
  int o0 = 0;
  for (; o0 + 16 * kGroup <= Co; o0 += 16 * kGroup) f(Int<kGroup>(), o0);
  switch ((Co - o0) / 16) {
    case 3: f(Int<3>(), o0); break;
    case 2: f(Int<2>(), o0); break;
    case 1: f(Int<1>(), o0); break;
    default: break;
  }
}

}  // namespace

// AVX-512 only: with 16 registers the accumulators spill, and im2col is faster (measured on the
// seed CNN's first layer: 2× on AVX2 even with a quarter of the channels per group, 3–4× on SSE2).
bool direct_applies(const ConvShape& s) {
#if defined(__AVX512F__)
  return s.kh * s.kw * s.c <= kDirectMaxK && s.co % 16 == 0;
#else
  (void)s;
  return false;
#endif
}

void direct_conv2d(const ConvShape& s, const float* x, const float* w, const float* bias, float* y) {
  const int K = s.kh * s.kw * s.c, Co = s.co;
  pool().parallel_for((long)s.n * s.oh, 1, [&](long a, long b) {
    float patch[P * kDirectMaxK];
    for (long r = a; r < b; r++) {
      int n = (int)(r / s.oh), oh = (int)(r % s.oh);
      for (int ow0 = 0; ow0 < s.ow; ow0 += P) {
        gather(s, x, n, oh, ow0, P, patch);
        float* yb = y + (((long)n * s.oh + oh) * s.ow + ow0) * Co;
        int np = std::min(P, s.ow - ow0);
        by_channel_groups(Co, [&](auto nb, int o0) { forward_block<decltype(nb)::value>(K, Co, patch, w, bias, o0, yb, np); });
      }
    }
  });
}

void direct_backprop_filter(const ConvShape& s, const float* x, const float* dy, float* dw) {
  const int K = s.kh * s.kw * s.c, Co = s.co;
  const long wsize = (long)K * Co;
  const int nt = pool().size();
  std::vector<float> part((size_t)nt * wsize, 0.f);
  pool().run([&](int t, int T) {
    float* acc = part.data() + t * wsize;
    std::vector<float> patch((size_t)s.ow * K);
    long rows = (long)s.n * s.oh, lo = rows * t / T, hi = rows * (t + 1) / T;
    for (long r = lo; r < hi; r++) {
      int n = (int)(r / s.oh), oh = (int)(r % s.oh);
      // A whole output row at a time, so the accumulators are loaded and stored once per row.
      gather(s, x, n, oh, 0, s.ow, patch.data());
      const float* g = dy + ((long)n * s.oh + oh) * s.ow * Co;
      // Taps in groups of 6: 6 × kGroup accumulators in registers.
      for (int k0 = 0; k0 < K; k0 += 6) {
        by_channel_groups(Co, [&](auto nb, int o0) {
          constexpr int NB = decltype(nb)::value;
          const float* pa = patch.data();
          switch (std::min(6, K - k0)) {
            case 6: return filter_block<6, NB>(K, Co, pa, g, s.ow, k0, o0, acc);
            case 5: return filter_block<5, NB>(K, Co, pa, g, s.ow, k0, o0, acc);
            case 4: return filter_block<4, NB>(K, Co, pa, g, s.ow, k0, o0, acc);
            case 3: return filter_block<3, NB>(K, Co, pa, g, s.ow, k0, o0, acc);
            case 2: return filter_block<2, NB>(K, Co, pa, g, s.ow, k0, o0, acc);
            default: return filter_block<1, NB>(K, Co, pa, g, s.ow, k0, o0, acc);
          }
        });
      }
    }
  });
  for (long k = 0; k < wsize; k++) {
    float v = 0;
    for (int t = 0; t < nt; t++) v += part[t * wsize + k];
    dw[k] = v;
  }
}

// dx = col2im(dy · wᵀ) without the column matrix: for P output pixels at a time, their patches'
// gradients dcol[q][k] = Σ_o dy[q][o] · w[k][o] are computed in registers, with wᵀ padded to
// whole vectors of taps (kDirectMaxK = 2 vectors), and added into dx at once. Each thread owns
// whole images of dx.
void direct_backprop_input(const ConvShape& s, const float* dy, const float* w, float* dx) {
  const int K = s.kh * s.kw * s.c, Co = s.co;
  constexpr int KV = kDirectMaxK / 16;
  std::vector<float> wt((size_t)Co * kDirectMaxK, 0.f);
  for (int k = 0; k < K; k++)
    for (int o = 0; o < Co; o++) wt[(size_t)o * kDirectMaxK + k] = w[(long)k * Co + o];
  pool().parallel_for(s.n, 1, [&](long a, long b) {
    alignas(64) float dcol[P * kDirectMaxK];
    for (long n = a; n < b; n++) {
      float* xn = dx + n * s.h * s.w * s.c;
      std::memset(xn, 0, sizeof(float) * (size_t)s.h * s.w * s.c);
      for (int oh = 0; oh < s.oh; oh++)
        for (int ow0 = 0; ow0 < s.ow; ow0 += P) {
          const int np = std::min(P, s.ow - ow0);
          const float* g = dy + ((n * s.oh + oh) * (long)s.ow + ow0) * Co;
          v16 acc[P][KV] = {};
          for (int o = 0; o < Co; o++) {
            v16 wv[KV];
            for (int v = 0; v < KV; v++) wv[v] = load(wt.data() + (size_t)o * kDirectMaxK + 16 * v);
            for (int q = 0; q < P; q++) {
              const float gq = q < np ? g[(long)q * Co + o] : 0.f;
              for (int v = 0; v < KV; v++) acc[q][v] += gq * wv[v];
            }
          }
          for (int q = 0; q < P; q++)
            for (int v = 0; v < KV; v++) store(dcol + q * kDirectMaxK + 16 * v, acc[q][v]);
          for (int q = 0; q < np; q++) col2im_pixel(s, dcol + q * kDirectMaxK, oh, ow0 + q, xn);
        }
    }
  });
}

}  // namespace NNFAST_ISA
}  // namespace nnfast
