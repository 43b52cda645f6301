// The element-wise kernels of elementwise.h. Binary ops run row by row over the last dimension,
// with the four stride patterns of that dimension specialised so the compiler vectorises them.
#include "elementwise.h"

#include <cmath>
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

#include "threads.h"

namespace nnfast {
namespace NNFAST_ISA {

template <int OP>
static inline float bin(float x, float y) {
  if constexpr (OP == B_ADD) return x + y;
  if constexpr (OP == B_SUB) return x - y;
  if constexpr (OP == B_MUL) return x * y;
  if constexpr (OP == B_DIV) return x / y;
  if constexpr (OP == B_SQDIFF) return (x - y) * (x - y);
  if constexpr (OP == B_MAX) return x > y || std::isnan(x) ? x : y;
  if constexpr (OP == B_MIN) return x < y || std::isnan(x) ? x : y;
  return 0;
}

template <int OP>
static void row(long n, const float* __restrict a, long sa, const float* __restrict b, long sb, float* __restrict o) {
  if (sa == 1 && sb == 1)
    for (long i = 0; i < n; i++) o[i] = bin<OP>(a[i], b[i]);
  else if (sa == 1 && sb == 0) {
    float y = *b;
    for (long i = 0; i < n; i++) o[i] = bin<OP>(a[i], y);
  } else if (sa == 0 && sb == 1) {
    float x = *a;
    for (long i = 0; i < n; i++) o[i] = bin<OP>(x, b[i]);
  } else
    for (long i = 0; i < n; i++) o[i] = bin<OP>(a[i * sa], b[i * sb]);
}

// The least element-wise work worth a thread of its own: work is split only from twice this many
// elements on (256K). Below that one pass takes tens of microseconds on one core, and waking a
// worker, which on a machine shared with other jobs may wait milliseconds for a core, costs more
// than it saves.
static constexpr long kSplitElements = 1 << 17;

template <int OP>
static void binary_t(int rank, const int* shape, const long* sa, const long* sb, const float* a, const float* b, float* out) {
  long inner = shape[rank - 1], rows = 1;
  for (int d = 0; d < rank - 1; d++) rows *= shape[d];
  auto rows_fn = [&](long r0, long r1) {
    for (long r = r0; r < r1; r++) {
      long oa = 0, ob = 0, rem = r;
      for (int d = rank - 2; d >= 0; d--) {
        long i = rem % shape[d];
        rem /= shape[d];
        oa += i * sa[d];
        ob += i * sb[d];
      }
      row<OP>(inner, a + oa, sa[rank - 1], b + ob, sb[rank - 1], out + r * inner);
    }
  };
  if (rows == 1) {
    // One long row: split it.
    pool().parallel_for(inner, kSplitElements, [&](long i0, long i1) {
      row<OP>(i1 - i0, a + i0 * sa[rank - 1], sa[rank - 1], b + i0 * sb[rank - 1], sb[rank - 1], out + i0);
    });
  } else {
    long grain = std::max<long>(1, kSplitElements / std::max<long>(1, inner));
    pool().parallel_for(rows, grain, rows_fn);
  }
}

void binary(int op, int rank, const int* shape, const long* sa, const long* sb, const float* a, const float* b, float* out) {
  switch (op) {
    case B_ADD: return binary_t<B_ADD>(rank, shape, sa, sb, a, b, out);
    case B_SUB: return binary_t<B_SUB>(rank, shape, sa, sb, a, b, out);
    case B_MUL: return binary_t<B_MUL>(rank, shape, sa, sb, a, b, out);
    case B_DIV: return binary_t<B_DIV>(rank, shape, sa, sb, a, b, out);
    case B_SQDIFF: return binary_t<B_SQDIFF>(rank, shape, sa, sb, a, b, out);
    case B_MAX: return binary_t<B_MAX>(rank, shape, sa, sb, a, b, out);
    case B_MIN: return binary_t<B_MIN>(rank, shape, sa, sb, a, b, out);
  }
}

template <int OP>
static void unary_t(long n, const float* x, float* out, float alpha_) {
  pool().parallel_for(n, kSplitElements, [=](long i0, long i1) {
    const float* __restrict xs = x;
    float* __restrict o = out;
    const float alpha = alpha_;
    for (long i = i0; i < i1; i++) {
      float v = xs[i];
      if constexpr (OP == U_RELU) o[i] = v > 0 ? v : (v == v ? 0.f : v);
      if constexpr (OP == U_STEP) {
        float s = v > 0 ? 1.f : alpha;
        o[i] = v != v ? v : s;
      }
      if constexpr (OP == U_FLOOR) o[i] = std::floor(v);
      if constexpr (OP == U_SQRT) o[i] = std::sqrt(v);
      if constexpr (OP == U_RSQRT) o[i] = 1.f / std::sqrt(v);
      if constexpr (OP == U_SQUARE) o[i] = v * v;
      if constexpr (OP == U_NEG) o[i] = -v;
      if constexpr (OP == U_EXP) o[i] = std::exp(v);
      if constexpr (OP == U_LOG) o[i] = std::log(v);
      if constexpr (OP == U_SIGMOID) o[i] = 1.f / (1.f + std::exp(-v));
      if constexpr (OP == U_ABS) o[i] = std::fabs(v);
      if constexpr (OP == U_RECIP) o[i] = 1.f / v;
    }
  });
}

void unary(int op, long n, const float* x, float* out, float alpha) {
  switch (op) {
    case U_RELU: return unary_t<U_RELU>(n, x, out, alpha);
    case U_STEP: return unary_t<U_STEP>(n, x, out, alpha);
    case U_FLOOR: return unary_t<U_FLOOR>(n, x, out, alpha);
    case U_SQRT: return unary_t<U_SQRT>(n, x, out, alpha);
    case U_RSQRT: return unary_t<U_RSQRT>(n, x, out, alpha);
    case U_SQUARE: return unary_t<U_SQUARE>(n, x, out, alpha);
    case U_NEG: return unary_t<U_NEG>(n, x, out, alpha);
    case U_EXP: return unary_t<U_EXP>(n, x, out, alpha);
    case U_LOG: return unary_t<U_LOG>(n, x, out, alpha);
    case U_SIGMOID: return unary_t<U_SIGMOID>(n, x, out, alpha);
    case U_ABS: return unary_t<U_ABS>(n, x, out, alpha);
    case U_RECIP: return unary_t<U_RECIP>(n, x, out, alpha);
  }
}

// Sums rows [r0, r1) of an r×inner block into acc (double), in float runs of 64 rows.
static void sum_rows(const float* x, long r0, long r1, long inner, double* acc) {
  std::vector<float> run(inner);
  for (long r = r0; r < r1; r += 64) {
    long e = std::min(r1, r + 64);
    std::memset(run.data(), 0, inner * sizeof(float));
    for (long k = r; k < e; k++) {
      const float* xr = x + k * inner;
      for (long j = 0; j < inner; j++) run[j] += xr[j];
    }
    for (long j = 0; j < inner; j++) acc[j] += run[j];
  }
}

void reduce_sum(long outer, long r, long inner, const float* x, float* out, double scale) {
  Pool& p = pool();
  if (inner == 1) {
    p.parallel_for(outer, std::max<long>(1, (1 << 14) / std::max<long>(1, r)), [&](long o0, long o1) {
      for (long o = o0; o < o1; o++) {
        double acc = 0;
        sum_rows(x + o * r, 0, r, 1, &acc);
        out[o] = (float)(acc * scale);
      }
    });
    return;
  }
  if (outer >= p.size() || (double)outer * r * inner < (1 << 16)) {
    p.parallel_for(outer, 1, [&](long o0, long o1) {
      std::vector<double> acc(inner);
      for (long o = o0; o < o1; o++) {
        std::fill(acc.begin(), acc.end(), 0.0);
        sum_rows(x + o * r * inner, 0, r, inner, acc.data());
        for (long j = 0; j < inner; j++) out[o * inner + j] = (float)(acc[j] * scale);
      }
    });
    return;
  }
  // Few outer blocks: split the reduced rows, one partial sum per thread.
  int nt = p.size();
  std::vector<double> part((size_t)nt * inner);
  for (long o = 0; o < outer; o++) {
    std::fill(part.begin(), part.end(), 0.0);
    const float* xo = x + o * r * inner;
    p.run([&](int t, int T) { sum_rows(xo, r * t / T, r * (t + 1) / T, inner, part.data() + t * inner); });
    for (long j = 0; j < inner; j++) {
      double v = 0;
      for (int t = 0; t < nt; t++) v += part[t * inner + j];
      out[o * inner + j] = (float)(v * scale);
    }
  }
}

}  // namespace NNFAST_ISA
}  // namespace nnfast

