#pragma once
// ProblemService's core: problem lists issued by reviewed supervision items, the units'
// rectification reports, staff's verification and the look-backs, with the item following its
// problems in the same atomic step. No gRPC here.

#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "renda/supervision/v1/problems.pb.h"
#include "services/common/auth.h"
#include "services/common/names.h"
#include "services/common/server.h"
#include "services/common/task.h"
#include "services/supervision/peers.h"
#include "services/supervision/problem_logic.h"
#include "services/supervision/supervision_store.h"

namespace renda::supervision {

// Who may call each RPC of ProblemService.
const AccessTable& ProblemAccess();

class ProblemCore {
 public:
  ProblemCore(const Runtime& runtime, const SupervisionStore* store, const Peers* peers)
      : runtime_(runtime), store_(store), peers_(peers) {}

  Task<absl::StatusOr<v1::IssueProblemsResponse>> IssueProblems(const Caller& caller,
                                                                const v1::IssueProblemsRequest& req);
  Task<absl::StatusOr<v1::GetProblemResponse>> GetProblem(const Caller& caller, const v1::GetProblemRequest& req);
  Task<absl::StatusOr<v1::ListProblemsResponse>> ListProblems(const Caller& caller, const v1::ListProblemsRequest& req);
  Task<absl::StatusOr<v1::SubmitRectificationResponse>> SubmitRectification(const Caller& caller,
                                                                            const v1::SubmitRectificationRequest& req);
  Task<absl::StatusOr<v1::ReviewRectificationResponse>> ReviewRectification(const Caller& caller,
                                                                            const v1::ReviewRectificationRequest& req);
  Task<absl::StatusOr<v1::RecordLookBackResponse>> RecordLookBack(const Caller& caller,
                                                                  const v1::RecordLookBackRequest& req);

 private:
  using Mutate = std::function<absl::StatusOr<Problem>(const Problem&)>;
  // One change of the problem `name` (a unit finds only its own), and its item following it:
  // the problem, the item (changed when its state follows, else checked) and every other
  // problem of the item (checked at the versions read) in one atomic step; a write in between
  // decides again (unless the caller named the version, `etag`). A request id already answered
  // gets its first result.
  Task<absl::StatusOr<Problem>> ChangeProblem(Caller caller, WriteOrigin origin, ResourceName name, std::string etag,
                                              Mutate mutate);
  Task<absl::StatusOr<Problem>> ChangeProblemOnce(const Caller& caller, const WriteOrigin& origin,
                                                  const ResourceName& name, const std::string& etag,
                                                  const Mutate& mutate);

  Runtime runtime_;
  const SupervisionStore* store_;
  const Peers* peers_;
};

}  // namespace renda::supervision
