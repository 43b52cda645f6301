// The kernels of step.h. Training: matrix products of 4 rows or more go to the SGEMM (gemm.h,
// threaded only when large: see gemm() below); smaller ones (per-example SGD) are plain loops over the
// weights, the kernel's gradient fused with its update row by row; a dense layer's element-wise work
// stays on the calling thread; a convolution's goes through the backend's own kernels (conv.h, norm.h,
// pool2d.h: the same values as TF.js's ops on this backend) and passes over rows split across the
// threads. Inference of a dense chain: the threads take turns of rows through the whole network,
// each layer one product with its bias, batch norm and ReLU fused in (dense_gemm.h); of a chain with
// convolutions: chunks of samples through the training kernels.
#include "step.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "conv.h"
#include "dense_gemm.h"
#include "elementwise.h"
#include "gemm.h"
#include "norm.h"
#include "pool2d.h"
#include "threads.h"

namespace nnfast {
namespace NNFAST_ISA {

namespace {

// Adds the time from its construction to its destruction to a phase of the step.
struct Timed {
  using clock = std::chrono::steady_clock;
  double* slot;
  clock::time_point t0;
  explicit Timed(double* s) : slot(s), t0(s ? clock::now() : clock::time_point()) {}
  ~Timed() {
    if (slot) *slot += std::chrono::duration<double, std::milli>(clock::now() - t0).count();
  }
};
// The net's phase_ms while it trains (inference, which may run on several threads, is not timed).
thread_local double* phases = nullptr;
#define TIMED(p) Timed timed_##p(phases ? phases + (p) : nullptr)
// Inference's rows per turn of a thread (step_eval).
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
double update_part(float* __restrict w, const float* __restrict g, long len, float l1, float l2, const Sgd& s,
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

// update_part, split across the threads when the weights are many (a convolution's kernel): each
// part's penalty sums are added in the parts' order, so a run is the same for the same thread count.
double update(float* w, const float* g, long len, float l1, float l2, const Sgd& s, float* v, float* v2) {
  const long grain = 1 << 16;
  const int parts = len < 2 * grain ? 1 : pool().size();
  if (parts == 1) return update_part(w, g, len, l1, l2, s, v, v2);
  std::vector<double> pen(parts, 0.0);
  pool().run([&](int part, int n) {
    const long lo = len * part / n, hi = len * (part + 1) / n;
    if (hi > lo) pen[part] = update_part(w + lo, g + lo, hi - lo, l1, l2, s, v ? v + lo : nullptr, v2 ? v2 + lo : nullptr);
  });
  double total = 0;
  for (double p : pen) total += p;
  return total;
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

// Batch norm's moving statistics of channel j move toward the batch's, as TF.js moves them:
// v − (v − batch)·(1 − momentum).
inline void move_toward(StepLayer& L, long j, float mean, float var) {
  L.mean[j] = L.mean[j] - (L.mean[j] - mean) * L.decay;
  L.var[j] = L.var[j] - (L.var[j] - var) * L.decay;
}

// Batch norm of p [n, c] into xhat, then y = γ·x̂ + β. Training: the batch's statistics, and the
// moving ones move toward them (move_toward); else the moving ones (the
// dense head of a chain with convolutions, in inference).
void normalize(StepLayer& L, const float* p, long n, bool training, float* y, float* xhat) {
  const long c = L.out;
  thread_local std::vector<float> own;
  if (!training) own.resize(2 * c);
  float* mean = training ? L.bmean : own.data();
  float* rstd = training ? L.brstd : own.data() + c;
  if (training) {
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
      move_toward(L, j, mean[j], var);
    }
  } else {
    for (long j = 0; j < c; j++) mean[j] = L.mean[j], rstd[j] = 1.f / std::sqrt(L.var[j] + L.eps);
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
void normalize_backward(StepLayer& L, float* g, long n, const Sgd& sgd, float* tmp) {
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

// A layer's output: its last op's (dropout only in training), or its activation's.
float* unit_output(const StepLayer& L, bool training) {
  for (int i = L.nops - 1; i >= 0; i--)
    if (training || L.ops[i].kind != OP_DROPOUT) return L.ops[i].y;
  return L.y;
}

// Rows of c channels split across the threads in blocks of about 16K values.
template <class F>
void by_rows(long rows, long c, F f) {
  pool().parallel_for(rows, std::max<long>(1, (1 << 14) / std::max<long>(1, c)), f);
}

// Whether the layer's first op is a dropout the convolution's pass applies (training only).
inline bool dropout_first(const StepLayer& L, bool training) {
  return training && L.nops && L.ops[0].kind == OP_DROPOUT;
}

// A convolution with its bias, batch norm, activation and (when dropout_first) the dropout after
// it over the n samples of a, through the kernels TF.js's ops call on this backend (moments, and the
// moving averages as TF.js), the element-wise steps in one pass with TF.js's order of operations.
void conv_forward(StepLayer& L, const float* a, long n, bool training) {
  ConvShape s = L.cs;
  s.n = (int)n;
  const long rows = n * L.sp, c = L.out;
  const bool drop = dropout_first(L, training);
  const bool act_in_conv = !L.bn && (L.act == DA_RELU || L.act == DA_LINEAR);
  {
    TIMED(PH_CONV);
    conv2d(s, a, L.w, L.b, act_in_conv ? L.act : ACT_LINEAR, 0.f, L.bn ? L.pre : L.y);
  }
  if (drop) {
    TIMED(PH_DROPOUT);
    const ChainOp& op = L.ops[0];
    dropout_mask(rows * c, op.state[0], op.state[1], op.state[2], op.state[3], op.keep, op.mask);
  }
  if (L.bn && training) {
    TIMED(PH_BN);
    moments(rows, c, L.pre, L.bmean, L.bvar);
    for (long j = 0; j < c; j++) move_toward(L, j, L.bmean[j], L.bvar[j]);
  }
  if (!L.bn && act_in_conv && !drop) return;
  TIMED(PH_ACT);
  // Batch norm as the kernel: (x − mean) · (scale / √(var + eps)) + offset.
  std::vector<float> mul(c), add(c);
  const float* mean = training ? L.bmean : L.mean;
  const float* var = training ? L.bvar : L.var;
  for (long j = 0; j < c; j++) mul[j] = L.gamma ? L.gamma[j] / std::sqrt(var[j] + L.eps) : 0.f, add[j] = L.beta ? L.beta[j] : 0.f;
  const int act = act_in_conv ? DA_LINEAR : L.act;
  float* dropped = drop ? L.ops[0].y : nullptr;
  const float* mask = drop ? L.ops[0].mask : nullptr;
  const float* pre = L.bn ? L.pre : nullptr;
  float* out = L.y;
  by_rows(rows, c, [&](long r0, long r1) {
    const float *__restrict m = mean, *__restrict mu = mul.data(), *__restrict ad = add.data();
    for (long r = r0; r < r1; r++) {
      float* __restrict y = out + r * c;
      if (pre) {
        const float* __restrict p = pre + r * c;
        for (long j = 0; j < c; j++) y[j] = (p[j] - m[j]) * mu[j] + ad[j];
      }
      activate(y, 1, c, act);
      if (dropped) {
        const float *__restrict k = mask + r * c, *__restrict yr = y;
        float* __restrict d = dropped + r * c;
        for (long j = 0; j < c; j++) d[j] = yr[j] * k[j];
      }
    }
  });
}

// The gradient of max pooling, as the kernel's (each window's gradient to the first position
// holding its maximum y; none for a window of −∞ or NaN), for windows that do not overlap (stride =
// window): every input position then takes one window's value or zero, found from x = y in loops
// the compiler vectorises, rather than by a search for the maximum again.
void maxpool_grad_tiled(const ConvShape& s, const float* x, const float* y, const float* dy, float* dx) {
  const long in = (long)s.h * s.w * s.c, out = (long)s.oh * s.ow * s.c;
  const bool covered = s.pt == 0 && s.pl == 0 && s.oh * s.sh == s.h && s.ow * s.sw == s.w;
  pool().parallel_for(s.n, 1, [&](long a, long b) {
    const int C = s.c;  // (the lambda's own: stores to `found` could change s.c, for all the compiler knows)
    std::vector<int> seen(s.c);
    const float lowest = -std::numeric_limits<float>::infinity();
    for (long n = a; n < b; n++) {
      const float* xn = x + n * in;
      float* dn = dx + n * in;
      if (!covered) std::memset(dn, 0, in * sizeof(float));
      for (int oh = 0; oh < s.oh; oh++)
        for (int ow = 0; ow < s.ow; ow++) {
          const long o = n * out + ((long)oh * s.ow + ow) * s.c;
          const float *__restrict yo = y + o, *__restrict go = dy + o;
          int* __restrict found = seen.data();
          for (int c = 0; c < C; c++) found[c] = 0;
          for (int i = 0; i < s.kh; i++) {
            const int ih = oh * s.sh - s.pt + i;
            if (ih < 0 || ih >= s.h) continue;
            for (int j = 0; j < s.kw; j++) {
              const int iw = ow * s.sw - s.pl + j;
              if (iw < 0 || iw >= s.w) continue;
              const long base = ((long)ih * s.w + iw) * s.c;
              const float* __restrict xi = xn + base;
              float* __restrict di = dn + base;
              for (int c = 0; c < C; c++) {
                const float v = go[c], m = yo[c];  // (loaded unconditionally: a select, not a branch)
                const int take = (found[c] == 0) & (xi[c] == m) & (m > lowest);
                di[c] = take ? v : 0.f;
                found[c] |= take;
              }
            }
          }
        }
    }
  });
}

// The ops after the activation (dropout, max pooling) on n samples.
void ops_forward(StepLayer& L, long n, bool training) {
  const float* in = L.y;
  long size = L.sp * L.out;
  for (int i = 0; i < L.nops; i++) {
    ChainOp& op = L.ops[i];
    if (op.kind == OP_DROPOUT) {
      if (!training) continue;
      if (i == 0 && L.conv) {  // conv_forward applied it
        in = op.y, size = op.size;
        continue;
      }
      TIMED(PH_DROPOUT);
      const long m = n * size;
      dropout_mask(m, op.state[0], op.state[1], op.state[2], op.state[3], op.keep, op.mask);
      for (long j = 0; j < m; j++) op.y[j] = in[j] * op.mask[j];
    } else {
      TIMED(PH_POOL);
      ConvShape s = op.ps;
      s.n = (int)n;
      maxpool(s, in, op.y);
    }
    in = op.y;
    size = op.size;
  }
}

// n samples through every layer into its buffers: training, or inference of a chain with
// convolutions (a dense chain's inference is step_eval's own).
void forward(StepNet& net, const float* x, long n, bool training) {
  const float* a = x;
  for (int l = 0; l < net.layers; l++) {
    StepLayer& L = net.L[l];
    if (L.conv) {
      conv_forward(L, a, n, training);
    } else {
      float* y = L.y;
      float* xhat = L.bn ? L.xhat : nullptr;
      float* p = L.bn ? xhat : y;
      {
        TIMED(PH_DENSE);
        product(n, L.in, L.out, a, L.w, p);
        if (L.b)
          for (long r = 0; r < n; r++)
            for (long j = 0; j < L.out; j++) p[r * L.out + j] += L.b[j];
      }
      if (L.bn) {
        TIMED(PH_BN);
        normalize(L, p, n, training, y, xhat);
      }
      TIMED(PH_ACT);
      activate(y, n, L.out, L.act);
    }
    ops_forward(L, n, training);
    a = unit_output(L, training);
  }
}

// Keras's crossentropy on TF.js for rows p of probabilities: sparse labels clip p first; both
// divide by the row's sum and clip again. Adds Σ loss and the number correct to out; dp (when not
// null) gets the gradient of the mean loss over `scale` = 1/n.
void crossentropy(const StepNet& net, const float* p, long c, const float* y, const int* idx, long start, long n,
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

namespace {

// g (the gradient at the layer's output) back through its ops to its activation's output; h is
// scratch of the same size. Returns where the gradient now is (g or h).
float* ops_backward(StepLayer& L, float* g, float* h, long n) {
  for (int i = L.nops - 1; i >= (dropout_first(L, true) && L.conv ? 1 : 0); i--) {
    ChainOp& op = L.ops[i];
    if (op.kind == OP_DROPOUT) {
      TIMED(PH_DROPOUT);
      const long m = n * op.size;
      for (long j = 0; j < m; j++) g[j] = g[j] * op.mask[j];
    } else {
      TIMED(PH_POOL_GRAD);
      ConvShape s = op.ps;
      s.n = (int)n;
      const float* in = i ? L.ops[i - 1].y : L.y;
      if (s.sh == s.kh && s.sw == s.kw) maxpool_grad_tiled(s, in, op.y, g, h);
      else maxpool_grad(s, in, g, h);
      std::swap(g, h);
    }
  }
  return g;
}

// A convolution's backward pass from g = dL/d(activation's output): batch norm's gradient as TF.js's
// kernels compute it (its γ, β step), the bias and filter gradients and their steps, and (when
// want_dx) the gradient of its input, into h. Returns the penalty of the updated weights.
double conv_backward(StepNet& net, StepLayer& L, const float* a, float*& g, float*& h, long n, const Sgd& sgd,
                     bool want_dx) {
  ConvShape s = L.cs;
  s.n = (int)n;
  const long rows = n * L.sp, c = L.out;
  {
    // The dropout's gradient (when its first op), then the activation's, in one pass.
    TIMED(PH_ACT_GRAD);
    const float* mask = dropout_first(L, true) ? L.ops[0].mask : nullptr;
    const int act = L.act;
    const float* y = L.y;
    float* grad = g;
    by_rows(rows, c, [&](long r0, long r1) {
      float* __restrict gr = grad + r0 * c;
      const long m = (r1 - r0) * c;
      if (mask) {
        const float* __restrict k = mask + r0 * c;
        for (long i = 0; i < m; i++) gr[i] = gr[i] * k[i];
      }
      activate_backward(gr, y + r0 * c, r1 - r0, c, act);
    });
  }
  if (L.bn) {
    TIMED(PH_BN_GRAD);
    float *dmean = net.dv, *dvar = net.dv + c, *dgamma = net.dv + 2 * c, *dbeta = net.dv + 3 * c;
    batchnorm_grad(rows, c, L.pre, L.bmean, L.bvar, L.gamma, g, L.eps, nullptr, dmean, dvar, dgamma, dbeta);
    // As TF.js adds them: batch norm's input gradient dy·k and the moments' dmean/n + 2·dvar/n·(x − mean).
    std::vector<float> k(c), pa(c), pb(c);
    for (long j = 0; j < c; j++) {
      k[j] = L.gamma[j] * (1.f / std::sqrt(L.bvar[j] + L.eps));
      pa[j] = dmean[j] / rows, pb[j] = 2.f * dvar[j] / rows;
    }
    const float *grad = g, *pre = L.pre, *bmean = L.bmean;
    float* out = h;
    by_rows(rows, c, [&](long r0, long r1) {
      const float *__restrict pk = k.data(), *__restrict a = pa.data(), *__restrict b = pb.data(), *__restrict m = bmean;
      for (long r = r0; r < r1; r++) {
        const float *__restrict gr = grad + r * c, *__restrict xr = pre + r * c;
        float* __restrict hr = out + r * c;
        for (long j = 0; j < c; j++) hr[j] = gr[j] * pk[j] + (a[j] + b[j] * (xr[j] - m[j]));
      }
    });
    std::swap(g, h);
    update(L.gamma, dgamma, c, 0, 0, sgd, L.vgamma, L.sgamma);
    update(L.beta, dbeta, c, 0, 0, sgd, L.vbeta, L.sbeta);
  }
  double pen = 0;
  if (L.b) {
    {
      TIMED(PH_BIAS_GRAD);
      reduce_sum(1, rows, c, g, net.dv, 1.0);
    }
    TIMED(PH_UPDATE);
    pen += update(L.b, net.dv, c, L.l1b, L.l2b, sgd, L.vb, L.sb);
  }
  if (want_dx) {
    TIMED(PH_CONV_DX);
    conv2d_backprop_input(s, g, L.w, h);
  }
  {
    TIMED(PH_CONV_DW);
    conv2d_backprop_filter(s, a, g, net.dw);
  }
  TIMED(PH_UPDATE);
  return pen + update(L.w, net.dw, kernel_size(L), L.l1w, L.l2w, sgd, L.vw, L.sw);
}

}  // namespace

void step_train(StepNet& net, const float* x, const float* y, const int* idx, long n, double* out) {
  phases = net.phase_ms;
  const long in0 = net.L[0].in;
  {
    TIMED(PH_GATHER);
    for (long r = 0; r < n; r++) std::memcpy(net.x + r * in0, x + (long)idx[r] * in0, in0 * sizeof(float));
  }
  forward(net, net.x, n, true);
  StepLayer& last = net.L[net.layers - 1];
  out[0] = out[1] = 0;
  float *g = net.g1, *h = net.g2;
  {
    TIMED(PH_LOSS);
    crossentropy(net, unit_output(last, true), last.out, y, idx, 0, n, g, 1.f / n, net.dv, out);
  }
  const Sgd sgd{-net.lr, net.momentum, net.nesterov, net.adam, net.beta1, net.beta2, net.one_beta1, net.one_beta2,
                net.eps, net.a1, net.a2};
  double pen = 0;
  for (int l = net.layers - 1; l >= 0; l--) {
    StepLayer& L = net.L[l];
    const long in = L.in, o = L.out;
    const float* a = l ? unit_output(net.L[l - 1], true) : net.x;
    g = ops_backward(L, g, h, n);
    h = g == net.g1 ? net.g2 : net.g1;
    if (L.conv) {
      pen += conv_backward(net, L, a, g, h, n, sgd, l > 0);
      std::swap(g, h);
      continue;
    }
    {
      TIMED(PH_ACT_GRAD);
      activate_backward(g, L.y, n, o, L.act);
    }
    if (L.bn) {
      TIMED(PH_BN_GRAD);
      normalize_backward(L, g, n, sgd, net.dv);
    }
    if (l) {
      TIMED(PH_DENSE_DX);
      input_gradient(n, in, o, g, L.w, h);
    }
    if (n >= 4) {
      {
        TIMED(PH_DENSE_DW);
        gemm(in, o, n, {a, 1, in}, {g, o, 1}, net.dw, o);
      }
      TIMED(PH_UPDATE);
      pen += update(L.w, net.dw, in * o, L.l1w, L.l2w, sgd, L.vw, L.sw);
    } else {
      TIMED(PH_DENSE_DW);
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
      TIMED(PH_BIAS_GRAD);
      float* db = net.dv;
      for (long j = 0; j < o; j++) db[j] = 0;
      for (long r = 0; r < n; r++)
        for (long j = 0; j < o; j++) db[j] += g[r * o + j];
      pen += update(L.b, db, o, L.l1b, L.l2b, sgd, L.vb, L.sb);
    }
    std::swap(g, h);
  }
  out[2] = pen;
  phases = nullptr;
}

void step_eval(StepNet& net, const float* x, const float* y, long n, float* probs, double* out) {
  if (out) out[0] = out[1] = 0;
  if (n <= 0) return;
  const StepLayer& last = net.L[net.layers - 1];
  const long c = last.out, in0 = net.L[0].in;
  if (net.has_conv) {
    // Chunks of max_batch samples through the training buffers; the kernels split the work.
    for (long s = 0; s < n; s += net.max_batch) {
      const long m = std::min(net.max_batch, n - s);
      forward(net, x + s * in0, m, false);
      const float* p = unit_output(last, false);
      if (probs) std::memcpy(probs + s * c, p, m * c * sizeof(float));
      if (y && out) crossentropy(net, p, c, y, nullptr, s, m, nullptr, 0, net.dv, out);
    }
    return;
  }
  // Every layer's kernel packed once for all the threads, then its epilogue's vectors.
  long size = 0, widest = 0;
  for (int l = 0; l < net.layers; l++) {
    const StepLayer& L = net.L[l];
    size += packed_cols(L.out) * (L.in + 1 + 4 * (L.bn != 0));
    if (l < net.layers - 1) widest = std::max(widest, L.out);
  }
  std::vector<float> packed(size, 0.f);
  Epilogue epi[STEP_MAX_LAYERS];
  const float* panels[STEP_MAX_LAYERS];
  float* p = packed.data();
  for (int l = 0; l < net.layers; l++) {
    const StepLayer& L = net.L[l];
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
        const StepLayer& L = net.L[l];
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

double step_penalty(const StepNet& net) {
  double p = 0;
  for (int l = 0; l < net.layers; l++) {
    const StepLayer& L = net.L[l];
    p += penalty(L.w, kernel_size(L), L.l1w, L.l2w) + penalty(L.b, L.out, L.l1b, L.l2b);
  }
  return p;
}

}  // namespace NNFAST_ISA
}  // namespace nnfast
