// N-API entry points of the nnfast addon. Every function takes plain TypedArrays (the data of TF.js
// cpu-backend tensors, no copies) and an Int32Array of shape parameters, and writes its output
// into a Float32Array the caller allocated. Each call goes to the kernels of the instruction set
// dispatch.cc chose (isa() reports and changes it).
#include <node_api.h>

#include <cstring>

#include "kernels.h"
#include "threads.h"

using namespace nnfast;

namespace nnfast {
void register_step(napi_env env, napi_value exports);  // step_addon.cc
}

namespace {

struct Args {
  napi_env env;
  napi_value v[10];
  size_t n = 10;
  Args(napi_env e, napi_callback_info info) : env(e) { napi_get_cb_info(e, info, &n, v, nullptr, nullptr); }
  // Data pointer of TypedArray argument i; nullptr for null/undefined.
  void* data(size_t i) const {
    if (i >= n) return nullptr;
    bool is = false;
    napi_is_typedarray(env, v[i], &is);
    if (!is) return nullptr;
    napi_typedarray_type t;
    size_t len, off;
    void* p = nullptr;
    napi_value buf;
    napi_get_typedarray_info(env, v[i], &t, &len, &p, &buf, &off);
    return p;
  }
  float* f(size_t i) const { return static_cast<float*>(data(i)); }
  const int* ints(size_t i) const { return static_cast<const int*>(data(i)); }
  double num(size_t i) const {
    double d = 0;
    if (i < n) napi_get_value_double(env, v[i], &d);
    return d;
  }
};

ConvShape shape_of(const int* p) {
  ConvShape s;
  std::memcpy(&s, p, sizeof(ConvShape));
  return s;
}

napi_value undefined(napi_env env) {
  napi_value u;
  napi_get_undefined(env, &u);
  return u;
}

// conv2d(params, x, w, bias|null, y, act, alpha)
napi_value Conv2d(napi_env env, napi_callback_info info) {
  Args a(env, info);
  kernels().conv2d(shape_of(a.ints(0)), a.f(1), a.f(2), a.f(3), (int)a.num(5), (float)a.num(6), a.f(4));
  return undefined(env);
}
// conv2dBackpropInput(params, dy, w, dx)
napi_value Conv2dBackpropInput(napi_env env, napi_callback_info info) {
  Args a(env, info);
  kernels().conv2d_backprop_input(shape_of(a.ints(0)), a.f(1), a.f(2), a.f(3));
  return undefined(env);
}
// conv2dBackpropFilter(params, x, dy, dw)
napi_value Conv2dBackpropFilter(napi_env env, napi_callback_info info) {
  Args a(env, info);
  kernels().conv2d_backprop_filter(shape_of(a.ints(0)), a.f(1), a.f(2), a.f(3));
  return undefined(env);
}
napi_value Depthwise(napi_env env, napi_callback_info info) {
  Args a(env, info);
  kernels().depthwise(shape_of(a.ints(0)), a.f(1), a.f(2), a.f(3));
  return undefined(env);
}
napi_value DepthwiseBackpropInput(napi_env env, napi_callback_info info) {
  Args a(env, info);
  kernels().depthwise_backprop_input(shape_of(a.ints(0)), a.f(1), a.f(2), a.f(3));
  return undefined(env);
}
napi_value DepthwiseBackpropFilter(napi_env env, napi_callback_info info) {
  Args a(env, info);
  kernels().depthwise_backprop_filter(shape_of(a.ints(0)), a.f(1), a.f(2), a.f(3));
  return undefined(env);
}
// maxPool(params, x, y); maxPoolGrad(params, x, dy, dx); avgPoolGrad(params, dy, dx)
napi_value MaxPool(napi_env env, napi_callback_info info) {
  Args a(env, info);
  kernels().maxpool(shape_of(a.ints(0)), a.f(1), a.f(2));
  return undefined(env);
}
napi_value MaxPoolGrad(napi_env env, napi_callback_info info) {
  Args a(env, info);
  kernels().maxpool_grad(shape_of(a.ints(0)), a.f(1), a.f(2), a.f(3));
  return undefined(env);
}
napi_value AvgPool(napi_env env, napi_callback_info info) {
  Args a(env, info);
  kernels().avgpool(shape_of(a.ints(0)), a.f(1), a.f(2));
  return undefined(env);
}
napi_value AvgPoolGrad(napi_env env, napi_callback_info info) {
  Args a(env, info);
  kernels().avgpool_grad(shape_of(a.ints(0)), a.f(1), a.f(2));
  return undefined(env);
}
// matmul(params [batch, M, N, K, transA, transB, batchA, batchB], a, b, c, bias|null, act, alpha):
// c[i] = op(a[i % batchA]) · op(b[i % batchB]) (+ bias along N), then the activation.
napi_value Matmul(napi_env env, napi_callback_info info) {
  Args a(env, info);
  const int* p = a.ints(0);
  long batch = p[0], M = p[1], N = p[2], K = p[3];
  bool ta = p[4], tb = p[5];
  long ba = p[6], bb = p[7];
  const float *A = a.f(1), *B = a.f(2), *bias = a.f(4);
  float* C = a.f(3);
  const Kernels& k = kernels();
  for (long i = 0; i < batch; i++) {
    const float* Ai = A + (i % ba) * M * K;
    const float* Bi = B + (i % bb) * K * N;
    MatView av = ta ? MatView{Ai, 1, M} : MatView{Ai, K, 1};
    MatView bv = tb ? MatView{Bi, 1, K} : MatView{Bi, N, 1};
    k.sgemm(M, N, K, av, bv, C + i * M * N, N, false);
  }
  k.epilogue(C, batch * M, N, bias, (int)a.num(5), (float)a.num(6));
  return undefined(env);
}
// binary(op, shape Int32Array, stridesA Int32Array, stridesB Int32Array, a, b, out)
napi_value Binary(napi_env env, napi_callback_info info) {
  Args a(env, info);
  const int* shape = a.ints(1);
  size_t rank = 0;
  {
    napi_typedarray_type t;
    void* p;
    napi_value buf;
    size_t off;
    napi_get_typedarray_info(env, a.v[1], &t, &rank, &p, &buf, &off);
  }
  long sa[8], sb[8];
  for (size_t d = 0; d < rank && d < 8; d++) sa[d] = a.ints(2)[d], sb[d] = a.ints(3)[d];
  kernels().binary((int)a.num(0), (int)rank, shape, sa, sb, a.f(4), a.f(5), a.f(6));
  return undefined(env);
}
// unary(op, x, out, n, alpha)
napi_value Unary(napi_env env, napi_callback_info info) {
  Args a(env, info);
  kernels().unary((int)a.num(0), (long)a.num(3), a.f(1), a.f(2), (float)a.num(4));
  return undefined(env);
}
// reduceSum(x, out, outer, r, inner, scale)
napi_value ReduceSum(napi_env env, napi_callback_info info) {
  Args a(env, info);
  kernels().reduce_sum((long)a.num(2), (long)a.num(3), (long)a.num(4), a.f(0), a.f(1), a.num(5));
  return undefined(env);
}
// tile(xshape Int32Array, oshape Int32Array, x, out)
napi_value Tile(napi_env env, napi_callback_info info) {
  Args a(env, info);
  size_t rank;
  napi_typedarray_type t;
  void* p;
  napi_value buf;
  size_t off;
  napi_get_typedarray_info(env, a.v[0], &t, &rank, &p, &buf, &off);
  kernels().tile((int)rank, a.ints(0), a.ints(1), a.f(2), a.f(3));
  return undefined(env);
}
// batchnorm(x, mean, variance, offset|null, scale|null, out, n, c, eps)
napi_value BatchNorm(napi_env env, napi_callback_info info) {
  Args a(env, info);
  kernels().batchnorm((long)a.num(6), (long)a.num(7), a.f(0), a.f(1), a.f(2), a.f(3), a.f(4), (float)a.num(8), a.f(5));
  return undefined(env);
}
// moments(x, mean, var, n, c)
napi_value Moments(napi_env env, napi_callback_info info) {
  Args a(env, info);
  kernels().moments((long)a.num(3), (long)a.num(4), a.f(0), a.f(1), a.f(2));
  return undefined(env);
}
// momentsGrad(x, mean, dmean, dvar, dx, n, c)
napi_value MomentsGrad(napi_env env, napi_callback_info info) {
  Args a(env, info);
  kernels().moments_grad((long)a.num(5), (long)a.num(6), a.f(0), a.f(1), a.f(2), a.f(3), a.f(4));
  return undefined(env);
}
// batchNormGrad(Int32Array [n, c], x, mean, var, scale|null, dy, eps, dx|null, dmean, dvar, dscale, doffset)
napi_value BatchNormGrad(napi_env env, napi_callback_info info) {
  napi_value v[12];
  size_t argc = 12;
  napi_get_cb_info(env, info, &argc, v, nullptr, nullptr);
  auto ptr = [&](int i) -> float* {
    bool is = false;
    napi_is_typedarray(env, v[i], &is);
    if (!is) return nullptr;
    napi_typedarray_type t;
    size_t len, off;
    void* p = nullptr;
    napi_value buf;
    napi_get_typedarray_info(env, v[i], &t, &len, &p, &buf, &off);
    return static_cast<float*>(p);
  };
  const int* nc = reinterpret_cast<const int*>(ptr(0));
  double eps;
  napi_get_value_double(env, v[6], &eps);
  kernels().batchnorm_grad(nc[0], nc[1], ptr(1), ptr(2), ptr(3), ptr(4), ptr(5), (float)eps, ptr(7), ptr(8), ptr(9), ptr(10), ptr(11));
  return undefined(env);
}
// dropoutMask(out, n, s0, s1, s2, c, keep)
napi_value DropoutMask(napi_env env, napi_callback_info info) {
  Args a(env, info);
  kernels().dropout_mask((long)a.num(1), a.num(2), a.num(3), a.num(4), a.num(5), (float)a.num(6), a.f(0));
  return undefined(env);
}
// isa(name?): switches to the named instruction set when given (an Error when this CPU lacks it or
// it is not compiled in); returns the one in use.
napi_value Isa(napi_env env, napi_callback_info info) {
  Args a(env, info);
  napi_valuetype type = napi_undefined;
  if (a.n > 0) napi_typeof(env, a.v[0], &type);
  if (type == napi_string) {
    char name[32] = {0};
    size_t len = 0;
    napi_get_value_string_utf8(env, a.v[0], name, sizeof name, &len);
    if (!select_isa(name)) {
      napi_throw_error(env, nullptr, "this instruction set is not usable here (see isas())");
      return nullptr;
    }
  }
  napi_value r;
  napi_create_string_utf8(env, kernels().isa, NAPI_AUTO_LENGTH, &r);
  return r;
}
// isas(): the instruction sets usable here, best first.
napi_value Isas(napi_env env, napi_callback_info) {
  const char* names[8];
  int n = usable_isas(names, 8);
  napi_value list;
  napi_create_array_with_length(env, n, &list);
  for (int i = 0; i < n; i++) {
    napi_value v;
    napi_create_string_utf8(env, names[i], NAPI_AUTO_LENGTH, &v);
    napi_set_element(env, list, i, v);
  }
  return list;
}
// winograd(mode?): sets winograd_mode (kernels.h) when given (0, 1, 2 or 4; others are ignored);
// returns [mode, then the calls that took Winograd so far: forward, input gradient, filter gradient
// in F(2,3), and the same in F(4,3)].
napi_value Winograd(napi_env env, napi_callback_info info) {
  Args a(env, info);
  napi_valuetype type = napi_undefined;
  if (a.n > 0) napi_typeof(env, a.v[0], &type);
  if (type == napi_number) {
    double m = a.num(0);
    if (m == 0 || m == 1 || m == 2 || m == 4) winograd_mode.store((int)m);
  }
  napi_value list, v;
  napi_create_array_with_length(env, 7, &list);
  for (int i = 0; i < 7; i++) {
    napi_create_double(env, i == 0 ? (double)winograd_mode.load() : (double)winograd_calls[i - 1].load(), &v);
    napi_set_element(env, list, i, v);
  }
  return list;
}
napi_value Threads(napi_env env, napi_callback_info info) {
  Args a(env, info);
  if (a.n > 0 && a.num(0) >= 1) set_threads((int)a.num(0));
  napi_value r;
  napi_create_int32(env, pool().size(), &r);
  return r;
}

napi_value Init(napi_env env, napi_value exports) {
  struct { const char* name; napi_callback fn; } fns[] = {
      {"conv2d", Conv2d}, {"conv2dBackpropInput", Conv2dBackpropInput}, {"conv2dBackpropFilter", Conv2dBackpropFilter},
      {"depthwise", Depthwise}, {"depthwiseBackpropInput", DepthwiseBackpropInput},
      {"depthwiseBackpropFilter", DepthwiseBackpropFilter}, {"maxPool", MaxPool}, {"maxPoolGrad", MaxPoolGrad},
      {"avgPool", AvgPool}, {"avgPoolGrad", AvgPoolGrad}, {"matmul", Matmul}, {"binary", Binary}, {"unary", Unary}, {"reduceSum", ReduceSum}, {"threads", Threads}, {"winograd", Winograd}, {"isa", Isa}, {"isas", Isas}, {"dropoutMask", DropoutMask}, {"moments", Moments}, {"momentsGrad", MomentsGrad}, {"batchNormGrad", BatchNormGrad}, {"tile", Tile}, {"batchNorm", BatchNorm},
  };
  for (auto& f : fns) {
    napi_value v;
    napi_create_function(env, f.name, NAPI_AUTO_LENGTH, f.fn, nullptr, &v);
    napi_set_named_property(env, exports, f.name, v);
  }
  register_step(env, exports);
  return exports;
}

}  // namespace

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
