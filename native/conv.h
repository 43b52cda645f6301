// Convolutions on NHWC float32 tensors: 2-D conv forward (fused bias and activation) and both
// gradients through im2col + SGEMM in chunks of images; depthwise conv and both gradients directly.
#pragma once

namespace nnfast {

struct ConvShape {
  int n, h, w, c;       // input
  int kh, kw, co;       // filter (kh, kw, c, co); for depthwise co = channel multiplier
  int oh, ow;           // output spatial size
  int sh, sw, dh, dw;   // strides, dilations
  int pt, pl;           // padding before (top, left)
};

enum Act { ACT_LINEAR = 0, ACT_RELU = 1, ACT_RELU6 = 2, ACT_SIGMOID = 3, ACT_LEAKY = 4, ACT_ELU = 5 };

void conv2d(const ConvShape& s, const float* x, const float* w, const float* bias, int act, float alpha, float* y);
void conv2d_backprop_input(const ConvShape& s, const float* dy, const float* w, float* dx);
void conv2d_backprop_filter(const ConvShape& s, const float* x, const float* dy, float* dw);

void depthwise(const ConvShape& s, const float* x, const float* w, float* y);
void depthwise_backprop_input(const ConvShape& s, const float* dy, const float* w, float* dx);
void depthwise_backprop_filter(const ConvShape& s, const float* x, const float* dy, float* dw);

void apply_act(float* y, long n, int act, float alpha);
// y (rows × cols) = act(y + bias), bias per column or null.
void epilogue(float* y, long rows, long cols, const float* bias, int act, float alpha);

}  // namespace nnfast
