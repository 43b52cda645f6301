// Element-wise kernels on float32 arrays: binary ops with broadcasting (strides of 0), unary ops,
// sums over a contiguous block of axes, tiling, the batch-norm forward and dropout masks. Large
// arrays are split across the thread pool.
#pragma once
#include "isa.h"

namespace nnfast {
namespace NNFAST_ISA {

// out has shape[0..rank); a and b are read with the given per-dimension strides (0 = broadcast).
void binary(int op, int rank, const int* shape, const long* sa, const long* sb, const float* a, const float* b, float* out);
// alpha is Step's value for x <= 0 (as TF.js: 0 for x < 0 and alpha at 0 … see elementwise.cc).
void unary(int op, long n, const float* x, float* out, float alpha);
// x viewed as [outer, r, inner]: out[outer, inner] = Σ over r, times scale.
void reduce_sum(long outer, long r, long inner, const float* x, float* out, double scale);

// out (shape oshape) = x (shape xshape) tiled; both of the given rank.
void tile(int rank, const int* xshape, const int* oshape, const float* x, float* out);
// out = offset + (x − mean) · scale / √(variance + eps), the four vectors of length c along the
// last axis of x (n·c elements); offset and scale may be null.
void batchnorm(long n, long c, const float* x, const float* mean, const float* var, const float* offset,
               const float* scale, float eps, float* out);

// The dropout multiplier TF.js's tf.dropout computes, value for value: u from seedrandom's Alea
// generator (state s0, s1, s2, c), then floor(u + keep) / keep, in float32 like the cpu backend.
void dropout_mask(long n, double s0, double s1, double s2, double c, float keep, float* out);

}  // namespace NNFAST_ISA
}  // namespace nnfast
