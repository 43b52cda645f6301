// The pooling kernels of pool2d.h, vectorised along the contiguous channel axis; images are split
// across threads so gradient scatters never collide.
#include "pool2d.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "threads.h"

namespace nnfast {
namespace NNFAST_ISA {

void maxpool(const ConvShape& s, const float* x, float* y) {
  pool().parallel_for((long)s.n * s.oh, 1, [&](long a, long b) {
    for (long r = a; r < b; r++) {
      int n = (int)(r / s.oh), oh = (int)(r % s.oh);
      for (int ow = 0; ow < s.ow; ow++) {
        float* yo = y + (r * s.ow + ow) * s.c;
        for (int c = 0; c < s.c; c++) yo[c] = -std::numeric_limits<float>::infinity();
        for (int i = 0; i < s.kh; i++) {
          int ih = oh * s.sh - s.pt + i * s.dh;
          if (ih < 0 || ih >= s.h) continue;
          for (int j = 0; j < s.kw; j++) {
            int iw = ow * s.sw - s.pl + j * s.dw;
            if (iw < 0 || iw >= s.w) continue;
            const float* xi = x + (((long)n * s.h + ih) * s.w + iw) * s.c;
            for (int c = 0; c < s.c; c++) yo[c] = xi[c] > yo[c] ? xi[c] : yo[c];
          }
        }
      }
    }
  });
}

// Average over the valid (unpadded) part of each window, as TF.js's cpu avgPool.
void avgpool(const ConvShape& s, const float* x, float* y) {
  pool().parallel_for((long)s.n * s.oh, 1, [&](long a, long b) {
    for (long r = a; r < b; r++) {
      int n = (int)(r / s.oh), oh = (int)(r % s.oh);
      for (int ow = 0; ow < s.ow; ow++) {
        float* __restrict yo = y + (r * s.ow + ow) * s.c;
        std::memset(yo, 0, s.c * sizeof(float));
        int count = 0;
        for (int i = 0; i < s.kh; i++) {
          int ih = oh * s.sh - s.pt + i * s.dh;
          if (ih < 0 || ih >= s.h) continue;
          for (int j = 0; j < s.kw; j++) {
            int iw = ow * s.sw - s.pl + j * s.dw;
            if (iw < 0 || iw >= s.w) continue;
            const float* __restrict xi = x + (((long)n * s.h + ih) * s.w + iw) * s.c;
            for (int c = 0; c < s.c; c++) yo[c] += xi[c];
            count++;
          }
        }
        float inv = count ? 1.f / count : 0.f;
        for (int c = 0; c < s.c; c++) yo[c] = count ? yo[c] * inv : NAN;
      }
    }
  });
}

void maxpool_grad(const ConvShape& s, const float* x, const float* dy, float* dx) {
  pool().parallel_for(s.n, 1, [&](long a, long b) {
    std::vector<float> best(s.c);
    std::vector<long> where(s.c);
    for (long n = a; n < b; n++) {
      std::memset(dx + n * s.h * s.w * s.c, 0, sizeof(float) * (size_t)s.h * s.w * s.c);
      for (int oh = 0; oh < s.oh; oh++)
        for (int ow = 0; ow < s.ow; ow++) {
          for (int c = 0; c < s.c; c++) best[c] = -std::numeric_limits<float>::infinity(), where[c] = -1;
          for (int i = 0; i < s.kh; i++) {
            int ih = oh * s.sh - s.pt + i * s.dh;
            if (ih < 0 || ih >= s.h) continue;
            for (int j = 0; j < s.kw; j++) {
              int iw = ow * s.sw - s.pl + j * s.dw;
              if (iw < 0 || iw >= s.w) continue;
              long base = ((n * s.h + ih) * (long)s.w + iw) * s.c;
              const float* xi = x + base;
              for (int c = 0; c < s.c; c++)
                if (xi[c] > best[c]) best[c] = xi[c], where[c] = base + c;
            }
          }
          const float* g = dy + ((n * s.oh + oh) * (long)s.ow + ow) * s.c;
          for (int c = 0; c < s.c; c++)
            if (where[c] >= 0) dx[where[c]] += g[c];
        }
    }
  });
}

// Each window's gradient is spread evenly over the whole window size (padding included, as
// TF.js's cpu backend does for avgPoolGrad).
void avgpool_grad(const ConvShape& s, const float* dy, float* dx) {
  const float inv = 1.f / (s.kh * s.kw);
  pool().parallel_for(s.n, 1, [&](long a, long b) {
    for (long n = a; n < b; n++) {
      std::memset(dx + n * s.h * s.w * s.c, 0, sizeof(float) * (size_t)s.h * s.w * s.c);
      for (int oh = 0; oh < s.oh; oh++)
        for (int ow = 0; ow < s.ow; ow++) {
          const float* g = dy + ((n * s.oh + oh) * (long)s.ow + ow) * s.c;
          for (int i = 0; i < s.kh; i++) {
            int ih = oh * s.sh - s.pt + i * s.dh;
            if (ih < 0 || ih >= s.h) continue;
            for (int j = 0; j < s.kw; j++) {
              int iw = ow * s.sw - s.pl + j * s.dw;
              if (iw < 0 || iw >= s.w) continue;
              float* d = dx + ((n * s.h + ih) * (long)s.w + iw) * s.c;
              for (int c = 0; c < s.c; c++) d[c] += g[c] * inv;
            }
          }
        }
    }
  });
}

}  // namespace NNFAST_ISA
}  // namespace nnfast
