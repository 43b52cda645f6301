// The Winograd F(2,3) convolution of winograd.h. With d a 4×4 input block, g a 3×3 filter and
//   Bᵀ = [1 0 -1 0; 0 1 1 0; 0 -1 1 0; 0 1 0 -1], G = [1 0 0; ½ ½ ½; ½ -½ ½; 0 0 1],
//   Aᵀ = [1 1 1 0; 0 1 -1 -1],
// the 2×2 output block is Aᵀ [(G g Gᵀ) ⊙ (Bᵀ d B)] A, summed over input channels; the sum over
// channels of element e of the 4×4 products is one matrix product per e. Blocks are numbered over
// the whole batch (image, block row, block column) and processed in chunks that keep the buffers
// small.
#include "winograd.h"

#include <algorithm>
#include <vector>

#include "gemm.h"
#include "threads.h"

namespace nnfast {
namespace NNFAST_ISA {

// In the default mode, convolutions with fewer input or output channels than this, or with outputs
// smaller than 4×4, stay with im2col: there the transforms cost more than the multiplies they save
// (measured on AVX-512 for the seed CNN's layers: the 3-channel first layer is about even forward,
// and its input gradient, with 3 output channels, is 3× slower in Winograd).
constexpr int kMinChannels = 8;

static bool fits(const ConvShape& s) {
  return s.kh == 3 && s.kw == 3 && s.sh == 1 && s.sw == 1 && s.dh == 1 && s.dw == 1 && s.oh > 0 && s.ow > 0;
}

// s is the convolution Winograd would run (for an input gradient, the transposed one).
static bool wanted(const ConvShape& s) {
  int mode = winograd_mode.load(std::memory_order_relaxed);
  if (mode == 0 || !fits(s)) return false;
  return mode == 2 || (s.c >= kMinChannels && s.co >= kMinChannels && s.oh >= 4 && s.ow >= 4);
}

bool winograd_applies(const ConvShape& s) { return wanted(s); }

// U[e][ci][o] = (G g Gᵀ)[e] for the filter g(i, j) = w[i·si + j·sj + ci·sc + o·so].
static void filter_transform(const float* w, long si, long sj, long sc, long so, int C, int Co, float* U) {
  const long plane = (long)C * Co;
  pool().parallel_for(C, 4, [&](long a, long b) {
    for (long ci = a; ci < b; ci++)
      for (long o = 0; o < Co; o++) {
        float g[3][3], t[4][3];
        for (int i = 0; i < 3; i++)
          for (int j = 0; j < 3; j++) g[i][j] = w[i * si + j * sj + ci * sc + o * so];
        for (int j = 0; j < 3; j++) {
          t[0][j] = g[0][j];
          t[1][j] = 0.5f * (g[0][j] + g[1][j] + g[2][j]);
          t[2][j] = 0.5f * (g[0][j] - g[1][j] + g[2][j]);
          t[3][j] = g[2][j];
        }
        float* u = U + ci * Co + o;
        for (int i = 0; i < 4; i++) {
          u[(i * 4 + 0) * plane] = t[i][0];
          u[(i * 4 + 1) * plane] = 0.5f * (t[i][0] + t[i][1] + t[i][2]);
          u[(i * 4 + 2) * plane] = 0.5f * (t[i][0] - t[i][1] + t[i][2]);
          u[(i * 4 + 3) * plane] = t[i][2];
        }
      }
  });
}

struct Blocks {
  long th, tw, per_image, total;
  explicit Blocks(const ConvShape& s)
      : th((s.oh + 1) / 2), tw((s.ow + 1) / 2), per_image(th * tw), total(s.n * th * tw) {}
};

// V[e][t][c] = (Bᵀ d B)[e] for blocks t0 + t, t < nt; ldv = nt·c is the distance between e planes.
static void input_transform(const ConvShape& s, const Blocks& bk, const float* x, const float* zeros, long t0,
                            long nt, float* V) {
  const int C = s.c;
  const long ldv = nt * C;
  pool().parallel_for(nt, 8, [&](long a, long b) {
    for (long t = a; t < b; t++) {
      long g = t0 + t, n = g / bk.per_image, r = g % bk.per_image;
      int ih0 = (int)(r / bk.tw) * 2 - s.pt, iw0 = (int)(r % bk.tw) * 2 - s.pl;
      const float* d[16];
      for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++) {
          int ih = ih0 + i, iw = iw0 + j;
          bool in = ih >= 0 && ih < s.h && iw >= 0 && iw < s.w;
          d[i * 4 + j] = in ? x + (((long)n * s.h + ih) * s.w + iw) * C : zeros;
        }
      float* v[16];
      for (int e = 0; e < 16; e++) v[e] = V + e * ldv + t * C;
      // Straight-line over one channel so the loop over channels vectorises.
#pragma GCC ivdep
      for (int c = 0; c < C; c++) {
        float r[4][4];
        for (int j = 0; j < 4; j++) {
          float a0 = d[j][c], a1 = d[4 + j][c], a2 = d[8 + j][c], a3 = d[12 + j][c];
          r[0][j] = a0 - a2;
          r[1][j] = a1 + a2;
          r[2][j] = a2 - a1;
          r[3][j] = a1 - a3;
        }
        for (int i = 0; i < 4; i++) {
          v[i * 4 + 0][c] = r[i][0] - r[i][2];
          v[i * 4 + 1][c] = r[i][1] + r[i][2];
          v[i * 4 + 2][c] = r[i][2] - r[i][1];
          v[i * 4 + 3][c] = r[i][1] - r[i][3];
        }
      }
    }
  });
}

// q = Aᵀ applied down each column j of the 4×4 block m[·][o]: the first half of Aᵀ m A.
static inline void columns(const float* const m[16], int o, float q[4][2]) {
  for (int j = 0; j < 4; j++) {
    float m0 = m[j][o], m1 = m[4 + j][o], m2 = m[8 + j][o], m3 = m[12 + j][o];
    q[j][0] = m0 + m1 + m2;
    q[j][1] = m1 - m2 - m3;
  }
}

// y's 2×2 blocks t0 + t = Aᵀ m A from M[e][t][o] (ldm = nt·co between e planes), cut at the edges.
static void output_transform(const ConvShape& s, const Blocks& bk, const float* M, long t0, long nt, float* y) {
  const int Co = s.co;
  const long ldm = nt * Co;
  pool().parallel_for(nt, 8, [&](long a, long b) {
    for (long t = a; t < b; t++) {
      long g = t0 + t, n = g / bk.per_image, r = g % bk.per_image;
      int oh = (int)(r / bk.tw) * 2, ow = (int)(r % bk.tw) * 2;
      bool down = oh + 1 < s.oh, right = ow + 1 < s.ow;
      float* y00 = y + (((long)n * s.oh + oh) * s.ow + ow) * Co;
      float* y01 = y00 + Co;
      float* y10 = y00 + (long)s.ow * Co;
      float* y11 = y10 + Co;
      const float* m[16];
      for (int e = 0; e < 16; e++) m[e] = M + e * ldm + t * Co;
      if (down && right) {
#pragma GCC ivdep
        for (int o = 0; o < Co; o++) {
          float q[4][2];
          columns(m, o, q);
          y00[o] = q[0][0] + q[1][0] + q[2][0];
          y01[o] = q[1][0] - q[2][0] - q[3][0];
          y10[o] = q[0][1] + q[1][1] + q[2][1];
          y11[o] = q[1][1] - q[2][1] - q[3][1];
        }
        continue;
      }
      for (int o = 0; o < Co; o++) {
        float q[4][2];
        columns(m, o, q);
        y00[o] = q[0][0] + q[1][0] + q[2][0];
        if (right) y01[o] = q[1][0] - q[2][0] - q[3][0];
        if (down) y10[o] = q[0][1] + q[1][1] + q[2][1];
      }
    }
  });
}

// y = conv(x, filter) with U the transformed filter (16 planes of c × co).
static void run(const ConvShape& s, const float* x, const float* U, float* y) {
  Blocks bk(s);
  // Blocks per chunk: the two buffers hold about a million floats, but at least 64 blocks.
  long chunk = std::max<long>(64, (1L << 20) / (16L * (s.c + s.co)));
  chunk = std::min(chunk, bk.total);
  std::vector<float> V((size_t)16 * chunk * s.c), M((size_t)16 * chunk * s.co), zeros(s.c, 0.f);
  const long plane = (long)s.c * s.co;
  for (long t0 = 0; t0 < bk.total; t0 += chunk) {
    long nt = std::min(chunk, bk.total - t0);
    input_transform(s, bk, x, zeros.data(), t0, nt, V.data());
    // The 16 products are independent: each thread takes whole ones.
    pool().parallel_for(16, 1, [&](long a, long b) {
      for (long e = a; e < b; e++)
        sgemm_st(nt, s.co, s.c, {V.data() + e * nt * s.c, s.c, 1}, {U + e * plane, s.co, 1},
                 M.data() + e * nt * s.co, s.co, false);
    });
    output_transform(s, bk, M.data(), t0, nt, y);
  }
}

void winograd_conv2d(const ConvShape& s, const float* x, const float* w, float* y) {
  std::vector<float> U((size_t)16 * s.c * s.co);
  const long co = s.co, row = 3L * s.c * co;
  filter_transform(w, row, (long)s.c * co, co, 1, s.c, s.co, U.data());
  run(s, x, U.data(), y);
  winograd_calls[0].fetch_add(1, std::memory_order_relaxed);
}

// dx[ih, iw, c] = Σ dy[ih + pt - i, iw + pl - j, o] · w[i, j, c, o]: a stride-1 convolution of dy
// (padded by 2 - pt, 2 - pl) with the filter w'[i, j, o, c] = w[2 - i, 2 - j, c, o].
bool winograd_backprop_input(const ConvShape& s, const float* dy, const float* w, float* dx) {
  ConvShape t = s;
  t.h = s.oh, t.w = s.ow, t.c = s.co, t.co = s.c, t.oh = s.h, t.ow = s.w;
  t.pt = 2 - s.pt, t.pl = 2 - s.pl;
  if (!wanted(t)) return false;
  std::vector<float> U((size_t)16 * s.c * s.co);
  const long co = s.co, row = 3L * s.c * co, col = (long)s.c * co;
  filter_transform(w + 2 * row + 2 * col, -row, -col, 1, co, t.c, t.co, U.data());
  run(t, dy, U.data(), dx);
  winograd_calls[1].fetch_add(1, std::memory_order_relaxed);
  return true;
}

// The filter gradient. The forward is y = Aᵀ [Σ_c U ⊙ V] A per block, so the gradient of U (for
// each input and output channel) is Σ over blocks of V ⊙ (A dy Aᵀ), one matrix product
// [c × blocks]·[blocks × co] per element e, and dw = Gᵀ dU G.

// M[e][t][o] = (A dy Aᵀ)[e] for the 2×2 blocks t0 + t of dy (zero beyond its edges).
static void gradient_transform(const ConvShape& s, const Blocks& bk, const float* dy, const float* zeros, long t0,
                               long nt, float* M) {
  const int Co = s.co;
  const long ldm = nt * Co;
  pool().parallel_for(nt, 8, [&](long a, long b) {
    for (long t = a; t < b; t++) {
      long g = t0 + t, n = g / bk.per_image, r = g % bk.per_image;
      int oh = (int)(r / bk.tw) * 2, ow = (int)(r % bk.tw) * 2;
      bool down = oh + 1 < s.oh, right = ow + 1 < s.ow;
      const float* g00 = dy + (((long)n * s.oh + oh) * s.ow + ow) * Co;
      const float* g01 = right ? g00 + Co : zeros;
      const float* g10 = down ? g00 + (long)s.ow * Co : zeros;
      const float* g11 = down && right ? g00 + (long)(s.ow + 1) * Co : zeros;
      float* m[16];
      for (int e = 0; e < 16; e++) m[e] = M + e * ldm + t * Co;
#pragma GCC ivdep
      for (int o = 0; o < Co; o++) {
        // Rows of A dy: [a, b], [a + c, b + d], [a - c, b - d], [-c, -d]; then each row [p, q]
        // times Aᵀ: [p, p + q, p - q, -q].
        float a = g00[o], b = g01[o], c = g10[o], d = g11[o];
        float p[4] = {a, a + c, a - c, -c}, q[4] = {b, b + d, b - d, -d};
        for (int i = 0; i < 4; i++) {
          m[i * 4 + 0][o] = p[i];
          m[i * 4 + 1][o] = p[i] + q[i];
          m[i * 4 + 2][o] = p[i] - q[i];
          m[i * 4 + 3][o] = -q[i];
        }
      }
    }
  });
}

// dw[i, j, c, o] = (Gᵀ dU G)[i, j] with dU[e][c][o] (16 planes of c × co).
static void filter_gradient_inverse(const float* dU, int C, int Co, float* dw) {
  const long plane = (long)C * Co;
  pool().parallel_for(plane, 1024, [&](long a, long b) {
    for (long k = a; k < b; k++) {
      float u[16], t[3][4];
      for (int e = 0; e < 16; e++) u[e] = dU[e * plane + k];
      for (int j = 0; j < 4; j++) {
        float u0 = u[j], u1 = u[4 + j], u2 = u[8 + j], u3 = u[12 + j];
        t[0][j] = u0 + 0.5f * (u1 + u2);
        t[1][j] = 0.5f * (u1 - u2);
        t[2][j] = 0.5f * (u1 + u2) + u3;
      }
      for (int i = 0; i < 3; i++) {
        dw[(i * 3 + 0) * plane + k] = t[i][0] + 0.5f * (t[i][1] + t[i][2]);
        dw[(i * 3 + 1) * plane + k] = 0.5f * (t[i][1] - t[i][2]);
        dw[(i * 3 + 2) * plane + k] = 0.5f * (t[i][1] + t[i][2]) + t[i][3];
      }
    }
  });
}

bool winograd_backprop_filter(const ConvShape& s, const float* x, const float* dy, float* dw) {
  if (!wanted(s)) return false;
  Blocks bk(s);
  long chunk = std::max<long>(64, (1L << 20) / (16L * (s.c + s.co)));
  chunk = std::min(chunk, bk.total);
  std::vector<float> V((size_t)16 * chunk * s.c), M((size_t)16 * chunk * s.co), dU((size_t)16 * s.c * s.co);
  std::vector<float> zeros(std::max(s.c, s.co), 0.f);
  const long plane = (long)s.c * s.co;
  for (long t0 = 0; t0 < bk.total; t0 += chunk) {
    long nt = std::min(chunk, bk.total - t0);
    input_transform(s, bk, x, zeros.data(), t0, nt, V.data());
    gradient_transform(s, bk, dy, zeros.data(), t0, nt, M.data());
    // dU[e] (+)= V[e]ᵀ · M[e]: V[e] is nt × c, so its transpose has row stride 1, column stride c.
    pool().parallel_for(16, 1, [&](long a, long b) {
      for (long e = a; e < b; e++)
        sgemm_st(s.c, s.co, nt, {V.data() + e * nt * s.c, 1, s.c}, {M.data() + e * nt * s.co, s.co, 1},
                 dU.data() + e * plane, s.co, t0 > 0);
    });
  }
  filter_gradient_inverse(dU.data(), s.c, s.co, dw);
  winograd_calls[2].fetch_add(1, std::memory_order_relaxed);
  return true;
}

}  // namespace NNFAST_ISA
}  // namespace nnfast
