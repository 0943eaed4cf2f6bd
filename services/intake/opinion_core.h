#pragma once
// IntakeService's core: citizens' opinions and their closed loop (submission with a tracking
// code, classification, review, assignment, handling, reply, feedback, merging, publication),
// the lists and the text search, and the deadline sweep. Each RPC method takes the caller and
// the request and answers the response or an error; no gRPC here (the adapter in
// intake_service.h is one line per RPC).

#include <atomic>
#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "google/protobuf/message.h"
#include "renda/intake/v1/intake.pb.h"
#include "services/common/auth.h"
#include "services/common/names.h"
#include "services/common/rate_limit.h"
#include "services/common/server.h"
#include "services/common/task.h"
#include "services/intake/case_logic.h"
#include "services/intake/intake_options.h"
#include "services/intake/intake_store.h"
#include "services/intake/opinion_logic.h"
#include "services/intake/working_calendar.h"

namespace renda::intake {

// Who may call each RPC of IntakeService.
const AccessTable& IntakeAccess();

// What a sweep did, for the log ("" when nothing was due).
std::string SweepSummary(const v1::SweepOpinionDeadlinesResponse& swept);

class OpinionCore {
 public:
  OpinionCore(const Runtime& runtime, const IntakeStore* store, const IntakeOptions& options);

  Task<absl::StatusOr<v1::SubmitOpinionResponse>> SubmitOpinion(const Caller& caller,
                                                                const v1::SubmitOpinionRequest& req);
  Task<absl::StatusOr<v1::GetOpinionResponse>> GetOpinion(const Caller& caller, const v1::GetOpinionRequest& req);
  Task<absl::StatusOr<v1::ListOpinionsResponse>> ListOpinions(const Caller& caller, const v1::ListOpinionsRequest& req);
  Task<absl::StatusOr<v1::LookupOpinionResponse>> LookupOpinion(const Caller& caller,
                                                                const v1::LookupOpinionRequest& req);
  Task<absl::StatusOr<v1::ClassifyOpinionResponse>> ClassifyOpinion(const Caller& caller,
                                                                    const v1::ClassifyOpinionRequest& req);
  Task<absl::StatusOr<v1::ReviewOpinionResponse>> ReviewOpinion(const Caller& caller,
                                                                const v1::ReviewOpinionRequest& req);
  Task<absl::StatusOr<v1::AssignOpinionResponse>> AssignOpinion(const Caller& caller,
                                                                const v1::AssignOpinionRequest& req);
  Task<absl::StatusOr<v1::StartHandlingOpinionResponse>> StartHandlingOpinion(
      const Caller& caller, const v1::StartHandlingOpinionRequest& req);
  Task<absl::StatusOr<v1::ReplyOpinionResponse>> ReplyOpinion(const Caller& caller, const v1::ReplyOpinionRequest& req);
  Task<absl::StatusOr<v1::GiveOpinionFeedbackResponse>> GiveOpinionFeedback(const Caller& caller,
                                                                            const v1::GiveOpinionFeedbackRequest& req);
  Task<absl::StatusOr<v1::MergeOpinionResponse>> MergeOpinion(const Caller& caller, const v1::MergeOpinionRequest& req);
  Task<absl::StatusOr<v1::ListSimilarOpinionsResponse>> ListSimilarOpinions(const Caller& caller,
                                                                            const v1::ListSimilarOpinionsRequest& req);
  Task<absl::StatusOr<v1::SweepOpinionDeadlinesResponse>> SweepOpinionDeadlines(
      const Caller& caller, const v1::SweepOpinionDeadlinesRequest& req);
  Task<absl::StatusOr<v1::PublishOpinionResponse>> PublishOpinion(const Caller& caller,
                                                                  const v1::PublishOpinionRequest& req);
  Task<absl::StatusOr<v1::ListPublishedOpinionsResponse>> ListPublishedOpinions(
      const Caller& caller, const v1::ListPublishedOpinionsRequest& req);

  // Sweeps the deadlines of one congress as of the clock's now (SweepOpinionDeadlines, and the
  // background sweep every --sweep_interval_s): walks the cases due by today, and each due step
  // is a versioned write of its case (with the cases merged into it following), so two sweeps
  // at once (replicas) never apply a step twice. Ends early, with what it did, once `*stop` is set.
  Task<absl::StatusOr<v1::SweepOpinionDeadlinesResponse>> Sweep(std::string congress,
                                                                const std::atomic<bool>* stop = nullptr);

 private:
  using Mutate = std::function<absl::StatusOr<Opinion>(const Opinion&)>;
  // One change of the case `id`: read it (a handling unit finds only its own cases), read the
  // cases merged into it, compute the next state, and write it with the merged cases following
  // its outcome in the same atomic step; a write between the read and ours reads all again
  // (unless the caller named the version, `etag`).
  Task<absl::StatusOr<Opinion>> ChangeCase(const Caller& caller, const google::protobuf::Message& request,
                                           std::string congress, std::string id, std::string etag, Mutate mutate);
  // ChangeCase of the case `name`, answered (the response's `opinion`) as the caller may see it.
  template <class Response>
  Task<absl::StatusOr<Response>> AnswerChange(const Caller& caller, const google::protobuf::Message& request,
                                              ResourceName name, std::string etag, Mutate mutate);
  Task<absl::StatusOr<Opinion>> ChangeCaseOnce(const Caller& caller, const std::string& congress, const std::string& id,
                                               const std::string& etag, const WriteOrigin& origin,
                                               const Mutate& mutate);

  Runtime runtime_;
  const IntakeStore* store_;
  IntakeOptions options_;
  Taxonomy taxonomy_;
  const WorkingCalendar& calendar_;
  RateLimiter limiter_;
};

}  // namespace renda::intake
