// Single-precision matrix multiply: C = A·B (+ C), with A and B given by arbitrary row and column
// strides (so transposes cost nothing), blocked and packed, with an AVX-512/AVX2/portable
// micro-kernel, split across the thread pool.
#pragma once
#include "isa.h"

namespace nnfast {
namespace NNFAST_ISA {

// C[M×N] (row stride ldc) = A[M×K]·B[K×N], plus the old C when accumulate.
void sgemm(long M, long N, long K, MatView A, MatView B, float* C, long ldc, bool accumulate);
// The same on the calling thread only (for callers that split work themselves).
void sgemm_st(long M, long N, long K, MatView A, MatView B, float* C, long ldc, bool accumulate);

}  // namespace NNFAST_ISA
}  // namespace nnfast
