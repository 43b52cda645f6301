// The kernels of norm.h. Column sums go row by row (vectorised along the channels) with a partial
// sum per thread, in float runs of 64 rows flushed into double.
#include "norm.h"

#include <cmath>
#include <cstring>
#include <vector>

#include "threads.h"

namespace nnfast {
namespace NNFAST_ISA {

// Per thread: acc1[c] += Σ f1(row), acc2[c] += Σ f2(row) over its share of rows.
template <class F>
static void column_sums(long n, long c, int outputs, F fill, std::vector<double>& total) {
  Pool& p = pool();
  int nt = (double)n * c < (1 << 15) ? 1 : p.size();
  std::vector<double> part((size_t)nt * outputs * c, 0.0);
  auto work = [&](int t, int T) {
    long r0 = n * t / T, r1 = n * (t + 1) / T;
    std::vector<float> run((size_t)outputs * c);
    double* acc = part.data() + (size_t)t * outputs * c;
    for (long r = r0; r < r1; r += 64) {
      std::memset(run.data(), 0, run.size() * sizeof(float));
      long e = r + 64 < r1 ? r + 64 : r1;
      for (long k = r; k < e; k++) fill(k, run.data());
      for (size_t j = 0; j < run.size(); j++) acc[j] += run[j];
    }
  };
  if (nt == 1) work(0, 1);
  else p.run([&](int t, int T) { work(t, T); });
  total.assign((size_t)outputs * c, 0.0);
  for (int t = 0; t < nt; t++)
    for (size_t j = 0; j < total.size(); j++) total[j] += part[(size_t)t * outputs * c + j];
}

void moments(long n, long c, const float* x, float* mean, float* var) {
  std::vector<double> s;
  column_sums(n, c, 1, [=](long k, float* __restrict run) {
    const float* __restrict xr = x + k * c;
    for (long j = 0; j < c; j++) run[j] += xr[j];
  }, s);
  for (long j = 0; j < c; j++) mean[j] = (float)(s[j] / n);
  column_sums(n, c, 1, [=](long k, float* __restrict run) {
    const float* __restrict xr = x + k * c;
    const float* __restrict m = mean;
    for (long j = 0; j < c; j++) {
      float d = xr[j] - m[j];
      run[j] += d * d;
    }
  }, s);
  for (long j = 0; j < c; j++) var[j] = (float)(s[j] / n);
}

void moments_grad(long n, long c, const float* x, const float* mean, const float* dmean, const float* dvar, float* dx) {
  std::vector<float> a(c), b(c), m(mean, mean + c);
  for (long j = 0; j < c; j++) a[j] = dmean[j] / n, b[j] = 2.f * dvar[j] / n;
  pool().parallel_for(n, (1 << 14) / (c > 0 ? c : 1) + 1, [&](long r0, long r1) {
    const float *__restrict pa = a.data(), *__restrict pb = b.data(), *__restrict pm = m.data();
    for (long r = r0; r < r1; r++) {
      const float* __restrict xr = x + r * c;
      float* __restrict o = dx + r * c;
      for (long j = 0; j < c; j++) o[j] = pa[j] + pb[j] * (xr[j] - pm[j]);
    }
  });
}

void batchnorm_grad(long n, long c, const float* x, const float* mean, const float* var, const float* scale,
                    const float* dy, float eps, float* dx, float* dmean, float* dvar, float* dscale, float* doffset) {
  std::vector<float> m(mean, mean + c);
  std::vector<double> s;  // [Σ dy | Σ dy·(x − mean)]
  column_sums(n, c, 2, [&](long k, float* __restrict run) {
    const float *__restrict xr = x + k * c, *__restrict g = dy + k * c, *__restrict pm = m.data();
    float* __restrict r2 = run + c;
    for (long j = 0; j < c; j++) {
      run[j] += g[j];
      r2[j] += g[j] * (xr[j] - pm[j]);
    }
  }, s);
  std::vector<float> k(c);
  for (long j = 0; j < c; j++) {
    float r = 1.f / std::sqrt(var[j] + eps), sc = scale ? scale[j] : 1.f;
    k[j] = sc * r;
    dmean[j] = (float)(-r * sc * s[j]);
    dvar[j] = (float)(-0.5 * r * r * r * sc * s[c + j]);
    dscale[j] = (float)(r * s[c + j]);
    doffset[j] = (float)s[j];
  }
  if (!dx) return;
  pool().parallel_for(n, (1 << 14) / (c > 0 ? c : 1) + 1, [&](long r0, long r1) {
    const float* __restrict pk = k.data();
    for (long r = r0; r < r1; r++) {
      const float* __restrict g = dy + r * c;
      float* __restrict o = dx + r * c;
      for (long j = 0; j < c; j++) o[j] = g[j] * pk[j];
    }
  });
}

}  // namespace NNFAST_ISA
}  // namespace nnfast
