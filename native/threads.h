// A tiny persistent thread pool: run(fn) calls fn(part, nparts) once for every part (the caller
// runs part 0) and returns when all are done. Workers spin briefly, then sleep on a condition
// variable. A part no worker has claimed by the time the caller is done with its own runs on the
// caller: on a machine shared with other jobs a worker may not get a core for milliseconds, and
// waiting for it would cost more than the part. Which thread runs a part never changes what it
// computes. A nested or concurrent run() executes all its parts on the calling thread.
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
  void worker();
  int claim(long gen);
  void work(long gen);
  int n_;
  const Job* job_ = nullptr;
  std::atomic<long> gen_{0};
  // The job's generation in the high bits, the next part nobody has claimed yet in the low ones.
  std::atomic<long> ticket_{0};
  // Parts other than the caller's not finished yet.
  std::atomic<int> pending_{0};
  std::mutex m_;
  std::atomic<bool> busy_{false};
  std::condition_variable cv_;
};

Pool& pool();
void set_threads(int n);

}  // namespace nnfast
