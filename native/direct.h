// Convolutions whose filter has few inputs per output (kh·kw·c ≤ kDirectMaxK, e.g. the first layer
// of an image network on RGB), forward and both gradients, straight from the image: a few output
// pixels' patches are gathered into a small buffer and multiplied with the filter in registers,
// 64 output channels at a time. There im2col + SGEMM spends more time building and packing the
// patch matrix than multiplying. Used by conv.h when direct_applies.
#pragma once
#include "isa.h"

namespace nnfast {
namespace NNFAST_ISA {

constexpr int kDirectMaxK = 32;
// Whether conv2d and both its gradients of shape s go through the kernels below: kh·kw·c at
// most kDirectMaxK, co a multiple of 16, and AVX-512 (elsewhere they stay with im2col).
bool direct_applies(const ConvShape& s);
// y = conv(x, w) + bias (when not null), without activation; w is (kh, kw, c, co). The bias is
// added in registers: the output is written once.
void direct_conv2d(const ConvShape& s, const float* x, const float* w, const float* bias, float* y);
// dx = the input gradient of conv(x, w): each output pixel's dy times wᵀ, added over its patch.
void direct_backprop_input(const ConvShape& s, const float* dy, const float* w, float* dx);
// dw (kh, kw, c, co) = Σ over output pixels of patch ⊗ dy.
void direct_backprop_filter(const ConvShape& s, const float* x, const float* dy, float* dw);

}  // namespace NNFAST_ISA
}  // namespace nnfast
