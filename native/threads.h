// A tiny persistent thread pool: run(fn) calls fn(tid, nthreads) on every thread (the caller is
// thread 0) and returns when all are done. Workers spin briefly, then sleep on a condition variable.
// A nested or concurrent run() executes all its parts on the calling thread.
#pragma once
#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace nnfast {

using Job = std::function<void(int, int)>;

class Pool {
 public:
  explicit Pool(int n);
  int size() const { return n_; }
  void run(const Job& fn);
  // Splits [0, total) into size() contiguous ranges, one per thread; small work runs inline.
  void parallel_for(long total, long grain, const std::function<void(long, long)>& fn);

 private:
  void worker(int id);
  int n_;
  const Job* job_ = nullptr;
  std::atomic<long> gen_{0};
  std::atomic<int> pending_{0};
  std::mutex m_;
  std::atomic<bool> busy_{false};
  std::condition_variable cv_;
};

Pool& pool();
void set_threads(int n);

}  // namespace nnfast
