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

// A chain of convolutions and dense layers compiled for training and inference (step.h). Each
// layer: kernel (dense: [in, out] row-major; convolution: [kh, kw, c, co]; as TF.js stores them),
// optional bias, optional batch normalization between the product and the activation, L1/L2
// penalties on kernel and bias, then its ops (dropout, max pooling). The pointers are the weights'
// own arrays, updated in place.
enum DenseAct { DA_LINEAR = 0, DA_RELU = 1, DA_SIGMOID = 3, DA_TANH = 6, DA_SOFTMAX = 7 };
// What follows a layer's activation, in the model's order: dropout (training only; the mask drawn
// with seedrandom's Alea from `state`, set before each step) and max pooling.
enum ChainOpKind { OP_DROPOUT = 1, OP_MAXPOOL = 2 };
struct ChainOp {
  int kind;
  float keep;        // dropout: 1 − rate
  double state[4];   // dropout: the generator's state for this step's mask
  ConvShape ps;      // max pooling (n set per call)
  long size;         // values per sample of the op's output
  float* y;          // scratch: the op's output [max_batch, size]
  float* mask;       // scratch when dropout: the mask [max_batch, size]
};
constexpr int CHAIN_MAX_OPS = 4;
struct StepLayer {
  long in, out;      // values per sample in, channels out (a convolution's out channels)
  int act, bn;
  int conv;          // 1: a 2-D convolution (cs) rather than a matrix product
  ConvShape cs;      // the convolution (n set per call); kernel (kh, kw, c, co) as TF.js stores it
  long sp;           // output positions per sample: oh·ow for a convolution, 1 for a dense layer
  int nops;
  ChainOp ops[CHAIN_MAX_OPS];
  float *pre, *bvar;  // scratch when a convolution has batch norm: the product before it, the batch's variance
  float *w, *b;                     // b may be null
  float l1w, l2w, l1b, l2b;         // penalties λ₁Σ|w| + λ₂Σw² of kernel and bias
  float *gamma, *beta, *mean, *var;  // batch norm: scale, offset, moving mean and variance
  float eps, decay;                 // decay = 1 − momentum
  float* y;                         // scratch: the layer's output [max_batch, out]
  float* xhat;                      // scratch when bn: the normalized product [max_batch, out]
  float *bmean, *brstd;             // scratch when bn: the batch's mean and 1/√(var + eps)
  float *vw, *vb, *vgamma, *vbeta;  // momentum's accumulators (Adam's first moments) of w, b, gamma, beta
  float *sw, *sb, *sgamma, *sbeta;  // Adam's second moments of w, b, gamma, beta
};
// The number of values in a layer's kernel.
inline long kernel_size(const StepLayer& L) {
  return L.conv ? (long)L.cs.kh * L.cs.kw * L.cs.c * L.cs.co : L.in * L.out;
}
constexpr int STEP_MAX_LAYERS = 64;
// Where the compiled step's time goes, accumulated in milliseconds per phase (bench/train --profile).
enum StepPhase {
  PH_GATHER = 0, PH_CONV, PH_CONV_DX, PH_CONV_DW, PH_DENSE, PH_DENSE_DX, PH_DENSE_DW, PH_BN, PH_BN_GRAD, PH_ACT,
  PH_ACT_GRAD, PH_DROPOUT, PH_POOL, PH_POOL_GRAD, PH_LOSS, PH_BIAS_GRAD, PH_UPDATE, PH_COUNT
};
struct StepNet {
  int layers;
  StepLayer L[STEP_MAX_LAYERS];
  int categorical;   // labels: 0 class indices (one float per sample), 1 rows of class weights (one-hot)
  float lr;          // SGD's learning rate
  float momentum;    // with accumulators: v ← m·v + g, then w += −lr·v (Nesterov: w += −lr·(g + m·v))
  int nesterov;
  int adam;          // Adam as TF.js: m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², w += −lr·(m/a1)/(√(v/a2) + eps)
  float beta1, beta2, one_beta1, one_beta2, eps;
  float a1, a2;      // 1 − β₁ᵗ and 1 − β₂ᵗ of this step (set before each step)
  long max_batch;
  int has_conv;      // inference then runs each chunk through once (the kernels thread themselves)
  double phase_ms[PH_COUNT];
  float *x, *g1, *g2, *dw, *dv;    // scratch: gathered inputs, two gradient buffers, kernel and vector gradients
};

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
  // step.h
  void (*step_train)(StepNet& net, const float* x, const float* y, const int* idx, long n, double* out);
  void (*step_eval)(StepNet& net, const float* x, const float* y, long n, float* probs, double* out);
  double (*step_penalty)(const StepNet& net);
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
