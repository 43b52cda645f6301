// The table of kernels.h for the instruction set this copy is compiled for (isa.h).
#include "conv.h"
#include "step.h"
#include "elementwise.h"
#include "gemm.h"
#include "norm.h"
#include "pool2d.h"

namespace nnfast {
namespace NNFAST_ISA {

// Filled on first call, which dispatch.cc makes only on a CPU that runs this copy.
const Kernels* table() {
  static const Kernels k = [] {
    Kernels t{};
    t.isa = NNFAST_STR(NNFAST_ISA);
    t.sgemm = sgemm;
    t.epilogue = epilogue;
    t.conv2d = conv2d;
    t.conv2d_backprop_input = conv2d_backprop_input;
    t.conv2d_backprop_filter = conv2d_backprop_filter;
    t.depthwise = depthwise;
    t.depthwise_backprop_input = depthwise_backprop_input;
    t.depthwise_backprop_filter = depthwise_backprop_filter;
    t.maxpool = maxpool;
    t.maxpool_grad = maxpool_grad;
    t.avgpool = avgpool;
    t.avgpool_grad = avgpool_grad;
    t.binary = binary;
    t.unary = unary;
    t.reduce_sum = reduce_sum;
    t.tile = tile;
    t.batchnorm = batchnorm;
    t.dropout_mask = dropout_mask;
    t.moments = moments;
    t.moments_grad = moments_grad;
    t.batchnorm_grad = batchnorm_grad;
    t.step_train = step_train;
    t.step_eval = step_eval;
    t.step_penalty = step_penalty;
    return t;
  }();
  return &k;
}

}  // namespace NNFAST_ISA
}  // namespace nnfast
