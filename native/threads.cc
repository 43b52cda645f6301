// The persistent thread pool of threads.h. Threads are detached and the pool is never destroyed,
// so process exit never waits for or terminates on a joinable thread.
#include "threads.h"

#include <cstdlib>
#if defined(__x86_64__)
#include <immintrin.h>
#define NN_PAUSE() _mm_pause()
#else
#define NN_PAUSE() std::this_thread::yield()
#endif

namespace nnfast {

static constexpr int kPartBits = 16;
static constexpr long kPartMask = (1L << kPartBits) - 1;

Pool::Pool(int n) : n_(n < 1 ? 1 : n > 1024 ? 1024 : n) {
  for (int i = 1; i < n_; i++) std::thread([this] { worker(); }).detach();
}

/** The next unclaimed part of job `gen`, or -1 when none is left or a newer job has started. */
int Pool::claim(long gen) {
  long t = ticket_.load(std::memory_order_acquire);
  for (;;) {
    if ((t >> kPartBits) != gen || (t & kPartMask) >= n_) return -1;
    if (ticket_.compare_exchange_weak(t, t + 1, std::memory_order_acq_rel, std::memory_order_acquire)) return (int)(t & kPartMask);
  }
}

/** Runs parts of job `gen` until none is left. The job outlives a claimed part: run() waits for it. */
void Pool::work(long gen) {
  for (int part; (part = claim(gen)) >= 0;) {
    (*job_)(part, n_);
    pending_.fetch_sub(1, std::memory_order_acq_rel);
  }
}

void Pool::worker() {
  long seen = 0;
  for (;;) {
    for (int spins = 0; gen_.load(std::memory_order_acquire) == seen; spins++) {
      if (spins < 4000) {
        NN_PAUSE();
      } else {
        std::unique_lock<std::mutex> lock(m_);
        cv_.wait(lock, [&] { return gen_.load(std::memory_order_acquire) != seen; });
      }
    }
    seen = gen_.load(std::memory_order_acquire);
    work(seen);
  }
}

void Pool::run(const Job& fn) {
  if (n_ == 1) return fn(0, 1);
  // One job at a time: a caller on another thread (TF.js in a worker) runs its parts inline.
  bool idle = false;
  if (!busy_.compare_exchange_strong(idle, true, std::memory_order_acq_rel)) {
    for (int t = 0; t < n_; t++) fn(t, n_);
    return;
  }
  long gen = gen_.load(std::memory_order_relaxed) + 1;
  job_ = &fn;
  pending_.store(n_ - 1, std::memory_order_release);
  ticket_.store((gen << kPartBits) | 1, std::memory_order_release);  // part 0 is the caller's
  {
    std::lock_guard<std::mutex> lock(m_);
    gen_.store(gen, std::memory_order_release);
  }
  cv_.notify_all();
  fn(0, n_);
  work(gen);
  while (pending_.load(std::memory_order_acquire) != 0) NN_PAUSE();
  busy_.store(false, std::memory_order_release);
}

void Pool::parallel_for(long total, long grain, const std::function<void(long, long)>& fn) {
  if (total <= 0) return;
  if (n_ == 1 || total < 2 * grain) return fn(0, total);
  run([&](int t, int nt) {
    long lo = total * t / nt, hi = total * (t + 1) / nt;
    if (lo < hi) fn(lo, hi);
  });
}

static Pool* the_pool = nullptr;

static int default_threads() {
  if (const char* env = std::getenv("NNC_THREADS")) {
    int n = std::atoi(env);
    if (n > 0) return n;
  }
  unsigned hc = std::thread::hardware_concurrency();
  return hc == 0 ? 1 : (int)hc;
}

Pool& pool() {
  if (!the_pool) the_pool = new Pool(default_threads());
  return *the_pool;
}

void set_threads(int n) {
  // The old pool's workers keep sleeping; a new pool is made (rare: tests and benchmarks only).
  the_pool = new Pool(n);
}

}  // namespace nnfast
