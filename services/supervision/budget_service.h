#pragma once
// The gRPC adapter of BudgetService: each RPC hands the call to BudgetCore.

#include <memory>

#include "renda/supervision/v1/budget.grpc.pb.h"
#include "services/common/call.h"
#include "services/common/server.h"
#include "services/supervision/budget_core.h"
#include "services/supervision/peers.h"
#include "services/supervision/supervision_store.h"

namespace renda::supervision {

class BudgetService final : public v1::BudgetService::CallbackService {
 public:
  BudgetService(const Runtime& runtime, std::shared_ptr<const Peers> peers)
      : store_(runtime.redis),
        core_(runtime, &store_, std::move(peers)),
        runner_("supervision", &BudgetAccess(), runtime.auth) {}

  RENDA_RPC(BudgetCore, CreateBudgetDraft)
  RENDA_RPC(BudgetCore, GetBudgetDraft)
  RENDA_RPC(BudgetCore, ListBudgetDrafts)
  RENDA_RPC(BudgetCore, OpenBudgetStage)
  RENDA_RPC(BudgetCore, CloseBudgetStage)
  RENDA_RPC(BudgetCore, ReviseBudgetDraft)
  RENDA_RPC(BudgetCore, GiveBudgetOpinion)
  RENDA_RPC(BudgetCore, AnswerBudgetOpinion)
  RENDA_RPC(BudgetCore, ListBudgetOpinions)
  RENDA_RPC(BudgetCore, TraceBudgetOpinions)

 private:
  SupervisionStore store_;
  BudgetCore core_;
  CallRunner runner_;
};

}  // namespace renda::supervision
