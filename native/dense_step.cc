// The kernels of dense_step.h. Training: matrix products of 4 rows or more go to the SGEMM (gemm.h,
// threaded only when large: see gemm() below); smaller ones (per-example SGD) are plain loops over the
// weights, the kernel's gradient fused with its update row by row; element-wise work stays on the
// calling thread. Inference: the threads take turns of rows through the whole network, each layer
// one product with its bias, batch norm and ReLU fused in (dense_gemm.h).
#include "dense_step.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <vector>

#include "dense_gemm.h"
#include "gemm.h"
#include "threads.h"

namespace nnfast {
namespace NNFAST_ISA {

namespace {

// Inference's rows per turn of a thread (dense_eval).
constexpr long EVAL_ROWS = 96;

// Keras's epsilon() on TF.js's CPU backends, which its crossentropy clips probabilities to.
const float LO = 1e-7f, HI = (float)(1.0 - 1e-7);

inline float clip(float v) { return v > HI ? HI : v < LO ? LO : v; }
inline bool inside(float v) { return v >= LO && v <= HI; }

float dot(const float* __restrict a, const float* __restrict b, long n) {
  float acc[16] = {0};
  long j = 0;
  for (; j + 16 <= n; j += 16)
    for (int t = 0; t < 16; t++) acc[t] += a[j + t] * b[j + t];
  float s = 0;
  for (int t = 0; t < 16; t++) s += acc[t];
  for (; j < n; j++) s += a[j] * b[j];
  return s;
}

// The SGEMM, split across the threads only when large: at the sizes of a small batch through an
// MLP the threads' hand-offs cost more than they gain, above all on a machine shared with other jobs.
void gemm(long M, long N, long K, MatView A, MatView B, float* C, long ldc) {
  if ((double)M * N * K < (double)(1 << 23)) sgemm_st(M, N, K, A, B, C, ldc, false);
  else sgemm(M, N, K, A, B, C, ldc, false);
}

// Y[n, out] = A[n, in]·W[in, out]
void product(long n, long in, long out, const float* A, const float* W, float* Y) {
  if (n >= 4) return gemm(n, out, in, {A, in, 1}, {W, out, 1}, Y, out);
  for (long r = 0; r < n; r++) {
    float* __restrict y = Y + r * out;
    const float* a = A + r * in;
    std::memset(y, 0, out * sizeof(float));
    for (long k = 0; k < in; k++) {
      const float ak = a[k];
      const float* __restrict w = W + k * out;
      for (long j = 0; j < out; j++) y[j] += ak * w[j];
    }
  }
}

// dA[n, in] = G[n, out]·Wᵀ
void input_gradient(long n, long in, long out, const float* G, const float* W, float* dA) {
  if (n >= 4) return gemm(n, in, out, {G, out, 1}, {W, 1, out}, dA, in);
  for (long r = 0; r < n; r++)
    for (long k = 0; k < in; k++) dA[r * in + k] = dot(G + r * out, W + k * out, out);
}

struct Sgd {
  float c;  // −learning rate (TF.js adds c·g)
  float m;  // momentum
  int nesterov;
  int adam;
  float b1, b2, c1, c2, eps, a1, a2;  // Adam: β₁, β₂, 1 − β₁, 1 − β₂, epsilon, 1 − β₁ᵗ, 1 − β₂ᵗ
};

// Adam on one weight (TF.js's order of operations).
inline float adam_step(float w, float g, float* m, float* v, const Sgd& s) {
  float nm = *m * s.b1 + g * s.c1;
  float nv = *v * s.b2 + (g * g) * s.c2;
  *m = nm, *v = nv;
  return ((nm / s.a1) / (std::sqrt(nv / s.a2) + s.eps)) * s.c + w;
}

// SGD on w[len] with gradient g plus the penalty's (TF.js: λ₁·step(w, −1) + λ₂·2w), through the
// momentum accumulator v when given. Returns the penalty of the new values.
double update(float* __restrict w, const float* __restrict g, long len, float l1, float l2, const Sgd& s,
              float* __restrict v, float* __restrict v2) {
  const float c = s.c, m = s.m;
  if (s.adam) {
    double p1 = 0, p2 = 0;
    for (long i = 0; i < len; i++) {
      float wi = w[i];
      float gi = g[i];
      if (l1 != 0 || l2 != 0) gi += l1 * (wi > 0 ? 1.f : wi != wi ? wi : -1.f) + l2 * (wi * 2.f);
      wi = adam_step(wi, gi, v + i, v2 + i, s);
      w[i] = wi;
      p1 += std::fabs(wi);
      p2 += (double)wi * wi;
    }
    return l1 * p1 + l2 * p2;
  }
  if (l1 == 0 && l2 == 0) {
    if (!v) {
      for (long i = 0; i < len; i++) w[i] = c * g[i] + w[i];
    } else if (!s.nesterov) {
      for (long i = 0; i < len; i++) {
        v[i] = m * v[i] + g[i];
        w[i] = c * v[i] + w[i];
      }
    } else {
      for (long i = 0; i < len; i++) {
        v[i] = m * v[i] + g[i];
        w[i] = c * (g[i] + v[i] * m) + w[i];
      }
    }
    return 0;
  }
  double p1 = 0, p2 = 0;
  for (long i = 0; i < len; i++) {
    float wi = w[i];
    float gi = g[i] + l1 * (wi > 0 ? 1.f : wi != wi ? wi : -1.f) + l2 * (wi * 2.f);
    if (v) {
      float nv = m * v[i] + gi;
      v[i] = nv;
      gi = s.nesterov ? gi + nv * m : nv;
    }
    wi = c * gi + wi;
    w[i] = wi;
    p1 += std::fabs(wi);
    p2 += (double)wi * wi;
  }
  return l1 * p1 + l2 * p2;
}

double penalty(const float* w, long len, float l1, float l2) {
  if (!w || (l1 == 0 && l2 == 0)) return 0;
  double p1 = 0, p2 = 0;
  for (long i = 0; i < len; i++) p1 += std::fabs(w[i]), p2 += (double)w[i] * w[i];
  return l1 * p1 + l2 * p2;
}

void activate(float* y, long n, long c, int act) {
  long m = n * c;
  switch (act) {
    case DA_RELU:
      for (long i = 0; i < m; i++) y[i] = y[i] > 0 ? y[i] : (y[i] != y[i] ? y[i] : 0.f);
      break;
    case DA_SIGMOID:
      for (long i = 0; i < m; i++) y[i] = 1.f / (1.f + std::exp(-y[i]));
      break;
    case DA_TANH:
      for (long i = 0; i < m; i++) y[i] = std::tanh(y[i]);
      break;
    case DA_SOFTMAX:
      for (long r = 0; r < n; r++) {
        float* row = y + r * c;
        float mx = row[0], s = 0;
        for (long j = 1; j < c; j++) mx = row[j] > mx ? row[j] : mx;
        for (long j = 0; j < c; j++) s += (row[j] = std::exp(row[j] - mx));
        for (long j = 0; j < c; j++) row[j] /= s;
      }
      break;
    default:
      break;
  }
}

// g ← dL/d(pre-activation), given g = dL/dy and y.
void activate_backward(float* g, const float* y, long n, long c, int act) {
  long m = n * c;
  switch (act) {
    case DA_RELU:
      for (long i = 0; i < m; i++) g[i] = y[i] > 0 ? g[i] : 0.f;
      break;
    case DA_SIGMOID:
      for (long i = 0; i < m; i++) g[i] *= y[i] * (1.f - y[i]);
      break;
    case DA_TANH:
      for (long i = 0; i < m; i++) g[i] *= 1.f - y[i] * y[i];
      break;
    case DA_SOFTMAX:
      for (long r = 0; r < n; r++) {
        float* gr = g + r * c;
        const float* yr = y + r * c;
        float s = 0;
        for (long j = 0; j < c; j++) s += gr[j] * yr[j];
        for (long j = 0; j < c; j++) gr[j] = gr[j] * yr[j] - s * yr[j];
      }
      break;
    default:
      break;
  }
}

// Training-mode batch norm of p [n, c] into L.xhat with the batch's statistics, then y = γ·x̂ + β;
// the moving statistics move toward the batch's (TF.js: v − (v − batch)·(1 − momentum)).
void normalize(DenseLayer& L, const float* p, long n, float* y, float* xhat) {
  const long c = L.out;
  float *mean = L.bmean, *rstd = L.brstd;
  thread_local std::vector<double> acc;
  acc.assign(2 * c, 0.0);
  double *__restrict s1 = acc.data(), *__restrict s2 = acc.data() + c;
  for (long r = 0; r < n; r++)
    for (long j = 0; j < c; j++) s1[j] += p[r * c + j];
  for (long j = 0; j < c; j++) mean[j] = (float)(s1[j] / n);
  for (long r = 0; r < n; r++)
    for (long j = 0; j < c; j++) {
      float d = p[r * c + j] - mean[j];
      s2[j] += (double)d * d;
    }
  for (long j = 0; j < c; j++) {
    float var = (float)(s2[j] / n);
    rstd[j] = 1.f / std::sqrt(var + L.eps);
    L.mean[j] = L.mean[j] - (L.mean[j] - mean[j]) * L.decay;
    L.var[j] = L.var[j] - (L.var[j] - var) * L.decay;
  }
  for (long r = 0; r < n; r++) {
    const float* pr = p + r * c;
    float *xr = xhat + r * c, *yr = y + r * c;
    for (long j = 0; j < c; j++) {
      xr[j] = (pr[j] - mean[j]) * rstd[j];
      yr[j] = L.gamma[j] * xr[j] + L.beta[j];
    }
  }
}

// g ← dL/dp from g = dL/dy (training-mode batch norm); γ and β take their SGD step.
void normalize_backward(DenseLayer& L, float* g, long n, const Sgd& sgd, float* tmp) {
  const long c = L.out;
  float *dgamma = tmp, *dbeta = tmp + c;
  thread_local std::vector<double> acc;
  acc.assign(2 * c, 0.0);
  double *__restrict sg = acc.data(), *__restrict sgx = acc.data() + c;
  for (long r = 0; r < n; r++)
    for (long j = 0; j < c; j++) sg[j] += g[r * c + j], sgx[j] += (double)g[r * c + j] * L.xhat[r * c + j];
  for (long j = 0; j < c; j++) dbeta[j] = (float)sg[j], dgamma[j] = (float)sgx[j];
  for (long r = 0; r < n; r++) {
    float *gr = g + r * c;
    const float* xr = L.xhat + r * c;
    for (long j = 0; j < c; j++)
      gr[j] = L.gamma[j] * L.brstd[j] / n * (n * gr[j] - dbeta[j] - xr[j] * dgamma[j]);
  }
  update(L.gamma, dgamma, c, 0, 0, sgd, L.vgamma, L.sgamma);
  update(L.beta, dbeta, c, 0, 0, sgd, L.vbeta, L.sbeta);
}

// Training's forward pass of n samples into every layer's buffers.
void forward(DenseNet& net, const float* x, long n) {
  const float* a = x;
  for (int l = 0; l < net.layers; l++) {
    DenseLayer& L = net.L[l];
    float* y = L.y;
    float* xhat = L.bn ? L.xhat : nullptr;
    float* p = L.bn ? xhat : y;
    product(n, L.in, L.out, a, L.w, p);
    if (L.b)
      for (long r = 0; r < n; r++)
        for (long j = 0; j < L.out; j++) p[r * L.out + j] += L.b[j];
    if (L.bn) normalize(L, p, n, y, xhat);
    activate(y, n, L.out, L.act);
    a = y;
  }
}

// Keras's crossentropy on TF.js for rows p of probabilities: sparse labels clip p first; both
// divide by the row's sum and clip again. Adds Σ loss and the number correct to out; dp (when not
// null) gets the gradient of the mean loss over `scale` = 1/n.
void crossentropy(const DenseNet& net, const float* p, long c, const float* y, const int* idx, long start, long n,
                  float* dp, float scale, float* tmp, double* out) {
  for (long r = 0; r < n; r++) {
    const long s = idx ? idx[r] : start + r;
    const float* pr = p + r * c;
    float* p1 = tmp;
    float* q = tmp + c;
    const float* t = net.categorical ? y + s * c : nullptr;
    const long label = net.categorical ? -1 : (long)std::floor(y[s]);
    float sum = 0;
    for (long j = 0; j < c; j++) sum += (p1[j] = net.categorical ? pr[j] : clip(pr[j]));
    float loss = 0;
    for (long j = 0; j < c; j++) {
      q[j] = p1[j] / sum;
      float tj = t ? t[j] : (j == label ? 1.f : 0.f);
      if (tj != 0) loss += tj * std::log(clip(q[j]));
    }
    out[0] += -loss;
    long best = 0, want = label;
    for (long j = 1; j < c; j++) best = pr[j] > pr[best] ? j : best;
    if (t) {
      want = 0;
      for (long j = 1; j < c; j++) want = t[j] > t[want] ? j : want;
    }
    out[1] += best == want;
    if (!dp) continue;
    float* d = dp + r * c;
    float ds = 0;
    for (long j = 0; j < c; j++) {
      float tj = t ? t[j] : (j == label ? 1.f : 0.f);
      d[j] = inside(q[j]) ? -(scale * tj) / clip(q[j]) : 0.f;
      ds += d[j] * p1[j];
    }
    ds = -ds / (sum * sum);
    for (long j = 0; j < c; j++) {
      d[j] = d[j] / sum + ds;
      if (!t && !inside(pr[j])) d[j] = 0.f;
    }
  }
}

}  // namespace

void dense_train(DenseNet& net, const float* x, const float* y, const int* idx, long n, double* out) {
  const long in0 = net.L[0].in;
  for (long r = 0; r < n; r++) std::memcpy(net.x + r * in0, x + (long)idx[r] * in0, in0 * sizeof(float));
  forward(net, net.x, n);
  DenseLayer& last = net.L[net.layers - 1];
  out[0] = out[1] = 0;
  float *g = net.g1, *h = net.g2;
  crossentropy(net, last.y, last.out, y, idx, 0, n, g, 1.f / n, net.dv, out);
  const Sgd sgd{-net.lr, net.momentum, net.nesterov, net.adam, net.beta1, net.beta2, net.one_beta1, net.one_beta2,
                net.eps, net.a1, net.a2};
  double pen = 0;
  for (int l = net.layers - 1; l >= 0; l--) {
    DenseLayer& L = net.L[l];
    const long in = L.in, o = L.out;
    activate_backward(g, L.y, n, o, L.act);
    if (L.bn) normalize_backward(L, g, n, sgd, net.dv);
    const float* a = l ? net.L[l - 1].y : net.x;
    if (l) input_gradient(n, in, o, g, L.w, h);
    if (n >= 4) {
      gemm(in, o, n, {a, 1, in}, {g, o, 1}, net.dw, o);
      pen += update(L.w, net.dw, in * o, L.l1w, L.l2w, sgd, L.vw, L.sw);
    } else {
      float* __restrict row = net.dv;
      for (long k = 0; k < in; k++) {
        const float a0 = a[k];
        const float* __restrict g0 = g;
        for (long j = 0; j < o; j++) row[j] = a0 * g0[j];
        for (long r = 1; r < n; r++) {
          const float ar = a[r * in + k];
          const float* __restrict gr = g + r * o;
          for (long j = 0; j < o; j++) row[j] += ar * gr[j];
        }
        pen += update(L.w + k * o, row, o, L.l1w, L.l2w, sgd, L.vw ? L.vw + k * o : nullptr, L.sw ? L.sw + k * o : nullptr);
      }
    }
    if (L.b) {
      float* db = net.dv;
      for (long j = 0; j < o; j++) db[j] = 0;
      for (long r = 0; r < n; r++)
        for (long j = 0; j < o; j++) db[j] += g[r * o + j];
      pen += update(L.b, db, o, L.l1b, L.l2b, sgd, L.vb, L.sb);
    }
    std::swap(g, h);
  }
  out[2] = pen;
}

void dense_eval(DenseNet& net, const float* x, const float* y, long n, float* probs, double* out) {
  if (out) out[0] = out[1] = 0;
  if (n <= 0) return;
  const DenseLayer& last = net.L[net.layers - 1];
  const long c = last.out, in0 = net.L[0].in;
  // Every layer's kernel packed once for all the threads, then its epilogue's vectors.
  long size = 0, widest = 0;
  for (int l = 0; l < net.layers; l++) {
    const DenseLayer& L = net.L[l];
    size += packed_cols(L.out) * (L.in + 1 + 4 * (L.bn != 0));
    if (l < net.layers - 1) widest = std::max(widest, L.out);
  }
  std::vector<float> packed(size, 0.f);
  Epilogue epi[DENSE_MAX_LAYERS];
  const float* panels[DENSE_MAX_LAYERS];
  float* p = packed.data();
  for (int l = 0; l < net.layers; l++) {
    const DenseLayer& L = net.L[l];
    const long cols = packed_cols(L.out);
    pack_panels(L.in, L.out, L.w, p);
    panels[l] = p;
    p += cols * L.in;
    epi[l] = {nullptr, nullptr, nullptr, nullptr, nullptr, L.act == DA_RELU};
    if (L.b) std::memcpy(p, L.b, L.out * sizeof(float)), epi[l].bias = p;
    p += cols;
    if (!L.bn) continue;
    float *mean = p, *rstd = p + cols, *gamma = p + 2 * cols, *beta = p + 3 * cols;
    for (long j = 0; j < L.out; j++)
      mean[j] = L.mean[j], rstd[j] = 1.f / std::sqrt(L.var[j] + L.eps), gamma[j] = L.gamma[j], beta[j] = L.beta[j];
    epi[l].mean = mean, epi[l].rstd = rstd, epi[l].gamma = gamma, epi[l].beta = beta;
    p += 4 * cols;
  }
  std::vector<float> own;
  float* dst = probs;
  if (!dst) own.resize(n * c), dst = own.data();
  // The threads take EVAL_ROWS rows at a time through the whole network until none are left: one
  // hand-off per call, and a thread that loses its core for a while leaves the rows to the other.
  const bool split = n > EVAL_ROWS && pool().size() > 1;
  std::vector<float> scratch((split ? pool().size() : 1) * 2 * EVAL_ROWS * widest);
  std::atomic<long> next{0};
  auto rows = [&](int part, int) {
    float* act = scratch.data() + part * 2 * EVAL_ROWS * widest;
    for (long s; (s = next.fetch_add(EVAL_ROWS)) < n;) {
      const long m = std::min(EVAL_ROWS, n - s);
      const float* a = x + s * in0;
      for (int l = 0; l < net.layers; l++) {
        const DenseLayer& L = net.L[l];
        float* o = l == net.layers - 1 ? dst + s * c : act + (l % 2) * EVAL_ROWS * widest;
        gemm_packed(m, L.out, L.in, a, L.in, panels[l], o, L.out, epi[l]);
        if (L.act != DA_RELU) activate(o, m, L.out, L.act);
        a = o;
      }
    }
  };
  if (split) pool().run(rows);
  else rows(0, 1);
  if (y && out) crossentropy(net, dst, c, y, nullptr, 0, n, nullptr, 0, net.dv, out);
}

double dense_penalty(const DenseNet& net) {
  double p = 0;
  for (int l = 0; l < net.layers; l++) {
    const DenseLayer& L = net.L[l];
    p += penalty(L.w, L.in * L.out, L.l1w, L.l2w) + penalty(L.b, L.out, L.l1b, L.l2b);
  }
  return p;
}

}  // namespace NNFAST_ISA
}  // namespace nnfast
