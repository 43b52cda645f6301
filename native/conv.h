// Convolutions on NHWC float32 tensors: 2-D conv forward (fused bias and activation) and both
// gradients through im2col + SGEMM in chunks of images, except 3×3 stride-1 convolutions (forward
// and both gradients) where Winograd pays (winograd.h), and forwards and filter gradients with few
// inputs per output (direct.h); depthwise conv and both gradients directly.
#pragma once
#include "isa.h"

namespace nnfast {
namespace NNFAST_ISA {

void conv2d(const ConvShape& s, const float* x, const float* w, const float* bias, int act, float alpha, float* y);
void conv2d_backprop_input(const ConvShape& s, const float* dy, const float* w, float* dx);
void conv2d_backprop_filter(const ConvShape& s, const float* x, const float* dy, float* dw);

void depthwise(const ConvShape& s, const float* x, const float* w, float* y);
void depthwise_backprop_input(const ConvShape& s, const float* dy, const float* w, float* dx);
void depthwise_backprop_filter(const ConvShape& s, const float* x, const float* dy, float* dw);

void apply_act(float* y, long n, int act, float alpha);
// y (rows × cols) = act(y + bias), bias per column or null.
void epilogue(float* y, long rows, long cols, const float* bias, int act, float alpha);

// Adds the column of output pixel (oh, ow) (kh·kw·c values, laid out as im2col lays them) back into
// the image xn [h, w, c], skipping what falls in the padding: col2im for one pixel.
inline void col2im_pixel(const ConvShape& s, const float* src, int oh, int ow, float* xn) {
  for (int i = 0; i < s.kh; i++) {
    int ih = oh * s.sh - s.pt + i * s.dh;
    for (int j = 0; j < s.kw; j++, src += s.c) {
      int iw = ow * s.sw - s.pl + j * s.dw;
      if (ih < 0 || ih >= s.h || iw < 0 || iw >= s.w) continue;
      float* d = xn + ((long)ih * s.w + iw) * s.c;
      for (int c = 0; c < s.c; c++) d[c] += src[c];
    }
  }
}

}  // namespace NNFAST_ISA
}  // namespace nnfast
