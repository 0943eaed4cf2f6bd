#pragma once
// The gRPC adapter of ObligationService: each RPC hands the call to ObligationCore.

#include "renda/supervision/v1/obligations.grpc.pb.h"
#include "services/common/call.h"
#include "services/common/server.h"
#include "services/supervision/obligation_core.h"
#include "services/supervision/supervision_store.h"

namespace renda::supervision {

class ObligationService final : public v1::ObligationService::CallbackService {
 public:
  explicit ObligationService(const Runtime& runtime)
      : store_(runtime.redis), core_(runtime, &store_), runner_("supervision", &ObligationAccess(), runtime.auth) {}

  RENDA_RPC(ObligationCore, CreateReportingObligation)
  RENDA_RPC(ObligationCore, GetReportingObligation)
  RENDA_RPC(ObligationCore, ListReportingObligations)
  RENDA_RPC(ObligationCore, SubmitObligationReport)

 private:
  SupervisionStore store_;
  ObligationCore core_;
  CallRunner runner_;
};

}  // namespace renda::supervision
