#pragma once
// Duty records from another service's change feed: one follower per followed service, run inside
// the representatives binary for every registered congress (new ones as they are registered),
// with its own Redis connection. What each event makes is the followed service's own rule
// (`DutyRecordsOf`, see intake_follower.h and supervision_follower.h); the rest is here: the
// cursor is kept in the store (RepresentativesStore::FeedCursor) and moved past each event once
// its records are written, so a restarted follower resumes where it stopped, and the records are
// `ensure` writes keyed by their source, so an event seen twice makes no second record.

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "renda/type/v1/change.pb.h"
#include "services/common/clock.h"
#include "services/common/follower.h"
#include "services/common/redis_client.h"
#include "services/common/registry.h"
#include "services/common/server.h"
#include "services/common/task.h"
#include "services/representatives/representatives_store.h"

namespace renda::representatives {

// Writes the duty records one event of the followed feed makes (most events make none), in one
// step; `now` is the time the records are written at.
using DutyRecordsOf = std::function<Task<absl::Status>(const RepresentativesStore& store, absl::Time now,
                                                       std::string congress, renda::type::v1::ChangeEvent event)>;

class DutyFeedFollowers {
 public:
  // Follows the feed of `source` ("intake", "supervision"), served at `address`; `server` gives
  // Redis and the token key (the follower signs in as the representatives service).
  static absl::StatusOr<std::unique_ptr<DutyFeedFollowers>> Start(const ServerOptions& server, std::string source,
                                                                  std::string address, DutyRecordsOf records,
                                                                  const Clock* clock = RealClock::Get());
  ~DutyFeedFollowers();
  // Stops following; returns once no stream or write is in flight.
  void Stop();
  // The drain hook (ChangeFollower::WaitApplied).
  bool WaitApplied(const std::string& congress, const std::string& cursor, absl::Duration timeout) {
    return follower_->WaitApplied(congress, cursor, timeout);
  }

 private:
  class Sink;
  DutyFeedFollowers() = default;
  std::unique_ptr<RedisClient> redis_;
  std::unique_ptr<Registry> registry_;
  std::unique_ptr<Sink> sink_;
  std::unique_ptr<ChangeFollower> follower_;
};

}  // namespace renda::representatives
