// A training step and inference for chains of convolutions and dense layers (StepNet, kernels.h),
// as TF.js's model.fit computes them for such a model with SGD or Adam and a crossentropy loss, but
// in one call: forward (convolution or matrix product, bias, batch normalization in training mode
// with its moving-average update, activation, dropout, max pooling), Keras's clipped crossentropy
// and accuracy, backward, and the update of every weight in place, L1/L2 penalties included.
#pragma once
#include "isa.h"

namespace nnfast {
namespace NNFAST_ISA {

// One step on the n samples x[idx[i]] (labels y[idx[i]]), n ≤ max_batch. out: [Σ per-sample
// loss, number of correct predictions, penalty after the update].
void step_train(StepNet& net, const float* x, const float* y, const int* idx, long n, double* out);
// Inference (batch norm with the moving statistics) of any number n of samples, split across the
// threads; the outputs go to probs [n, classes] when it is not null; when y is not null, out:
// [Σ per-sample loss, number correct].
void step_eval(StepNet& net, const float* x, const float* y, long n, float* probs, double* out);
// The penalty Σ λ₁Σ|w| + λ₂Σw² of the current weights.
double step_penalty(const StepNet& net);

}  // namespace NNFAST_ISA
}  // namespace nnfast
