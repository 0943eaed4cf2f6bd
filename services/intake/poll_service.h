#pragma once
// The gRPC adapter of opinion polls (PollService). Rules live in poll_logic.h.
//
// Counting: each response is written together with one of the poll's kPollTallyShards tally
// entities (kUpdate at the version read, the count incremented) and a kCheck of the poll (still
// at the version whose OPEN state and window were checked), in one atomic write. A response
// picks a shard at random on every attempt, so concurrent respondents rarely meet; when two do,
// the loser's write is refused whole (ABORTED) and it reads again and retries. Results read the
// poll and the fixed number of shards: the cost does not grow with the number of responses, and
// the counts are exact because a response and its count are one write.

#include <functional>
#include <string>

#include "renda/intake/v1/poll.grpc.pb.h"
#include "services/common/call.h"
#include "services/common/rate_limit.h"
#include "services/common/server.h"
#include "services/common/store.h"
#include "services/intake/services.h"

namespace renda::intake {

// Who may call each RPC.
const AccessTable& PollAccess();

// Reads what a decision needs and answers the write it makes (or the refusal).
using WriteBuilder = std::function<void(Callback<EntityStore::Write>)>;

// A read-decide-write step run until it sticks: `build` reads and decides, the write is put with
// the request id; when someone else wrote one of its entities in between (ABORTED), `build` runs
// again, up to `attempts` times. A request id that was already answered answers the first result
// without building. `done` gets the serialized first entity of the write as stored, or "" when
// `build` decided to write nothing (a write without entities).
void WriteWithRetries(EntityStore* store, std::string congress, std::string caller, std::string request_id,
                      std::string fingerprint, int attempts, WriteBuilder build, Callback<std::string> done);

class PollService final : public v1::PollService::CallbackService {
 public:
  PollService(const Runtime& runtime, const IntakeOptions& options);

  grpc::ServerUnaryReactor* CreatePoll(grpc::CallbackServerContext* ctx, const v1::CreatePollRequest* req,
                                       v1::CreatePollResponse* resp) override;
  grpc::ServerUnaryReactor* GetPoll(grpc::CallbackServerContext* ctx, const v1::GetPollRequest* req,
                                    v1::GetPollResponse* resp) override;
  grpc::ServerUnaryReactor* ListPolls(grpc::CallbackServerContext* ctx, const v1::ListPollsRequest* req,
                                      v1::ListPollsResponse* resp) override;
  grpc::ServerUnaryReactor* OpenPoll(grpc::CallbackServerContext* ctx, const v1::OpenPollRequest* req,
                                     v1::OpenPollResponse* resp) override;
  grpc::ServerUnaryReactor* ClosePoll(grpc::CallbackServerContext* ctx, const v1::ClosePollRequest* req,
                                      v1::ClosePollResponse* resp) override;
  grpc::ServerUnaryReactor* IssuePollInvitations(grpc::CallbackServerContext* ctx,
                                                 const v1::IssuePollInvitationsRequest* req,
                                                 v1::IssuePollInvitationsResponse* resp) override;
  grpc::ServerUnaryReactor* SubmitPollResponse(grpc::CallbackServerContext* ctx,
                                               const v1::SubmitPollResponseRequest* req,
                                               v1::SubmitPollResponseResponse* resp) override;
  grpc::ServerUnaryReactor* GetPollResults(grpc::CallbackServerContext* ctx, const v1::GetPollResultsRequest* req,
                                           v1::GetPollResultsResponse* resp) override;
  grpc::ServerUnaryReactor* ListPollTextAnswers(grpc::CallbackServerContext* ctx,
                                                const v1::ListPollTextAnswersRequest* req,
                                                v1::ListPollTextAnswersResponse* resp) override;

 private:
  // OpenPoll and ClosePoll: one state change guarded by the etag.
  template <class Request>
  void ChangeState(const Request& req, const Caller& caller, v1::Poll* out, Finish finish,
                   absl::StatusOr<v1::Poll> (*apply)(const v1::Poll&, absl::Time));

  Runtime runtime_;
  IntakeOptions options_;
  EntityStore store_;
  RateLimiter limiter_;
  CallRunner runner_;
  std::string key_;  // signs invitation codes and respondent digests
};

}  // namespace renda::intake
