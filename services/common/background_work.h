#pragma once
// Work a service does by itself in the background, congress after congress (intake's deadline
// sweep and text indexer, supervision's overdue sweep).

#include <atomic>
#include <functional>
#include <iostream>
#include <optional>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "services/common/registry.h"
#include "services/common/task.h"

namespace renda {

// Work a service does by itself, on a thread of its own (`service` names it in the log): `pass(congress, stop)` for each
// registered congress in turn (asked of the registry every round, so new congresses join), again `interval` after the last pass ended (the first at once with
// `at_once`, else after one interval); none at all when `interval` is zero. A failed pass is
// logged and tried again the next time; `describe` (optional) says what a pass did, for the log
// ("" for nothing worth a line). Destruction stops it: the pass under way sees `stop` set and
// ends early, and the thread is joined.
template <class T>
class BackgroundWork {
 public:
  using Pass = std::function<Task<absl::StatusOr<T>>(std::string congress, const std::atomic<bool>* stop)>;
  using Describe = std::function<std::string(const T& result)>;

  BackgroundWork(std::string service, std::string what, const Registry* registry, absl::Duration interval, bool at_once, Pass pass,
                 Describe describe = nullptr)
      : service_(std::move(service)),
        what_(std::move(what)),
        registry_(registry),
        interval_(interval),
        pass_(std::move(pass)),
        describe_(std::move(describe)) {
    if (interval_ > absl::ZeroDuration()) thread_ = std::thread([this, at_once] { Loop(at_once); });
  }
  ~BackgroundWork() {
    stop_ = true;
    wake_.Notify();
    if (thread_.joinable()) thread_.join();
  }
  BackgroundWork(const BackgroundWork&) = delete;
  BackgroundWork& operator=(const BackgroundWork&) = delete;

  // Blocks until `rounds` more rounds over the congresses have ended, without hurrying them
  // (false when `timeout` passes first): the drain hook of whoever waits for the work's outcome.
  // Two rounds include a whole one that began after the call.
  bool WaitRounds(int rounds, absl::Duration timeout) const {
    absl::MutexLock lock(&mu_);
    const int64_t target = rounds_ended_ + rounds;
    auto reached = [this, target] { return rounds_ended_ >= target; };
    return mu_.AwaitWithTimeout(absl::Condition(&reached), timeout);
  }

 private:
  void Loop(bool at_once) {
    if (!at_once && wake_.WaitForNotificationWithTimeout(interval_)) return;
    do {
      auto congresses = Wait(registry_->CongressIds());
      if (!congresses.ok()) {
        std::cerr << service_ << ": " << what_ << ": the registry could not be read: " << congresses.status() << "\n";
        continue;
      }
      for (const std::string& congress : *congresses) {
        // A pass of a large backlog may take long; the next one starts only after it.
        absl::StatusOr<T> result = Wait(pass_(congress, &stop_));
        if (stop_) return;
        if (!result.ok()) {
          std::cerr << service_ << ": " << what_ << " of " << congress << " failed: " << result.status() << "\n";
        } else if (std::string said = describe_ ? describe_(*result) : ""; !said.empty()) {
          std::cerr << service_ << ": " << what_ << " of " << congress << ": " << said << "\n";
        }
      }
      absl::MutexLock lock(&mu_);
      ++rounds_ended_;
    } while (!wake_.WaitForNotificationWithTimeout(interval_));
  }

  // Runs `task` and waits for its result (this thread is the background work's own).
  template <class R>
  static R Wait(Task<R> task) {
    std::optional<R> result;
    absl::Notification done;
    Start<R>(std::move(task), [&](R r) {
      result.emplace(std::move(r));
      done.Notify();
    });
    done.WaitForNotification();
    return std::move(*result);
  }

  const std::string service_;
  const std::string what_;
  const Registry* registry_;
  const absl::Duration interval_;
  const Pass pass_;
  const Describe describe_;
  std::atomic<bool> stop_{false};
  absl::Notification wake_;
  mutable absl::Mutex mu_;
  int64_t rounds_ended_ ABSL_GUARDED_BY(mu_) = 0;
  std::thread thread_;  // last: it starts once the rest is set
};

}  // namespace renda
