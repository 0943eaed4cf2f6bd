#pragma once
// Duty records from intake: a follower of intake's change feed, run inside the representatives
// binary, that turns deputies' bills and suggestions into duty records. Filing a suggestion
// gives the filer one SUGGESTION_FILED record; filing a bill gives the filer and every co-signer
// one BILL_FILED record (they propose it jointly). The filer's ratings of the replies are noted
// on the filer's record (its detail grows by one line per rating), so a rating is part of that
// duty and is never counted as a second one. Records are `ensure` writes keyed by the intake
// resource name: an event seen twice makes no second record. The cursor is kept in Redis
// (`rep:{c}:follow:intake`), so a restarted follower resumes where it stopped.

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "renda/intake/v1/proposal.pb.h"
#include "renda/representatives/v1/duty_record.pb.h"
#include "services/common/clock.h"
#include "services/common/feed_follower.h"
#include "services/common/redis_client.h"
#include "services/common/server.h"
#include "services/common/store.h"

namespace renda::representatives {

struct IntakeFollowOptions {
  // The intake service, host:port.
  std::string intake_addr = "127.0.0.1:50052";
  // Congress ids whose intake feeds are followed.
  std::vector<std::string> congresses = {"hz"};
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
class ProposalDutySink final : public FeedSink {
 public:
  ProposalDutySink(RedisClient* redis, const Clock* clock);
  void LoadCursor(const std::string& congress, const std::string& source, Callback<std::string> done) override;
  void Apply(const std::string& congress, const std::string& source, const renda::type::v1::ChangeEvent& event,
             Callback<bool> done) override;

 private:
  void SaveCursor(const std::string& congress, const std::string& source, const std::string& cursor,
                  Callback<bool> done);
  RedisClient* redis_;
  const Clock* clock_;
  EntityStore store_;
};

// The followers of one process, one per congress, with their own Redis connection.
class IntakeFollowers {
 public:
  // `server` gives Redis and the token key (the follower signs in to intake as a service).
  static absl::StatusOr<std::unique_ptr<IntakeFollowers>> Start(const ServerOptions& server,
                                                                const IntakeFollowOptions& options,
                                                                const Clock* clock = RealClock::Get());
  ~IntakeFollowers();
  // Stops every follower; returns once none has a stream or write in flight.
  void Stop();

 private:
  IntakeFollowers() = default;
  std::unique_ptr<RedisClient> redis_;
  std::unique_ptr<ProposalDutySink> sink_;
  std::vector<std::shared_ptr<Follower>> followers_;
};

}  // namespace renda::representatives
