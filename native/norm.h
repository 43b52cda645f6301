// Batch statistics and batch-norm gradients over the leading axes of an [n, c] view (channels
// last), in one or two passes instead of the dozen broadcast ops TF.js composes them from.
#pragma once
#include "isa.h"

namespace nnfast {
namespace NNFAST_ISA {

// mean[c], var[c] (population variance) of x over its n rows.
void moments(long n, long c, const float* x, float* mean, float* var);
// dx = dmean/n + dvar·2(x − mean)/n  (the gradient of moments)
void moments_grad(long n, long c, const float* x, const float* mean, const float* dmean, const float* dvar, float* dx);
// Gradients of y = (x − mean)·scale/√(var + eps) + offset for all five inputs; scale may be null (1),
// dx may be null (then only the four vectors are computed).
void batchnorm_grad(long n, long c, const float* x, const float* mean, const float* var, const float* scale,
                    const float* dy, float eps, float* dx, float* dmean, float* dvar, float* dscale, float* doffset);

}  // namespace NNFAST_ISA
}  // namespace nnfast
