#pragma once
// Pure rules of satisfaction votes (满意度测评): what a valid vote is, its lifecycle (scheduled →
// open → closed, and a rerun after a failed one), when a ballot is accepted, and how the counts
// decide the result under the configured rule. No gRPC, no Redis.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "renda/supervision/v1/satisfaction.pb.h"
#include "services/common/validation.h"

namespace renda::supervision {

inline constexpr char kSatisfactionVoteCollection[] = "satisfactionVotes";

// The counts of the ballots cast so far, as the tally keeps them.
struct BallotCounts {
  int64_t satisfied = 0;
  int64_t basically_satisfied = 0;
  int64_t not_satisfied = 0;
  int64_t total() const { return satisfied + basically_satisfied + not_satisfied; }
};

// The rule of the configuration: favourable ballots (satisfied, and basically satisfied when
// `counts_basically_satisfied`) must be more than `pass_percent` percent of the base.
v1::SatisfactionRule SatisfactionRuleOf(bool counts_basically_satisfied, int pass_percent, bool of_votes_cast);

// Checks the fields a client may set on create; field paths start with "satisfaction_vote.".
void ValidateVoteFields(const v1::SatisfactionVote& vote, Validator& v);
// Checks an open and close time pair (both required, close after open).
void ValidateWindow(absl::string_view open_field, const google::protobuf::Timestamp& open,
                    absl::string_view close_field, const google::protobuf::Timestamp& close, bool has_open,
                    bool has_close, Validator& v);

// The vote as first stored: the client's fields, SCHEDULED, the times.
v1::SatisfactionVote NewVote(const v1::SatisfactionVote& input, const std::string& name, absl::Time now);
// The index names a vote is listed under.
std::vector<std::string> VoteIndexes(const v1::SatisfactionVote& vote);
// The index of the votes of one supervision item (its resource name).
std::string VoteItemIndex(absl::string_view item_name);

// Opening: SCHEDULED → OPEN with the electorate (deputy names) and the rule recorded.
absl::StatusOr<v1::SatisfactionVote> ApplyOpenVote(const v1::SatisfactionVote& vote,
                                                   std::vector<std::string> electorate,
                                                   const v1::SatisfactionRule& rule, absl::Time now);
// OK when a ballot may be cast now: OPEN and inside [open_time, close_time).
absl::Status CheckAcceptsBallots(const v1::SatisfactionVote& vote, absl::Time now);
// Whether `deputy` (a deputy's name) is in the vote's electorate.
bool InElectorate(const v1::SatisfactionVote& vote, absl::string_view deputy);
// The result of `counts` under `rule` for an electorate of `members`.
v1::SatisfactionResult DecideResult(const v1::SatisfactionRule& rule, const BallotCounts& counts, int64_t members);
// Closing: OPEN → CLOSED with the counts and the result.
absl::StatusOr<v1::SatisfactionVote> ApplyCloseVote(const v1::SatisfactionVote& vote, const BallotCounts& counts,
                                                    absl::Time now);

// Rerunning a FAILED vote: the new vote (SCHEDULED, linked back) from the request.
absl::Status CheckMayRerun(const v1::SatisfactionVote& failed);
v1::SatisfactionVote NewRerunVote(const v1::SatisfactionVote& failed, const v1::RerunSatisfactionVoteRequest& req,
                                  const std::string& name, absl::Time now);
// The failed vote marked as rerun by `rerun_name`.
v1::SatisfactionVote MarkRerun(const v1::SatisfactionVote& failed, const std::string& rerun_name, absl::Time now);

// The name of a vote's tally: "<vote name>/tally".
std::string TallyName(absl::string_view vote_name);

// What a reader sees: counts and result only once closed; `voted` is how many have voted.
void ShowVote(v1::SatisfactionVote& vote, int64_t voted);

}  // namespace renda::supervision
