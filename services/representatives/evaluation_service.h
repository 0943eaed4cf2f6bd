#pragma once
// The gRPC adapter of EvaluationService: each RPC hands the call to EvaluationCore.

#include "renda/representatives/v1/evaluation.grpc.pb.h"
#include "services/common/call.h"
#include "services/common/server.h"
#include "services/representatives/evaluation_core.h"
#include "services/representatives/representatives_store.h"

namespace renda::representatives {

class EvaluationService final : public v1::EvaluationService::CallbackService {
 public:
  explicit EvaluationService(const Runtime& runtime)
      : store_(runtime.redis), core_(runtime, &store_), runner_("evaluation", &EvaluationAccess(), runtime.auth) {}

  RENDA_RPC(EvaluationCore, CreateScoringRules)
  RENDA_RPC(EvaluationCore, GetScoringRules)
  RENDA_RPC(EvaluationCore, GetDeputyScore)
  RENDA_RPC(EvaluationCore, RankDeputies)
  RENDA_RPC(EvaluationCore, EvaluateExitRules)
  RENDA_RPC(EvaluationCore, GetExitCase)
  RENDA_RPC(EvaluationCore, ListExitCases)
  RENDA_RPC(EvaluationCore, NotifyDeputy)
  RENDA_RPC(EvaluationCore, RecordStatement)
  RENDA_RPC(EvaluationCore, DecideExitCase)
  RENDA_RPC(EvaluationCore, GetAnnualDutyReport)

 private:
  RepresentativesStore store_;
  EvaluationCore core_;
  CallRunner runner_;
};

}  // namespace renda::representatives
