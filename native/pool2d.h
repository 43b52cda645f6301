// Max and average pooling on NHWC float32 tensors, forward and gradient.
#pragma once
#include "isa.h"

namespace nnfast {
namespace NNFAST_ISA {

// s.kh, s.kw: window; s.co unused. Ties go to the first maximum in the window (as TF.js's cpu backend).
void maxpool(const ConvShape& s, const float* x, float* y);
void maxpool_grad(const ConvShape& s, const float* x, const float* dy, float* dx);
void avgpool(const ConvShape& s, const float* x, float* y);
void avgpool_grad(const ConvShape& s, const float* dy, float* dx);

}  // namespace NNFAST_ISA
}  // namespace nnfast
