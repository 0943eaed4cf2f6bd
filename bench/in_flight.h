#pragma once
// Bounds the writes a bulk loader has in flight, and waits for all of them.

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"

namespace renda::bench {

class InFlight {
 public:
  explicit InFlight(int limit) : limit_(limit) {}
  // Waits for room, then counts one more write in flight.
  void Acquire() {
    absl::MutexLock l(&mu_);
    mu_.Await(absl::Condition(this, &InFlight::HasRoom));
    ++running_;
  }
  // One write ended; the first failure is kept.
  void Release(const absl::Status& s) {
    absl::MutexLock l(&mu_);
    --running_;
    if (!s.ok() && first_error_.ok()) first_error_ = s;
  }
  // Waits until none is in flight; the first failure, if any.
  absl::Status Drain() {
    absl::MutexLock l(&mu_);
    mu_.Await(absl::Condition(this, &InFlight::Idle));
    return first_error_;
  }

 private:
  bool HasRoom() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return running_ < limit_; }
  bool Idle() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return running_ == 0; }
  const int limit_;
  absl::Mutex mu_;
  int running_ ABSL_GUARDED_BY(mu_) = 0;
  absl::Status first_error_ ABSL_GUARDED_BY(mu_);
};

}  // namespace renda::bench
