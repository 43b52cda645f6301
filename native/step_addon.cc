// N-API entry points of the compiled step (step.h): stepNet builds a StepNet over the
// weights' own Float32Arrays (kept alive by references) with its scratch memory, as an external
// handle; stepTrain, stepEval and stepPenalty run on it. Compiled once, like addon.cc.
#include <node_api.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "kernels.h"

namespace nnfast {

namespace {

struct Handle {
  StepNet net;
  float* scratch = nullptr;  // calloc'd: a failed allocation is an error for JavaScript, not an abort
  long scratch_floats = 0;
  std::vector<napi_ref> refs;
};

void* typed(napi_env env, napi_value v, size_t* length = nullptr) {
  bool is = false;
  napi_is_typedarray(env, v, &is);
  if (!is) return nullptr;
  napi_typedarray_type t;
  size_t len, off;
  void* p = nullptr;
  napi_value buf;
  napi_get_typedarray_info(env, v, &t, &len, &p, &buf, &off);
  if (length) *length = len;
  return p;
}

double number(napi_env env, napi_value v) {
  double d = 0;
  napi_get_value_double(env, v, &d);
  return d;
}

napi_value undefined(napi_env env) {
  napi_value u;
  napi_get_undefined(env, &u);
  return u;
}

Handle* handle(napi_env env, napi_value v) {
  void* p = nullptr;
  napi_get_value_external(env, v, &p);
  return static_cast<Handle*>(p);
}

void finalize(napi_env env, void* data, void*) {
  Handle* h = static_cast<Handle*>(data);
  int64_t left;
  napi_adjust_external_memory(env, -(int64_t)(h->scratch_floats * sizeof(float)), &left);
  std::free(h->scratch);
  for (napi_ref r : h->refs) napi_delete_reference(env, r);
  delete h;
}

// The numbers of a layer in stepNet's layers array: in, out, act, bn, l1w, l2w, l1b, l2b, eps, decay;
// conv (0/1) and its shape h, w, c, kh, kw, co, oh, ow, sh, sw, dh, dw, pt, pl; the number of ops,
// then CHAIN_MAX_OPS ops of OP_NUMBERS each: kind, keep, size per sample, and the pooling's h, w, c,
// kh, kw, oh, ow, sh, sw, pt, pl.
constexpr int OP_NUMBERS = 14;
constexpr int LAYER_NUMBERS = 26 + CHAIN_MAX_OPS * OP_NUMBERS;

void read_layer(const double* q, StepLayer& L) {
  L.in = (long)q[0], L.out = (long)q[1], L.act = (int)q[2], L.bn = (int)q[3];
  L.l1w = (float)q[4], L.l2w = (float)q[5], L.l1b = (float)q[6], L.l2b = (float)q[7];
  L.eps = (float)q[8], L.decay = (float)q[9];
  L.conv = (int)q[10];
  ConvShape& s = L.cs;
  s.n = 0, s.h = (int)q[11], s.w = (int)q[12], s.c = (int)q[13], s.kh = (int)q[14], s.kw = (int)q[15], s.co = (int)q[16];
  s.oh = (int)q[17], s.ow = (int)q[18], s.sh = (int)q[19], s.sw = (int)q[20], s.dh = (int)q[21], s.dw = (int)q[22];
  s.pt = (int)q[23], s.pl = (int)q[24];
  L.sp = L.conv ? (long)s.oh * s.ow : 1;
  L.nops = std::min(std::max((int)q[25], 0), CHAIN_MAX_OPS);
  for (int i = 0; i < L.nops; i++) {
    const double* o = q + 26 + i * OP_NUMBERS;
    ChainOp& op = L.ops[i];
    op.kind = (int)o[0], op.keep = (float)o[1], op.size = (long)o[2];
    ConvShape& p = op.ps;
    p.n = 0, p.h = (int)o[3], p.w = (int)o[4], p.c = p.co = (int)o[5], p.kh = (int)o[6], p.kw = (int)o[7];
    p.oh = (int)o[8], p.ow = (int)o[9], p.sh = (int)o[10], p.sw = (int)o[11], p.dh = p.dw = 1;
    p.pt = (int)o[12], p.pl = (int)o[13];
  }
}

// stepNet(header Float64Array [layers, categorical, lr, maxBatch, momentum, nesterov, adam, β₁, β₂,
// 1 − β₁, 1 − β₂, epsilon], layers Float64Array (LAYER_NUMBERS per layer), arrays (14 per layer: w,
// b, gamma, beta, mean, var, the momentum accumulators or Adam's first moments of w, b, gamma, beta,
// then Adam's second moments; null where absent)) → handle
napi_value StepNetNew(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value v[3];
  napi_get_cb_info(env, info, &argc, v, nullptr, nullptr);
  size_t nhead = 0, nlayers = 0;
  uint32_t narrays = 0;
  const double* head = argc >= 3 ? static_cast<const double*>(typed(env, v[0], &nhead)) : nullptr;
  const double* lp = argc >= 3 ? static_cast<const double*>(typed(env, v[1], &nlayers)) : nullptr;
  if (argc >= 3) napi_get_array_length(env, v[2], &narrays);
  int layers = head && nhead >= 12 ? (int)head[0] : 0;
  if (layers < 1 || layers > STEP_MAX_LAYERS || !lp || nlayers < LAYER_NUMBERS * (size_t)layers || narrays < 14 * (uint32_t)layers) {
    napi_throw_range_error(env, nullptr, "stepNet: a header of 12 numbers, 1 to 64 layers of 82 numbers and 14 arrays each");
    return nullptr;
  }
  Handle* h = new Handle();
  StepNet& n = h->net;
  n.layers = layers;
  n.categorical = (int)head[1];
  n.lr = (float)head[2];
  n.max_batch = (long)head[3];
  n.momentum = (float)head[4];
  n.nesterov = (int)head[5];
  n.adam = (int)head[6];
  n.beta1 = (float)head[7], n.beta2 = (float)head[8], n.one_beta1 = (float)head[9], n.one_beta2 = (float)head[10];
  n.eps = (float)head[11];
  n.has_conv = 0;
  // maxw: channels (vectors of one value per channel), maxa: values per sample of any activation,
  // maxk: a kernel's values; per sample: outs (every layer's output, its ops' and their masks),
  // pres (the products before a convolution's batch norm); bnw: channels with batch norm.
  long maxw = 0, maxa = 0, maxk = 0, bnw = 0, outs = 0, pres = 0;
  for (int l = 0; l < layers; l++) {
    StepLayer& L = n.L[l];
    read_layer(lp + LAYER_NUMBERS * l, L);
    float** slots[14] = {&L.w,  &L.b,  &L.gamma,  &L.beta,  &L.mean, &L.var,    &L.vw,
                         &L.vb, &L.vgamma, &L.vbeta, &L.sw, &L.sb, &L.sgamma, &L.sbeta};
    for (int s = 0; s < 14; s++) {
      napi_value a;
      napi_get_element(env, v[2], 14 * l + s, &a);
      *slots[s] = static_cast<float*>(typed(env, a));
      if (*slots[s]) {
        napi_ref r;
        napi_create_reference(env, a, 1, &r);
        h->refs.push_back(r);
      }
    }
    n.has_conv |= L.conv;
    maxw = std::max({maxw, L.out, L.conv ? 0 : l ? L.in : 0});
    maxa = std::max({maxa, L.in, L.sp * L.out});
    maxk = std::max(maxk, kernel_size(L));
    outs += L.sp * L.out;
    for (int i = 0; i < L.nops; i++) {
      outs += L.ops[i].size * (L.ops[i].kind == OP_DROPOUT ? 2 : 1);
      maxa = std::max(maxa, L.ops[i].size);
    }
    if (L.bn) bnw += L.out;
    if (L.bn && L.conv) pres += L.sp * L.out;
  }
  const long B = n.max_batch;
  const long in0 = n.L[0].in;
  // x, g1, g2, dw, dv; per layer y and its ops' outputs and masks; per bn layer xhat or pre, and
  // the batch's mean and 1/√(var + eps) or variance
  const long floats = B * in0 + 2 * B * maxa + maxk + 4 * maxw + B * outs + B * bnw + B * pres + 2 * bnw + 64;
  h->scratch = static_cast<float*>(std::calloc(floats, sizeof(float)));
  if (!h->scratch) {
    for (napi_ref r : h->refs) napi_delete_reference(env, r);
    delete h;
    char message[160];
    std::snprintf(message, sizeof message, "stepNet: cannot allocate %.1f GiB for the step's buffers",
                  floats * 4.0 / (1 << 30));
    napi_throw_error(env, "NNC_STEP_MEMORY", message);
    return nullptr;
  }
  h->scratch_floats = floats;
  float* p = h->scratch;
  auto take = [&](long count) {
    float* r = p;
    p += count;
    return r;
  };
  n.x = take(B * in0), n.g1 = take(B * maxa), n.g2 = take(B * maxa), n.dw = take(maxk);
  n.dv = take(4 * maxw);
  for (int l = 0; l < layers; l++) {
    StepLayer& L = n.L[l];
    L.y = take(B * L.sp * L.out);
    for (int i = 0; i < L.nops; i++) {
      L.ops[i].y = take(B * L.ops[i].size);
      L.ops[i].mask = L.ops[i].kind == OP_DROPOUT ? take(B * L.ops[i].size) : nullptr;
    }
    if (L.bn && L.conv) L.pre = take(B * L.sp * L.out), L.bmean = take(L.out), L.bvar = take(L.out);
    else if (L.bn) L.xhat = take(B * L.out), L.bmean = take(L.out), L.brstd = take(L.out);
  }
  // The scratch memory counts toward V8's heap limits, so unused handles are collected in time.
  int64_t total;
  napi_adjust_external_memory(env, (int64_t)(h->scratch_floats * sizeof(float)), &total);
  napi_value ext;
  napi_create_external(env, h, finalize, nullptr, &ext);
  return ext;
}

// stepTrain(handle, x, y, idx Int32Array, start, end, out Float64Array [loss sum, correct, penalty],
// a1, a2, states) (Adam: 1 − β₁ᵗ and 1 − β₂ᵗ of this step, else anything; states: a Float64Array
// of the dropout masks' generator states, when the chain has dropout)
napi_value StepTrain(napi_env env, napi_callback_info info) {
  size_t argc = 10;
  napi_value v[10];
  napi_get_cb_info(env, info, &argc, v, nullptr, nullptr);
  Handle* h = handle(env, v[0]);
  if (argc >= 9 && h->net.adam) h->net.a1 = (float)number(env, v[7]), h->net.a2 = (float)number(env, v[8]);
  long start = (long)number(env, v[4]), end = (long)number(env, v[5]);
  if (end - start < 1 || end - start > h->net.max_batch) {
    napi_throw_range_error(env, nullptr, "stepTrain: batch larger than the handle's");
    return nullptr;
  }
  // The dropout masks' generator states of this step (4 numbers per dropout op, in the model's order).
  size_t nstates = 0;
  const double* states = argc >= 10 ? static_cast<const double*>(typed(env, v[9], &nstates)) : nullptr;
  size_t k = 0;
  for (int l = 0; l < h->net.layers; l++)
    for (int i = 0; i < h->net.L[l].nops; i++) {
      ChainOp& op = h->net.L[l].ops[i];
      if (op.kind != OP_DROPOUT) continue;
      if (!states || k + 4 > nstates) {
        napi_throw_range_error(env, nullptr, "stepTrain: 4 generator numbers per dropout");
        return nullptr;
      }
      for (int j = 0; j < 4; j++) op.state[j] = states[k + j];
      k += 4;
    }
  const int* idx = static_cast<const int*>(typed(env, v[3]));
  kernels().step_train(h->net, static_cast<float*>(typed(env, v[1])), static_cast<float*>(typed(env, v[2])), idx + start,
                        end - start, static_cast<double*>(typed(env, v[6])));
  return undefined(env);
}

// stepEval(handle, x, y|null, n, probs|null, out Float64Array [loss sum, correct]|null)
napi_value StepEval(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value v[6];
  napi_get_cb_info(env, info, &argc, v, nullptr, nullptr);
  Handle* h = handle(env, v[0]);
  kernels().step_eval(h->net, static_cast<float*>(typed(env, v[1])), static_cast<float*>(typed(env, v[2])),
                       (long)number(env, v[3]), static_cast<float*>(typed(env, v[4])),
                       static_cast<double*>(typed(env, v[5])));
  return undefined(env);
}

// stepPenalty(handle) → the L1/L2 penalty of the current weights
napi_value StepPenalty(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value v[1];
  napi_get_cb_info(env, info, &argc, v, nullptr, nullptr);
  napi_value r;
  napi_create_double(env, kernels().step_penalty(handle(env, v[0])->net), &r);
  return r;
}

// stepProfile(handle) → Float64Array of the milliseconds per phase (StepPhase) since the last call
napi_value StepProfile(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value v[1];
  napi_get_cb_info(env, info, &argc, v, nullptr, nullptr);
  StepNet& net = handle(env, v[0])->net;
  napi_value buf, arr;
  void* data = nullptr;
  napi_create_arraybuffer(env, PH_COUNT * sizeof(double), &data, &buf);
  std::copy(net.phase_ms, net.phase_ms + PH_COUNT, static_cast<double*>(data));
  std::fill(net.phase_ms, net.phase_ms + PH_COUNT, 0.0);
  napi_create_typedarray(env, napi_float64_array, PH_COUNT, buf, 0, &arr);
  return arr;
}

}  // namespace

void register_step(napi_env env, napi_value exports) {
  struct { const char* name; napi_callback fn; } fns[] = {
      {"stepNet", StepNetNew}, {"stepTrain", StepTrain}, {"stepEval", StepEval}, {"stepPenalty", StepPenalty},
      {"stepProfile", StepProfile}};
  for (auto& f : fns) {
    napi_value v;
    napi_create_function(env, f.name, NAPI_AUTO_LENGTH, f.fn, nullptr, &v);
    napi_set_named_property(env, exports, f.name, v);
  }
}

}  // namespace nnfast
