#pragma once
// The gRPC adapter of ResearchService: each RPC hands the call to ResearchCore.

#include "renda/supervision/v1/research.grpc.pb.h"
#include "services/common/call.h"
#include "services/common/server.h"
#include "services/supervision/research_core.h"
#include "services/supervision/supervision_store.h"

namespace renda::supervision {

class ResearchService final : public v1::ResearchService::CallbackService {
 public:
  explicit ResearchService(const Runtime& runtime)
      : store_(runtime.redis), core_(runtime, &store_), runner_("supervision", &ResearchAccess(), runtime.auth) {}

  RENDA_RPC(ResearchCore, CreateResearchPlan)
  RENDA_RPC(ResearchCore, ListResearchPlans)
  RENDA_RPC(ResearchCore, CreateResearchTopic)
  RENDA_RPC(ResearchCore, GetResearchTopic)
  RENDA_RPC(ResearchCore, ListResearchTopics)
  RENDA_RPC(ResearchCore, LogResearchDays)
  RENDA_RPC(ResearchCore, AddResearchReport)
  RENDA_RPC(ResearchCore, RecordResearchOutcome)
  RENDA_RPC(ResearchCore, ListResearchQuotaShortfalls)

 private:
  SupervisionStore store_;
  ResearchCore core_;
  CallRunner runner_;
};

}  // namespace renda::supervision
