// The Winograd convolutions of winograd.h, F(2,3) and F(4,3), written once for both. With d an
// N×N input block (N = M + 2), g a 3×3 filter and the tile's matrices Bᵀ (N×N), G (N×3) and
// Aᵀ (M×N), the M×M output block is Aᵀ [(G g Gᵀ) ⊙ (Bᵀ d B)] A, summed over input channels; the
// sum over channels of element e of the N×N products is one matrix product per e. Blocks are
// numbered over the whole batch (image, block row, block column) and processed in chunks that keep
// the buffers small. The transforms multiply by constant matrices: after unrolling, each output
// is the few additions and multiplications its row needs.
#include "winograd.h"

#include <algorithm>
#include <vector>

#include "gemm.h"
#include "threads.h"

namespace nnfast {
namespace NNFAST_ISA {

namespace {

template <int M>
struct Tile;

// F(2,3): interpolation points 0, 1, -1 and ∞.
template <>
struct Tile<2> {
  static constexpr int N = 4;
  static constexpr float BT[4][4] = {{1, 0, -1, 0}, {0, 1, 1, 0}, {0, -1, 1, 0}, {0, 1, 0, -1}};
  static constexpr float G[4][3] = {{1, 0, 0}, {.5f, .5f, .5f}, {.5f, -.5f, .5f}, {0, 0, 1}};
  static constexpr float GT[3][4] = {{1, .5f, .5f, 0}, {0, .5f, -.5f, 0}, {0, .5f, .5f, 1}};
  static constexpr float AT[2][4] = {{1, 1, 1, 0}, {0, 1, -1, -1}};
  static constexpr float A[4][2] = {{1, 0}, {1, 1}, {1, -1}, {0, -1}};
};

// F(4,3): points 0, ±1, ±2 and ∞ (Lavin and Gray, 2016).
template <>
struct Tile<4> {
  static constexpr int N = 6;
  static constexpr float BT[6][6] = {{4, 0, -5, 0, 1, 0},  {0, -4, -4, 1, 1, 0}, {0, 4, -4, -1, 1, 0},
                                     {0, -2, -1, 2, 1, 0}, {0, 2, -1, -2, 1, 0}, {0, 4, 0, -5, 0, 1}};
  static constexpr float G[6][3] = {{1 / 4.f, 0, 0},           {-1 / 6.f, -1 / 6.f, -1 / 6.f},
                                    {-1 / 6.f, 1 / 6.f, -1 / 6.f}, {1 / 24.f, 1 / 12.f, 1 / 6.f},
                                    {1 / 24.f, -1 / 12.f, 1 / 6.f}, {0, 0, 1}};
  static constexpr float GT[3][6] = {{1 / 4.f, -1 / 6.f, -1 / 6.f, 1 / 24.f, 1 / 24.f, 0},
                                     {0, -1 / 6.f, 1 / 6.f, 1 / 12.f, -1 / 12.f, 0},
                                     {0, -1 / 6.f, -1 / 6.f, 1 / 6.f, 1 / 6.f, 1}};
  static constexpr float AT[4][6] = {{1, 1, 1, 1, 1, 0}, {0, 1, -1, 2, -2, 0}, {0, 1, 1, 4, 4, 0}, {0, 1, -1, 8, -8, 1}};
  static constexpr float A[6][4] = {{1, 0, 0, 0}, {1, 1, 1, 1}, {1, -1, 1, -1}, {1, 2, 4, 8}, {1, -2, 4, -8}, {0, 0, 0, 1}};
};

// out[r·os] = Σ_k m[r][k]·in[k·is] for a constant m: zero coefficients are skipped and ±1 cost no
// multiplication once the loops are unrolled.
template <int R, int K>
__attribute__((always_inline)) inline void mul(const float (&m)[R][K], const float* in, int is, float* out, int os) {
#pragma GCC unroll 64
  for (int r = 0; r < R; r++) {
    float acc = 0.f;
    bool first = true;
#pragma GCC unroll 64
    for (int k = 0; k < K; k++) {
      const float c = m[r][k];
      if (c == 0.f) continue;
      const float t = c == 1.f ? in[k * is] : c == -1.f ? -in[k * is] : c * in[k * is];
      acc = first ? t : acc + t;
      first = false;
    }
    out[r * os] = acc;
  }
}

// out (R1×R2) = L · in · Rmᵀ for in of K1×K2, L of R1×K1 and Rm of R2×K2 (all row-major).
template <int R1, int K1, int R2, int K2>
__attribute__((always_inline)) inline void sandwich(const float (&L)[R1][K1], const float (&Rm)[R2][K2], const float* in,
                                                    float* out) {
  float t[R1 * K2];
#pragma GCC unroll 64
  for (int j = 0; j < K2; j++) mul(L, in + j, K2, t + j, K2);
#pragma GCC unroll 64
  for (int i = 0; i < R1; i++) mul(Rm, t + i * K2, 1, out + i * R2, 1);
}

// dst[e][c] = (L · src[·][c] · Lᵀ)[e] for every channel c < C, for L of R×K: the transforms' loop,
// straight-line over one channel so that the loop over channels vectorises.
template <int R, int K>
__attribute__((always_inline)) inline void transform_channels(const float (&L)[R][K], const float* const* src,
                                                              float* const* dst, int C) {
#pragma GCC ivdep
  for (int c = 0; c < C; c++) {
    float in[K * K], out[R * R];
#pragma GCC unroll 64
    for (int e = 0; e < K * K; e++) in[e] = src[e][c];
    sandwich(L, L, in, out);
#pragma GCC unroll 64
    for (int e = 0; e < R * R; e++) dst[e][c] = out[e];
  }
}

// In the default mode, convolutions with fewer input or output channels than this, or with outputs
// smaller than 4×4, stay with im2col: there the transforms cost more than the multiplies they save
// (measured on AVX-512 for the seed CNN's layers: the 3-channel first layer is about even forward
// and in the filter gradient, and its input gradient, with 3 output channels, is 2–3× slower in
// Winograd). Outputs of at least kMinF43×kMinF43 take F(4,3): on AVX-512 1.2–1.7× faster than
// F(2,3) on the CNN's 32×32 and 16×16 layers, even on 8×8, and 2× slower on 4×4 (one block per
// image, too few rows for its 36 matrix products to pay for packing the filter); on AVX2 and SSE2
// 1.2–1.5× faster on 8×8 too, and slower on 4×4.
constexpr int kMinChannels = 8;
#if defined(__AVX512F__)
constexpr int kMinF43 = 12;
#else
constexpr int kMinF43 = 8;
#endif

bool fits(const ConvShape& s) {
  return s.kh == 3 && s.kw == 3 && s.sh == 1 && s.sw == 1 && s.dh == 1 && s.dw == 1 && s.oh > 0 && s.ow > 0;
}

// The output block size for the convolution s (for an input gradient, the transposed one): 0 for
// im2col, else 2 or 4.
int tile_for(const ConvShape& s) {
  int mode = winograd_mode.load(std::memory_order_relaxed);
  if (mode == 0 || !fits(s)) return 0;
  if (mode == 2 || mode == 4) return mode;
  if (s.c < kMinChannels || s.co < kMinChannels || s.oh < 4 || s.ow < 4) return 0;
  return s.oh >= kMinF43 && s.ow >= kMinF43 ? 4 : 2;
}

void count(int tile, int kind) { winograd_calls[(tile == 4 ? 3 : 0) + kind].fetch_add(1, std::memory_order_relaxed); }

struct Blocks {
  int m;
  long th, tw, per_image, total;
  Blocks(const ConvShape& s, int m)
      : m(m), th((s.oh + m - 1) / m), tw((s.ow + m - 1) / m), per_image(th * tw), total(s.n * th * tw) {}
  // Block g's image and the position of its first output.
  void at(long g, int& n, int& oh, int& ow) const {
    long r = g % per_image;
    n = (int)(g / per_image), oh = (int)(r / tw) * m, ow = (int)(r % tw) * m;
  }
  // Blocks per chunk: the two buffers hold about a million floats, but at least 64 blocks.
  long chunk(int elems, long c, long co) const {
    return std::min(total, std::max<long>(64, (1L << 20) / (elems * (c + co))));
  }
};

// U[e][ci][o] = (G g Gᵀ)[e] for the filter g(i, j) = w[i·si + j·sj + ci·sc + o·so].
template <int M>
void filter_transform(const float* w, long si, long sj, long sc, long so, int C, int Co, float* U) {
  using T = Tile<M>;
  constexpr int N = T::N;
  const long plane = (long)C * Co;
  pool().parallel_for(C, 4, [&](long a, long b) {
    for (long ci = a; ci < b; ci++)
      for (long o = 0; o < Co; o++) {
        float g[9], u[N * N];
        for (int i = 0; i < 3; i++)
          for (int j = 0; j < 3; j++) g[i * 3 + j] = w[i * si + j * sj + ci * sc + o * so];
        sandwich(T::G, T::G, g, u);
        for (int e = 0; e < N * N; e++) U[e * plane + ci * Co + o] = u[e];
      }
  });
}

// V[e][t][c] = (Bᵀ d B)[e] for blocks t0 + t, t < nt; ldv = nt·c is the distance between e planes.
template <int M>
void input_transform(const ConvShape& s, const Blocks& bk, const float* x, const float* zeros, long t0, long nt,
                     float* V) {
  using T = Tile<M>;
  constexpr int N = T::N;
  const int C = s.c;
  const long ldv = nt * C;
  pool().parallel_for(nt, 8, [&](long a, long b) {
    for (long t = a; t < b; t++) {
      int n, oh, ow;
      bk.at(t0 + t, n, oh, ow);
      const int ih0 = oh - s.pt, iw0 = ow - s.pl;
      const float* d[N * N];
      for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
          int ih = ih0 + i, iw = iw0 + j;
          bool in = ih >= 0 && ih < s.h && iw >= 0 && iw < s.w;
          d[i * N + j] = in ? x + (((long)n * s.h + ih) * s.w + iw) * C : zeros;
        }
      float* v[N * N];
#pragma GCC unroll 64
      for (int e = 0; e < N * N; e++) v[e] = V + e * ldv + t * C;
      transform_channels(T::BT, d, v, C);
    }
  });
}

// y's M×M blocks t0 + t = Aᵀ m A from Mt[e][t][o] (ldm = nt·co between e planes), cut at the edges.
template <int M>
void output_transform(const ConvShape& s, const Blocks& bk, const float* Mt, long t0, long nt, float* y) {
  using T = Tile<M>;
  constexpr int N = T::N;
  const int Co = s.co;
  const long ldm = nt * Co;
  pool().parallel_for(nt, 8, [&](long a, long b) {
    for (long t = a; t < b; t++) {
      int n, oh, ow;
      bk.at(t0 + t, n, oh, ow);
      const int rows = std::min(M, s.oh - oh), cols = std::min(M, s.ow - ow);
      float* y0 = y + (((long)n * s.oh + oh) * s.ow + ow) * Co;
      float* out[M * M];
      for (int i = 0; i < M; i++)
        for (int j = 0; j < M; j++) out[i * M + j] = y0 + ((long)i * s.ow + j) * Co;
      const float* m[N * N];
#pragma GCC unroll 64
      for (int e = 0; e < N * N; e++) m[e] = Mt + e * ldm + t * Co;
      if (rows == M && cols == M) {
        transform_channels(T::AT, m, out, Co);
        continue;
      }
      for (int o = 0; o < Co; o++) {
        float in[N * N], r[M * M];
#pragma GCC unroll 64
        for (int e = 0; e < N * N; e++) in[e] = m[e][o];
        sandwich(T::AT, T::AT, in, r);
        for (int i = 0; i < rows; i++)
          for (int j = 0; j < cols; j++) out[i * M + j][o] = r[i * M + j];
      }
    }
  });
}

// y = conv(x, filter) with U the transformed filter (N² planes of c × co).
template <int M>
void run(const ConvShape& s, const float* x, const float* U, float* y) {
  constexpr int E = Tile<M>::N * Tile<M>::N;
  Blocks bk(s, M);
  const long chunk = bk.chunk(E, s.c, s.co);
  std::vector<float> V((size_t)E * chunk * s.c), Mt((size_t)E * chunk * s.co), zeros(s.c, 0.f);
  const long plane = (long)s.c * s.co;
  for (long t0 = 0; t0 < bk.total; t0 += chunk) {
    long nt = std::min(chunk, bk.total - t0);
    input_transform<M>(s, bk, x, zeros.data(), t0, nt, V.data());
    // The products are independent: each thread takes whole ones.
    pool().parallel_for(E, 1, [&](long a, long b) {
      for (long e = a; e < b; e++)
        sgemm_st(nt, s.co, s.c, {V.data() + e * nt * s.c, s.c, 1}, {U + e * plane, s.co, 1},
                 Mt.data() + e * nt * s.co, s.co, false);
    });
    output_transform<M>(s, bk, Mt.data(), t0, nt, y);
  }
}

template <int M>
void forward(const ConvShape& s, const float* x, const float* w, float* y) {
  constexpr int E = Tile<M>::N * Tile<M>::N;
  std::vector<float> U((size_t)E * s.c * s.co);
  const long co = s.co, row = 3L * s.c * co;
  filter_transform<M>(w, row, (long)s.c * co, co, 1, s.c, s.co, U.data());
  run<M>(s, x, U.data(), y);
}

// t is the transposed convolution of s (see winograd_backprop_input).
template <int M>
void backprop_input(const ConvShape& s, const ConvShape& t, const float* dy, const float* w, float* dx) {
  constexpr int E = Tile<M>::N * Tile<M>::N;
  std::vector<float> U((size_t)E * s.c * s.co);
  const long co = s.co, row = 3L * s.c * co, col = (long)s.c * co;
  filter_transform<M>(w + 2 * row + 2 * col, -row, -col, 1, co, t.c, t.co, U.data());
  run<M>(t, dy, U.data(), dx);
}

// The filter gradient. The forward is y = Aᵀ [Σ_c U ⊙ V] A per block, so the gradient of U (for
// each input and output channel) is Σ over blocks of V ⊙ (A dy Aᵀ), one matrix product
// [c × blocks]·[blocks × co] per element e, and dw = Gᵀ dU G.

// Mt[e][t][o] = (A dy Aᵀ)[e] for the M×M blocks t0 + t of dy (zero beyond its edges).
template <int M>
void gradient_transform(const ConvShape& s, const Blocks& bk, const float* dy, const float* zeros, long t0, long nt,
                        float* Mt) {
  using T = Tile<M>;
  constexpr int N = T::N;
  const int Co = s.co;
  const long ldm = nt * Co;
  pool().parallel_for(nt, 8, [&](long a, long b) {
    for (long t = a; t < b; t++) {
      int n, oh, ow;
      bk.at(t0 + t, n, oh, ow);
      const float* g[M * M];
      for (int i = 0; i < M; i++)
        for (int j = 0; j < M; j++)
          g[i * M + j] = oh + i < s.oh && ow + j < s.ow ? dy + (((long)n * s.oh + oh + i) * s.ow + ow + j) * Co : zeros;
      float* m[N * N];
#pragma GCC unroll 64
      for (int e = 0; e < N * N; e++) m[e] = Mt + e * ldm + t * Co;
      transform_channels(T::A, g, m, Co);
    }
  });
}

// dw[i, j, c, o] = (Gᵀ dU G)[i, j] with dU[e][c][o] (N² planes of c × co).
template <int M>
void filter_gradient_inverse(const float* dU, int C, int Co, float* dw) {
  using T = Tile<M>;
  constexpr int N = T::N;
  const long plane = (long)C * Co;
  pool().parallel_for(plane, 1024, [&](long a, long b) {
    for (long k = a; k < b; k++) {
      float u[N * N], g[9];
#pragma GCC unroll 64
      for (int e = 0; e < N * N; e++) u[e] = dU[e * plane + k];
      sandwich(T::GT, T::GT, u, g);
#pragma GCC unroll 64
      for (int e = 0; e < 9; e++) dw[e * plane + k] = g[e];
    }
  });
}

template <int M>
void backprop_filter(const ConvShape& s, const float* x, const float* dy, float* dw) {
  constexpr int E = Tile<M>::N * Tile<M>::N;
  Blocks bk(s, M);
  const long chunk = bk.chunk(E, s.c, s.co);
  std::vector<float> V((size_t)E * chunk * s.c), Mt((size_t)E * chunk * s.co), dU((size_t)E * s.c * s.co);
  std::vector<float> zeros(std::max(s.c, s.co), 0.f);
  const long plane = (long)s.c * s.co;
  for (long t0 = 0; t0 < bk.total; t0 += chunk) {
    long nt = std::min(chunk, bk.total - t0);
    input_transform<M>(s, bk, x, zeros.data(), t0, nt, V.data());
    gradient_transform<M>(s, bk, dy, zeros.data(), t0, nt, Mt.data());
    // dU[e] (+)= V[e]ᵀ · Mt[e]: V[e] is nt × c, so its transpose has row stride 1, column stride c.
    pool().parallel_for(E, 1, [&](long a, long b) {
      for (long e = a; e < b; e++)
        sgemm_st(s.c, s.co, nt, {V.data() + e * nt * s.c, 1, s.c}, {Mt.data() + e * nt * s.co, s.co, 1},
                 dU.data() + e * plane, s.co, t0 > 0);
    });
  }
  filter_gradient_inverse<M>(dU.data(), s.c, s.co, dw);
}

}  // namespace

bool winograd_applies(const ConvShape& s) { return tile_for(s) != 0; }

void winograd_conv2d(const ConvShape& s, const float* x, const float* w, float* y) {
  int tile = tile_for(s);
  if (tile == 4) forward<4>(s, x, w, y);
  else forward<2>(s, x, w, y);
  count(tile, 0);
}

// dx[ih, iw, c] = Σ dy[ih + pt - i, iw + pl - j, o] · w[i, j, c, o]: a stride-1 convolution of dy
// (padded by 2 - pt, 2 - pl) with the filter w'[i, j, o, c] = w[2 - i, 2 - j, c, o].
bool winograd_backprop_input(const ConvShape& s, const float* dy, const float* w, float* dx) {
  ConvShape t = s;
  t.h = s.oh, t.w = s.ow, t.c = s.co, t.co = s.c, t.oh = s.h, t.ow = s.w;
  t.pt = 2 - s.pt, t.pl = 2 - s.pl;
  int tile = tile_for(t);
  if (!tile) return false;
  if (tile == 4) backprop_input<4>(s, t, dy, w, dx);
  else backprop_input<2>(s, t, dy, w, dx);
  count(tile, 1);
  return true;
}

bool winograd_backprop_filter(const ConvShape& s, const float* x, const float* dy, float* dw) {
  int tile = tile_for(s);
  if (!tile) return false;
  if (tile == 4) backprop_filter<4>(s, x, dy, dw);
  else backprop_filter<2>(s, x, dy, dw);
  count(tile, 2);
  return true;
}

}  // namespace NNFAST_ISA
}  // namespace nnfast
