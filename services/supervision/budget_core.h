#pragma once
// BudgetService's core: draft budgets reviewed by deputies in three stages, their opinions and
// the government's answers, and what became of each opinion. Rules live in budget_logic.h.
// An opinion is written in the step that checks the draft is still at the version whose open
// stage was checked, so no opinion lands in a closed stage.

#include <memory>

#include "absl/status/statusor.h"
#include "renda/supervision/v1/budget.pb.h"
#include "services/common/auth.h"
#include "services/common/server.h"
#include "services/common/task.h"
#include "services/supervision/peers.h"
#include "services/supervision/supervision_store.h"

namespace renda::supervision {

// Who may call each RPC.
const AccessTable& BudgetAccess();

class BudgetCore {
 public:
  BudgetCore(const Runtime& runtime, const SupervisionStore* store, std::shared_ptr<const Peers> peers)
      : runtime_(runtime), store_(store), peers_(std::move(peers)) {}

  Task<absl::StatusOr<v1::CreateBudgetDraftResponse>> CreateBudgetDraft(const Caller& caller,
                                                                        const v1::CreateBudgetDraftRequest& req);
  Task<absl::StatusOr<v1::GetBudgetDraftResponse>> GetBudgetDraft(const Caller& caller,
                                                                  const v1::GetBudgetDraftRequest& req);
  Task<absl::StatusOr<v1::ListBudgetDraftsResponse>> ListBudgetDrafts(const Caller& caller,
                                                                      const v1::ListBudgetDraftsRequest& req);
  Task<absl::StatusOr<v1::OpenBudgetStageResponse>> OpenBudgetStage(const Caller& caller,
                                                                    const v1::OpenBudgetStageRequest& req);
  Task<absl::StatusOr<v1::CloseBudgetStageResponse>> CloseBudgetStage(const Caller& caller,
                                                                      const v1::CloseBudgetStageRequest& req);
  Task<absl::StatusOr<v1::ReviseBudgetDraftResponse>> ReviseBudgetDraft(const Caller& caller,
                                                                        const v1::ReviseBudgetDraftRequest& req);
  Task<absl::StatusOr<v1::GiveBudgetOpinionResponse>> GiveBudgetOpinion(const Caller& caller,
                                                                        const v1::GiveBudgetOpinionRequest& req);
  Task<absl::StatusOr<v1::AnswerBudgetOpinionResponse>> AnswerBudgetOpinion(const Caller& caller,
                                                                            const v1::AnswerBudgetOpinionRequest& req);
  Task<absl::StatusOr<v1::ListBudgetOpinionsResponse>> ListBudgetOpinions(const Caller& caller,
                                                                          const v1::ListBudgetOpinionsRequest& req);
  Task<absl::StatusOr<v1::TraceBudgetOpinionsResponse>> TraceBudgetOpinions(const Caller& caller,
                                                                            const v1::TraceBudgetOpinionsRequest& req);

 private:
  Runtime runtime_;
  const SupervisionStore* store_;
  std::shared_ptr<const Peers> peers_;
};

}  // namespace renda::supervision
