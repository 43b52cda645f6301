// Picks the kernels' instruction set at run time (kernels.h). On x86-64 the add-on holds three
// copies of the kernels (AVX-512, AVX2 with FMA, and baseline SSE2) and uses the best one the CPU
// and OS support; elsewhere it holds the baseline copy only (on ARM64 the compiler vectorises it
// with NEON, which every ARM64 CPU has). Compiled for baseline x86-64 like the rest of the add-on.
#include <atomic>
#include <cstring>

#include "kernels.h"

#if defined(__x86_64__) || defined(__i386__)
#define NNFAST_X86 1
#endif

namespace nnfast {
namespace baseline { const Kernels* table(); }
#ifdef NNFAST_X86
namespace avx2 { const Kernels* table(); }
namespace avx512 { const Kernels* table(); }
#endif

namespace {

struct Isa {
  const char* name;
  bool (*usable)();
  const Kernels* (*table)();
};

#ifdef NNFAST_X86
// __builtin_cpu_supports also checks that the OS saves the AVX / AVX-512 registers (XCR0).
bool has_avx512() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
         __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx2") &&
         __builtin_cpu_supports("fma");
}
bool has_avx2() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}
#endif
bool always() { return true; }

// Best first.
const Isa kIsas[] = {
#ifdef NNFAST_X86
    {"avx512", has_avx512, avx512::table},
    {"avx2", has_avx2, avx2::table},
#endif
    {"baseline", always, baseline::table},
};

std::atomic<const Kernels*> current{nullptr};

}  // namespace

std::atomic<int> winograd_mode{1};
std::atomic<long> winograd_calls[6] = {{0}, {0}, {0}, {0}, {0}, {0}};

const Kernels& kernels() {
  const Kernels* k = current.load(std::memory_order_acquire);
  if (k) return *k;
  for (const Isa& isa : kIsas)
    if (isa.usable()) {
      k = isa.table();
      break;
    }
  current.store(k, std::memory_order_release);
  return *k;
}

bool select_isa(const char* name) {
  for (const Isa& isa : kIsas)
    if (std::strcmp(isa.name, name) == 0) {
      if (!isa.usable()) return false;
      current.store(isa.table(), std::memory_order_release);
      return true;
    }
  return false;
}

int usable_isas(const char** names, int max) {
  int n = 0;
  for (const Isa& isa : kIsas)
    if (n < max && isa.usable()) names[n++] = isa.name;
  return n;
}

}  // namespace nnfast
