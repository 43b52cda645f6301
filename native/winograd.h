// Winograd F(2,3) convolution for 3×3, stride-1, undilated convolutions on NHWC tensors: each 2×2
// block of outputs is computed from a 4×4 block of inputs with 16 multiplies per (input, output)
// channel pair instead of 36. Input blocks are transformed per channel, the 16 block elements are
// 16 matrix products ([blocks × c] · [c × co], gemm.h), and the products are transformed back.
// The filter gradient sums, over blocks, transformed inputs times transformed output gradients.
// Used by conv2d and both its gradients (conv.h) when winograd_mode (kernels.h) allows it.
#pragma once
#include "isa.h"

namespace nnfast {
namespace NNFAST_ISA {

// Whether a forward convolution of shape s goes through Winograd under the current mode.
bool winograd_applies(const ConvShape& s);
// y = conv(x, w) without bias or activation; w is (3, 3, c, co). Needs winograd_applies(s).
void winograd_conv2d(const ConvShape& s, const float* x, const float* w, float* y);
// The input gradient of the forward convolution s, when it is itself a Winograd convolution (the
// filter rotated and transposed); returns false (doing nothing) when it is not.
bool winograd_backprop_input(const ConvShape& s, const float* dy, const float* w, float* dx);
// The filter gradient of the forward convolution s (dw is (3, 3, c, co)) when it goes through
// Winograd under the current mode; returns false (doing nothing) when it does not.
bool winograd_backprop_filter(const ConvShape& s, const float* x, const float* dy, float* dw);

}  // namespace NNFAST_ISA
}  // namespace nnfast