namespace nnfast {
namespace NNFAST_ISA {

void tile(int rank, const int* xshape, const int* oshape, const float* x, float* out) {
  long inner = oshape[rank - 1], xin = xshape[rank - 1], rows = 1;
  for (int d = 0; d < rank - 1; d++) rows *= oshape[d];
  std::vector<long> xstride(rank);
  long acc = 1;
  for (int d = rank - 1; d >= 0; d--) xstride[d] = acc, acc *= xshape[d];
  pool().parallel_for(rows, std::max<long>(1, 4096 / std::max<long>(1, inner)), [&](long r0, long r1) {
    for (long r = r0; r < r1; r++) {
      long off = 0, rem = r;
      for (int d = rank - 2; d >= 0; d--) {
        long i = rem % oshape[d];
        rem /= oshape[d];
        off += (i % xshape[d]) * xstride[d];
      }
      const float* src = x + off;
      float* dst = out + r * inner;
      for (long j = 0; j < inner; j += xin) std::memcpy(dst + j, src, sizeof(float) * xin);
    }
  });
}

void batchnorm(long n, long c, const float* x, const float* mean, const float* var, const float* offset,
               const float* scale, float eps, float* out) {
  std::vector<float> mul(c), add(c);
  for (long j = 0; j < c; j++) {
    // Same order of operations as the reference: (x − mean) · scale / √(var + eps) + offset.
    mul[j] = (scale ? scale[j] : 1.f) / std::sqrt(var[j] + eps);
    add[j] = offset ? offset[j] : 0.f;
  }
  pool().parallel_for(n, std::max<long>(1, (1 << 14) / std::max<long>(1, c)), [&](long r0, long r1) {
    for (long r = r0; r < r1; r++) {
      const float* xr = x + r * c;
      float* o = out + r * c;
      for (long j = 0; j < c; j++) o[j] = (xr[j] - mean[j]) * mul[j] + add[j];
    }
  });
}

}  // namespace NNFAST_ISA
}  // namespace nnfast

namespace nnfast {
namespace NNFAST_ISA {

void dropout_mask(long n, double s0, double s1, double s2, double c, float keep, float* out) {
  // Alea is a lag-3 multiply-with-carry generator on 32-bit words; its double arithmetic is exact
  // (every state is a multiple of 2^-32 and every product fits 53 bits), so the integer form gives
  // the same numbers with a short dependency chain.
  const double two32 = 4294967296.0;
  uint64_t x0 = (uint64_t)(s0 * two32), x1 = (uint64_t)(s1 * two32), x2 = (uint64_t)(s2 * two32), carry = (uint64_t)c;
  for (long i = 0; i < n; i++) {
    uint64_t t = 2091639ull * x0 + carry;
    x0 = x1;
    x1 = x2;
    carry = t >> 32;
    x2 = t & 0xffffffffull;
    float u = (float)((double)x2 * 2.3283064365386963e-10);
    out[i] = std::floor(u + keep) / keep;
  }
}

}  // namespace NNFAST_ISA
}  // namespace nnfast
