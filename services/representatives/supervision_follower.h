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
#include "services/common/redis_client.h"
#include "services/common/registry.h"
#include "services/common/server.h"
#include "services/common/task.h"
#include "services/representatives/duty_feed.h"
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

// The duty records one event of supervision's feed makes (DutyRecordsOf).
Task<absl::Status> ParticipationDutyRecords(const RepresentativesStore& store, absl::Time now, std::string congress,
                                            renda::type::v1::ChangeEvent event);

// Starts the follower of supervision's feed (duty_feed.h).
absl::StatusOr<std::unique_ptr<DutyFeedFollowers>> StartSupervisionFollowers(const ServerOptions& server,
                                                                             const SupervisionFollowOptions& options,
                                                                             const Clock* clock = RealClock::Get());

}  // namespace renda::representatives
