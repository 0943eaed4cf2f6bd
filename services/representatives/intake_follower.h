#pragma once
// Duty records from intake: a follower of intake's change feed, run inside the representatives
// binary, that turns deputies' bills and suggestions into duty records. Filing a suggestion
// gives the filer one SUGGESTION_FILED record; filing a bill gives the filer and every co-signer
// one BILL_FILED record (they propose it jointly). The filer's ratings of the replies are noted
// on the filer's record (its detail grows by one line per rating), so a rating is part of that
// duty and is never counted as a second one. Records are `ensure` writes keyed by the intake
// resource name: an event seen twice makes no second record. The cursor is kept in the store
// (RepresentativesStore::FeedCursor), so a restarted follower resumes where it stopped.

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "renda/intake/v1/proposal.pb.h"
#include "renda/representatives/v1/duty_record.pb.h"
#include "services/common/clock.h"
#include "services/common/registry.h"
#include "services/common/redis_client.h"
#include "services/common/server.h"
#include "services/common/store.h"
#include "services/common/task.h"
#include "services/representatives/duty_feed.h"
#include "services/representatives/representatives_store.h"

namespace renda::representatives {

struct IntakeFollowOptions {
  // The intake service, host:port.
  std::string intake_addr = "127.0.0.1:50052";
};

// The source id of the filer's record: the proposal's resource name.
std::string FilingSourceId(const renda::intake::v1::Proposal& proposal);
// The source id of a bill co-signer's record: the proposal's name and the deputy's.
std::string CoSignerSourceId(const renda::intake::v1::Proposal& proposal, const std::string& deputy);
// The filer's record (deputy, type, date of filing, title, and the detail with every rating).
v1::DutyRecord FilingRecord(const renda::intake::v1::Proposal& proposal);
// A bill co-signer's record.
v1::DutyRecord CoSignerRecord(const renda::intake::v1::Proposal& proposal, const std::string& deputy);

// The duty records one event of intake's feed makes (DutyRecordsOf).
Task<absl::Status> ProposalDutyRecords(const RepresentativesStore& store, absl::Time now, std::string congress,
                                       renda::type::v1::ChangeEvent event);

// Starts the follower of intake's feed (duty_feed.h).
absl::StatusOr<std::unique_ptr<DutyFeedFollowers>> StartIntakeFollowers(const ServerOptions& server,
                                                                        const IntakeFollowOptions& options,
                                                                        const Clock* clock = RealClock::Get());

}  // namespace renda::representatives
