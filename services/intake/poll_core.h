#pragma once
// PollService's core: questionnaires staff create and open, one response per respondent, and
// results counted exactly. Each method takes the caller and the request and answers the
// response or an error; no gRPC here (the adapter in poll_service.h is one line per RPC). Rules
// live in poll_logic.h.
//
// Counting: each response is written together with one of the poll's kPollTallyShards tally
// entities (at the version read, the count incremented) and a check of the poll (still at the
// version whose OPEN state and window were checked), in one atomic write. A response picks a
// shard at random on every attempt, so concurrent respondents rarely meet; when two do, the
// loser's write is refused whole (ABORTED) and it reads again and retries. Results read the
// poll and the fixed number of shards: the cost does not grow with the number of responses, and
// the counts are exact because a response and its count are one write.

#include <string>

#include "absl/status/statusor.h"
#include "renda/intake/v1/poll.pb.h"
#include "services/common/auth.h"
#include "services/common/rate_limit.h"
#include "services/common/server.h"
#include "services/common/task.h"
#include "services/intake/intake_store.h"

namespace renda::intake {

// Who may call each RPC.
const AccessTable& PollAccess();

class PollCore {
 public:
  // `anonymous`: what one anonymous client may submit per window.
  PollCore(const Runtime& runtime, const IntakeStore* store, RateLimit anonymous);

  Task<absl::StatusOr<v1::CreatePollResponse>> CreatePoll(const Caller& caller, const v1::CreatePollRequest& req);
  Task<absl::StatusOr<v1::GetPollResponse>> GetPoll(const Caller& caller, const v1::GetPollRequest& req);
  Task<absl::StatusOr<v1::ListPollsResponse>> ListPolls(const Caller& caller, const v1::ListPollsRequest& req);
  Task<absl::StatusOr<v1::OpenPollResponse>> OpenPoll(const Caller& caller, const v1::OpenPollRequest& req);
  Task<absl::StatusOr<v1::ClosePollResponse>> ClosePoll(const Caller& caller, const v1::ClosePollRequest& req);
  Task<absl::StatusOr<v1::IssuePollInvitationsResponse>> IssuePollInvitations(
      const Caller& caller, const v1::IssuePollInvitationsRequest& req);
  Task<absl::StatusOr<v1::SubmitPollResponseResponse>> SubmitPollResponse(const Caller& caller,
                                                                          const v1::SubmitPollResponseRequest& req);
  Task<absl::StatusOr<v1::GetPollResultsResponse>> GetPollResults(const Caller& caller,
                                                                  const v1::GetPollResultsRequest& req);
  Task<absl::StatusOr<v1::ListPollTextAnswersResponse>> ListPollTextAnswers(
      const Caller& caller, const v1::ListPollTextAnswersRequest& req);

 private:
  Runtime runtime_;
  const IntakeStore* store_;
  RateLimit anonymous_;
  RateLimiter limiter_;
  std::string key_;  // signs invitation codes and respondent digests
};

}  // namespace renda::intake
