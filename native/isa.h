// Included by every kernel source: they are compiled once per instruction set, each time with
// -DNNFAST_ISA=<name> and that set's compiler flags (scripts/build-native.mjs), so each copy lives
// in its own namespace nnfast::<name> and the copies never share a symbol. Nothing in a kernel
// source may run at load time (no namespace-scope object with a constructor): the AVX-512 copy is
// loaded on every CPU and must not execute there until dispatch.cc has checked the CPU.
#pragma once
#include "kernels.h"

#ifndef NNFAST_ISA
#error "kernel sources are compiled with -DNNFAST_ISA=baseline|avx2|avx512 (see scripts/build-native.mjs)"
#endif
#define NNFAST_CAT2(a, b) a##b
#define NNFAST_CAT(a, b) NNFAST_CAT2(a, b)
#define NNFAST_STR2(a) #a
#define NNFAST_STR(a) NNFAST_STR2(a)

namespace nnfast {
namespace NNFAST_ISA {
// The table of this copy (table.cc); dispatch.cc calls it only on a CPU that runs this copy.
const Kernels* table();
}  // namespace NNFAST_ISA
}  // namespace nnfast
