// The matrix product of the compiled step's inference of a dense chain (step.cc): C = epilogue(A·B) with
// B (a layer's kernel) packed once per call for every thread, A (the layer's input rows) read in
// place, and the bias, batch normalization with fixed statistics and ReLU applied to each tile of C
// while it is still in vector registers. One thread; the caller splits the rows.
#pragma once
#include "isa.h"

namespace nnfast {
namespace NNFAST_ISA {

// Per output column j, applied in this order to the product's value v: v + bias[j]; then
// γ[j]·((v − mean[j])·rstd[j]) + β[j]; then max(v, 0) (NaN kept). Each vector holds
// packed_cols(N) values (zero past N); a null bias or mean skips its step.
struct Epilogue {
  const float* bias;
  const float *mean, *rstd, *gamma, *beta;
  bool relu;
};

// N rounded up to whole column panels of this instruction set's micro-kernel.
long packed_cols(long N);
// B [K×N] (row-major) into out [packed_cols(N)·K]: column panels, each K rows of the panel's width.
void pack_panels(long K, long N, const float* B, float* out);
// C[M×N] (row stride ldc) = epilogue(A[M×K] (row stride lda) · B), B as pack_panels left it.
void gemm_packed(long M, long N, long K, const float* A, long lda, const float* Bp, float* C, long ldc,
                 const Epilogue& e);

}  // namespace NNFAST_ISA
}  // namespace nnfast
