// The convolutions of conv.h. A conv is the product of the im2col matrix (one row per output pixel,
// kh·kw·c columns) with the filter seen as a (kh·kw·c)×co matrix; NHWC makes each (kh, kw) tap a
// contiguous run of c floats. Work goes in chunks of images so the im2col buffer stays small.
// 3×3 stride-1 convolutions and both their gradients go to winograd.h when it applies, forwards
// and filter gradients with kh·kw·c ≤ 32 to direct.h.
#include "conv.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "direct.h"
#include "gemm.h"
#include "threads.h"
#include "winograd.h"

namespace nnfast {
namespace NNFAST_ISA {

static bool is_pointwise(const ConvShape& s) {
  return s.kh == 1 && s.kw == 1 && s.sh == 1 && s.sw == 1 && s.pt == 0 && s.pl == 0 && s.oh == s.h && s.ow == s.w;
}

// Images per chunk so the im2col buffer holds about 2M floats.
static int chunk_images(const ConvShape& s) {
  long per = (long)s.oh * s.ow * s.kh * s.kw * s.c;
  return (int)std::max<long>(1, std::min<long>(s.n, (2L << 20) / std::max<long>(1, per)));
}

// col rows [r0, r1) of the chunk starting at image n0.
static void im2col_rows(const ConvShape& s, const float* x, int n0, long r0, long r1, float* col) {
  const long K = (long)s.kh * s.kw * s.c, P = (long)s.oh * s.ow;
  for (long r = r0; r < r1; r++) {
    int n = n0 + (int)(r / P), p = (int)(r % P), oh = p / s.ow, ow = p % s.ow;
    float* dst = col + r * K;
    const float* xn = x + (long)n * s.h * s.w * s.c;
    for (int i = 0; i < s.kh; i++) {
      int ih = oh * s.sh - s.pt + i * s.dh;
      for (int j = 0; j < s.kw; j++, dst += s.c) {
        int iw = ow * s.sw - s.pl + j * s.dw;
        bool out = ih < 0 || ih >= s.h || iw < 0 || iw >= s.w;
        const float* src = xn + ((long)ih * s.w + iw) * s.c;
        if (s.c >= 16) {
          if (out) std::memset(dst, 0, s.c * sizeof(float));
          else std::memcpy(dst, src, s.c * sizeof(float));
        } else {
          // A few channels (the first layer's RGB): a library call per tap costs more than the copy.
          for (int c = 0; c < s.c; c++) dst[c] = out ? 0.f : src[c];
        }
      }
    }
  }
}

static void im2col(const ConvShape& s, const float* x, int n0, int nb, float* col) {
  long rows = (long)nb * s.oh * s.ow;
  pool().parallel_for(rows, 64, [&](long a, long b) { im2col_rows(s, x, n0, a, b, col); });
}

// Adds col (rows of chunk images [n0, n0+nb)) back into dx; images are split across threads.
static void col2im(const ConvShape& s, const float* col, int n0, int nb, float* dx) {
  const long K = (long)s.kh * s.kw * s.c;
  pool().parallel_for(nb, 1, [&](long a, long b) {
    for (long nn = a; nn < b; nn++) {
      float* xn = dx + (n0 + nn) * s.h * s.w * s.c;
      const float* src = col + nn * s.oh * s.ow * K;
      for (int oh = 0; oh < s.oh; oh++)
        for (int ow = 0; ow < s.ow; ow++, src += K) col2im_pixel(s, src, oh, ow, xn);
    }
  });
}

static inline float act1(float v, int act, float alpha) {
  switch (act) {
    case ACT_RELU: return v > 0 ? v : 0;
    case ACT_RELU6: return std::min(std::max(v, 0.f), 6.f);
    case ACT_SIGMOID: return 1.f / (1.f + std::exp(-v));
    case ACT_LEAKY: return v < 0 ? alpha * v : v;
    case ACT_ELU: return v > 0 ? v : std::expm1(v);
    default: return v;
  }
}

// y[0..n) = act(y + bias (per column of a row of length cols, when given)); the activation is
// chosen outside the loops so each loop vectorises.
template <int ACT>
static void epilogue_t(float* __restrict y, long rows, long cols, const float* __restrict bias, float alpha) {
  for (long r = 0; r < rows; r++) {
    float* __restrict yr = y + r * cols;
    for (long c = 0; c < cols; c++) {
      float v = yr[c] + (bias ? bias[c] : 0.f);
      if constexpr (ACT == ACT_RELU) v = v > 0 ? v : 0.f;
      if constexpr (ACT == ACT_RELU6) v = std::min(std::max(v, 0.f), 6.f);
      if constexpr (ACT == ACT_LEAKY) v = v < 0 ? alpha * v : v;
      if constexpr (ACT == ACT_SIGMOID || ACT == ACT_ELU) v = act1(v, ACT, alpha);
      yr[c] = v;
    }
  }
}

void epilogue(float* y, long rows, long cols, const float* bias, int act, float alpha) {
  if (!bias && act == ACT_LINEAR) return;
  pool().parallel_for(rows, std::max<long>(1, 4096 / std::max<long>(1, cols)), [=](long a, long b) {
    float* yy = y + a * cols;
    switch (act) {
      case ACT_RELU: return epilogue_t<ACT_RELU>(yy, b - a, cols, bias, alpha);
      case ACT_RELU6: return epilogue_t<ACT_RELU6>(yy, b - a, cols, bias, alpha);
      case ACT_SIGMOID: return epilogue_t<ACT_SIGMOID>(yy, b - a, cols, bias, alpha);
      case ACT_LEAKY: return epilogue_t<ACT_LEAKY>(yy, b - a, cols, bias, alpha);
      case ACT_ELU: return epilogue_t<ACT_ELU>(yy, b - a, cols, bias, alpha);
      default: return epilogue_t<ACT_LINEAR>(yy, b - a, cols, bias, alpha);
    }
  });
}

void apply_act(float* y, long n, int act, float alpha) { epilogue(y, 1, n, nullptr, act, alpha); }

void conv2d(const ConvShape& s, const float* x, const float* w, const float* bias, int act, float alpha, float* y) {
  const long K = (long)s.kh * s.kw * s.c, P = (long)s.oh * s.ow, total = (long)s.n * P;
  if (is_pointwise(s)) {
    sgemm(total, s.co, K, {x, K, 1}, {w, s.co, 1}, y, s.co, false);
  } else if (winograd_applies(s)) {
    winograd_conv2d(s, x, w, y);
  } else if (direct_applies(s)) {
    direct_conv2d(s, x, w, bias, y);
    bias = nullptr;  // added by the kernel
  } else {
    int cb = chunk_images(s);
    std::vector<float> col((size_t)cb * P * K);
    for (int n0 = 0; n0 < s.n; n0 += cb) {
      int nb = std::min(cb, s.n - n0);
      im2col(s, x, n0, nb, col.data());
      sgemm(nb * P, s.co, K, {col.data(), K, 1}, {w, s.co, 1}, y + n0 * P * s.co, s.co, false);
    }
  }
  epilogue(y, total, s.co, bias, act, alpha);
}

void conv2d_backprop_input(const ConvShape& s, const float* dy, const float* w, float* dx) {
  const long K = (long)s.kh * s.kw * s.c, P = (long)s.oh * s.ow;
  // dcol = dy · wᵀ: wᵀ is (co × K), element (i, j) = w[j * co + i].
  if (is_pointwise(s)) return sgemm((long)s.n * P, K, s.co, {dy, s.co, 1}, {w, 1, s.co}, dx, K, false);
  if (winograd_backprop_input(s, dy, w, dx)) return;
  if (direct_applies(s)) return direct_backprop_input(s, dy, w, dx);
  std::memset(dx, 0, sizeof(float) * (size_t)s.n * s.h * s.w * s.c);
  int cb = chunk_images(s);
  std::vector<float> col((size_t)cb * P * K);
  for (int n0 = 0; n0 < s.n; n0 += cb) {
    int nb = std::min(cb, s.n - n0);
    sgemm(nb * P, K, s.co, {dy + n0 * P * s.co, s.co, 1}, {w, 1, s.co}, col.data(), K, false);
    col2im(s, col.data(), n0, nb, dx);
  }
}

void conv2d_backprop_filter(const ConvShape& s, const float* x, const float* dy, float* dw) {
  const long K = (long)s.kh * s.kw * s.c, P = (long)s.oh * s.ow;
  // dw (K × co) = colᵀ · dy: colᵀ element (i, j) = col[j * K + i].
  if (is_pointwise(s)) return sgemm(K, s.co, (long)s.n * P, {x, 1, K}, {dy, s.co, 1}, dw, s.co, false);
  if (winograd_backprop_filter(s, x, dy, dw)) return;
  if (direct_applies(s)) return direct_backprop_filter(s, x, dy, dw);
  int cb = chunk_images(s);
  std::vector<float> col((size_t)cb * P * K);
  for (int n0 = 0; n0 < s.n; n0 += cb) {
    int nb = std::min(cb, s.n - n0);
    im2col(s, x, n0, nb, col.data());
    sgemm(K, s.co, nb * P, {col.data(), 1, K}, {dy + n0 * P * s.co, s.co, 1}, dw, s.co, n0 > 0);
  }
}

// Depthwise: y[n, oh, ow, c * m + q] = Σ_{i,j} x[n, ih, iw, c] · w[i, j, c, q], m = s.co.
void depthwise(const ConvShape& s, const float* x, const float* w, float* y) {
  const int m = s.co, oc = s.c * m;
  pool().parallel_for((long)s.n * s.oh, 1, [&](long a, long b) {
    for (long r = a; r < b; r++) {
      int n = (int)(r / s.oh), oh = (int)(r % s.oh);
      for (int ow = 0; ow < s.ow; ow++) {
        float* yo = y + (((long)n * s.oh + oh) * s.ow + ow) * oc;
        std::memset(yo, 0, oc * sizeof(float));
        for (int i = 0; i < s.kh; i++) {
          int ih = oh * s.sh - s.pt + i * s.dh;
          if (ih < 0 || ih >= s.h) continue;
          for (int j = 0; j < s.kw; j++) {
            int iw = ow * s.sw - s.pl + j * s.dw;
            if (iw < 0 || iw >= s.w) continue;
            const float* xi = x + (((long)n * s.h + ih) * s.w + iw) * s.c;
            const float* wi = w + ((long)i * s.kw + j) * oc;
            if (m == 1)
              for (int c = 0; c < s.c; c++) yo[c] += xi[c] * wi[c];
            else
              for (int c = 0; c < s.c; c++)
                for (int q = 0; q < m; q++) yo[c * m + q] += xi[c] * wi[c * m + q];
          }
        }
      }
    }
  });
}

void depthwise_backprop_input(const ConvShape& s, const float* dy, const float* w, float* dx) {
  const int m = s.co, oc = s.c * m;
  // Each thread owns whole images of dx, so the scatter needs no locks.
  pool().parallel_for(s.n, 1, [&](long a, long b) {
    for (long n = a; n < b; n++) {
      float* xn = dx + n * s.h * s.w * s.c;
      std::memset(xn, 0, sizeof(float) * (size_t)s.h * s.w * s.c);
      for (int oh = 0; oh < s.oh; oh++)
        for (int ow = 0; ow < s.ow; ow++) {
          const float* g = dy + ((n * s.oh + oh) * (long)s.ow + ow) * oc;
          for (int i = 0; i < s.kh; i++) {
            int ih = oh * s.sh - s.pt + i * s.dh;
            if (ih < 0 || ih >= s.h) continue;
            for (int j = 0; j < s.kw; j++) {
              int iw = ow * s.sw - s.pl + j * s.dw;
              if (iw < 0 || iw >= s.w) continue;
              float* d = xn + ((long)ih * s.w + iw) * s.c;
              const float* wi = w + ((long)i * s.kw + j) * oc;
              if (m == 1)
                for (int c = 0; c < s.c; c++) d[c] += g[c] * wi[c];
              else
                for (int c = 0; c < s.c; c++) {
                  float acc = 0;
                  for (int q = 0; q < m; q++) acc += g[c * m + q] * wi[c * m + q];
                  d[c] += acc;
                }
            }
          }
        }
    }
  });
}

void depthwise_backprop_filter(const ConvShape& s, const float* x, const float* dy, float* dw) {
  const int m = s.co, oc = s.c * m;
  const long wsize = (long)s.kh * s.kw * oc;
  int nt = pool().size();
  std::vector<float> part((size_t)nt * wsize, 0.f);
  pool().run([&](int t, int T) {
    float* acc = part.data() + t * wsize;
    long rows = (long)s.n * s.oh, lo = rows * t / T, hi = rows * (t + 1) / T;
    for (long r = lo; r < hi; r++) {
      int n = (int)(r / s.oh), oh = (int)(r % s.oh);
      for (int ow = 0; ow < s.ow; ow++) {
        const float* g = dy + (((long)n * s.oh + oh) * s.ow + ow) * oc;
        for (int i = 0; i < s.kh; i++) {
          int ih = oh * s.sh - s.pt + i * s.dh;
          if (ih < 0 || ih >= s.h) continue;
          for (int j = 0; j < s.kw; j++) {
            int iw = ow * s.sw - s.pl + j * s.dw;
            if (iw < 0 || iw >= s.w) continue;
            const float* xi = x + (((long)n * s.h + ih) * s.w + iw) * s.c;
            float* a = acc + ((long)i * s.kw + j) * oc;
            for (int c = 0; c < s.c; c++)
              for (int q = 0; q < m; q++) a[c * m + q] += xi[c] * g[c * m + q];
          }
        }
      }
    }
  });
  for (long k = 0; k < wsize; k++) {
    float v = 0;
    for (int t = 0; t < nt; t++) v += part[t * wsize + k];
    dw[k] = v;
  }
}

}  // namespace NNFAST_ISA
}  // namespace nnfast
