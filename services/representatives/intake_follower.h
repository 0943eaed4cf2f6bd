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
#include "services/common/follower.h"
#include "services/common/registry.h"
#include "services/common/redis_client.h"
#include "services/common/server.h"
#include "services/common/store.h"
#include "services/common/task.h"
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

// Applies intake events to representatives' duty records.
class ProposalDutySink final : public ChangeSink {
 public:
  ProposalDutySink(RedisClient* redis, const Clock* clock) : clock_(clock), store_(redis) {}
  Task<absl::StatusOr<std::string>> LoadCursor(std::string congress, std::string source) override;
  // The duty records the event makes or extends, then the cursor moved past the event.
  Task<absl::Status> Apply(std::string congress, std::string source, renda::type::v1::ChangeEvent event) override;

 private:
  // The duty records a proposal's event makes or extends, written in one step.
  Task<absl::Status> WriteDutyRecords(std::string congress, renda::type::v1::ChangeEvent event) const;
  const Clock* clock_;
  RepresentativesStore store_;
};

// The follower of intake's feed in one process, for every registered congress (new ones as they
// are registered), with its own Redis connection.
class IntakeFollowers {
 public:
  // `server` gives Redis and the token key (the follower signs in to intake as a service).
  static absl::StatusOr<std::unique_ptr<IntakeFollowers>> Start(const ServerOptions& server,
                                                                const IntakeFollowOptions& options,
                                                                const Clock* clock = RealClock::Get());
  ~IntakeFollowers();
  // Stops following; returns once no stream or write is in flight.
  void Stop();
  // The drain hook (ChangeFollower::WaitApplied).
  bool WaitApplied(const std::string& congress, const std::string& cursor, absl::Duration timeout) {
    return follower_->WaitApplied(congress, cursor, timeout);
  }

 private:
  IntakeFollowers() = default;
  std::unique_ptr<RedisClient> redis_;
  std::unique_ptr<Registry> registry_;
  std::unique_ptr<ProposalDutySink> sink_;
  std::unique_ptr<ChangeFollower> follower_;
};

}  // namespace renda::representatives
