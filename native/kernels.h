// The kernels' interface as the add-on sees it: the shared data types and a table with one entry
// per kernel. The kernel sources (gemm, conv, pool2d, norm, elementwise) are compiled once per
// instruction set (isa.h); dispatch.cc picks the best table this CPU runs, or the one asked for.
#pragma once
#include <atomic>

namespace nnfast {

struct ConvShape {
  int n, h, w, c;       // input
  int kh, kw, co;       // filter (kh, kw, c, co); for depthwise co = channel multiplier
  int oh, ow;           // output spatial size
  int sh, sw, dh, dw;   // strides, dilations
  int pt, pl;           // padding before (top, left)
};

struct MatView {
  const float* p;
  long rs, cs;  // element (i, j) is p[i * rs + j * cs]
};

enum Act { ACT_LINEAR = 0, ACT_RELU = 1, ACT_RELU6 = 2, ACT_SIGMOID = 3, ACT_LEAKY = 4, ACT_ELU = 5 };
enum BinOp { B_ADD = 0, B_SUB, B_MUL, B_DIV, B_SQDIFF, B_MAX, B_MIN };
enum UnOp { U_RELU = 0, U_STEP, U_FLOOR, U_SQRT, U_RSQRT, U_SQUARE, U_NEG, U_EXP, U_LOG, U_SIGMOID, U_ABS, U_RECIP };

// One instruction set's kernels; each entry is documented where it is declared (gemm.h, conv.h, …).
struct Kernels {
  const char* isa;
  void (*sgemm)(long M, long N, long K, MatView A, MatView B, float* C, long ldc, bool accumulate);
  void (*epilogue)(float* y, long rows, long cols, const float* bias, int act, float alpha);
  void (*conv2d)(const ConvShape& s, const float* x, const float* w, const float* bias, int act, float alpha, float* y);
  void (*conv2d_backprop_input)(const ConvShape& s, const float* dy, const float* w, float* dx);
  void (*conv2d_backprop_filter)(const ConvShape& s, const float* x, const float* dy, float* dw);
  void (*depthwise)(const ConvShape& s, const float* x, const float* w, float* y);
  void (*depthwise_backprop_input)(const ConvShape& s, const float* dy, const float* w, float* dx);
  void (*depthwise_backprop_filter)(const ConvShape& s, const float* x, const float* dy, float* dw);
  void (*maxpool)(const ConvShape& s, const float* x, float* y);
  void (*maxpool_grad)(const ConvShape& s, const float* x, const float* dy, float* dx);
  void (*avgpool)(const ConvShape& s, const float* x, float* y);
  void (*avgpool_grad)(const ConvShape& s, const float* dy, float* dx);
  void (*binary)(int op, int rank, const int* shape, const long* sa, const long* sb, const float* a, const float* b,
                 float* out);
  void (*unary)(int op, long n, const float* x, float* out, float alpha);
  void (*reduce_sum)(long outer, long r, long inner, const float* x, float* out, double scale);
  void (*tile)(int rank, const int* xshape, const int* oshape, const float* x, float* out);
  void (*batchnorm)(long n, long c, const float* x, const float* mean, const float* var, const float* offset,
                    const float* scale, float eps, float* out);
  void (*dropout_mask)(long n, double s0, double s1, double s2, double c, float keep, float* out);
  void (*moments)(long n, long c, const float* x, float* mean, float* var);
  void (*moments_grad)(long n, long c, const float* x, const float* mean, const float* dmean, const float* dvar,
                       float* dx);
  void (*batchnorm_grad)(long n, long c, const float* x, const float* mean, const float* var, const float* scale,
                         const float* dy, float eps, float* dx, float* dmean, float* dvar, float* dscale,
                         float* doffset);
};

// Winograd for 3×3 stride-1 convolutions and both their gradients (winograd.h): 0 off, 1 (the
// default) by shape, 2 F(2,3) and 4 F(4,3) wherever they apply. Shared by every instruction set's
// copy, like the counts of calls that took it: [forward, input gradient, filter gradient] in
// F(2,3), then the same in F(4,3).
extern std::atomic<int> winograd_mode;
extern std::atomic<long> winograd_calls[6];

// The table in use: the best instruction set this CPU supports, until select_isa changes it.
const Kernels& kernels();
// Switches to the named instruction set ("avx512", "avx2", "baseline"); false when it is not
// compiled in or this CPU lacks it.
bool select_isa(const char* name);
// The instruction sets usable here, best first, ending with "baseline"; returns how many.
int usable_isas(const char** names, int max);

}  // namespace nnfast
