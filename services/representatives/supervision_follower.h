#pragma once
// Duty records from supervision: a follower of the supervision service's change feed, run inside
// the representatives binary, that gives every deputy taking part in a supervision item one duty
// record (INSPECTION for a law-enforcement inspection, SUPERVISION for the other forms), dated
// the day the deputy joined the item. Records are `ensure` writes keyed by the item and the
// deputy: an event seen twice, or a later change of the item, makes no second record. The cursor
// is kept in the store (RepresentativesStore::FeedCursor), so a restarted follower resumes where
// it stopped.

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "renda/representatives/v1/duty_record.pb.h"
#include "renda/supervision/v1/supervision.pb.h"
#include "services/common/clock.h"
#include "services/common/follower.h"
#include "services/common/redis_client.h"
#include "services/common/registry.h"
#include "services/common/server.h"
#include "services/common/task.h"
#include "services/representatives/representatives_store.h"

namespace renda::representatives {

struct SupervisionFollowOptions {
  // The supervision service, host:port.
  std::string supervision_addr = "127.0.0.1:50053";
};

// The source id of a participant's record: the item's resource name and the deputy's.
std::string ParticipationSourceId(const renda::supervision::v1::SupervisionItem& item, const std::string& deputy);
// The record of one participant of an item.
v1::DutyRecord ParticipationRecord(const renda::supervision::v1::SupervisionItem& item,
                                   const renda::supervision::v1::ItemParticipant& participant);

// Applies supervision events to representatives' duty records.
class SupervisionDutySink final : public ChangeSink {
 public:
  SupervisionDutySink(RedisClient* redis, const Clock* clock) : clock_(clock), store_(redis) {}
  Task<absl::StatusOr<std::string>> LoadCursor(std::string congress, std::string source) override;
  // The participants' duty records the event makes, then the cursor moved past the event.
  Task<absl::Status> Apply(std::string congress, std::string source, renda::type::v1::ChangeEvent event) override;

 private:
  Task<absl::Status> WriteDutyRecords(std::string congress, renda::type::v1::ChangeEvent event) const;
  const Clock* clock_;
  RepresentativesStore store_;
};

// The follower of supervision's feed in one process, for every registered congress, with its own
// Redis connection.
class SupervisionFollowers {
 public:
  // `server` gives Redis and the token key (the follower signs in to supervision as a service).
  static absl::StatusOr<std::unique_ptr<SupervisionFollowers>> Start(const ServerOptions& server,
                                                                     const SupervisionFollowOptions& options,
                                                                     const Clock* clock = RealClock::Get());
  ~SupervisionFollowers();
  // Stops following; returns once no stream or write is in flight.
  void Stop();
  // The drain hook (ChangeFollower::WaitApplied).
  bool WaitApplied(const std::string& congress, const std::string& cursor, absl::Duration timeout) {
    return follower_->WaitApplied(congress, cursor, timeout);
  }

 private:
  SupervisionFollowers() = default;
  std::unique_ptr<RedisClient> redis_;
  std::unique_ptr<Registry> registry_;
  std::unique_ptr<SupervisionDutySink> sink_;
  std::unique_ptr<ChangeFollower> follower_;
};

}  // namespace renda::representatives
