#pragma once
// ResearchService's core: leaders' yearly research plans, research topics with the days spent,
// reports and results turned into action, and the yearly quota query. Rules live in
// research_logic.h.

#include "absl/status/statusor.h"
#include "renda/supervision/v1/research.pb.h"
#include "services/common/auth.h"
#include "services/common/server.h"
#include "services/common/task.h"
#include "services/supervision/research_logic.h"
#include "services/supervision/supervision_store.h"

namespace renda::supervision {

// Who may call each RPC.
const AccessTable& ResearchAccess();

class ResearchCore {
 public:
  ResearchCore(const Runtime& runtime, const SupervisionStore* store, ResearchQuota quota = {})
      : runtime_(runtime), store_(store), quota_(quota) {}

  Task<absl::StatusOr<v1::CreateResearchPlanResponse>> CreateResearchPlan(const Caller& caller,
                                                                          const v1::CreateResearchPlanRequest& req);
  Task<absl::StatusOr<v1::ListResearchPlansResponse>> ListResearchPlans(const Caller& caller,
                                                                        const v1::ListResearchPlansRequest& req);
  Task<absl::StatusOr<v1::CreateResearchTopicResponse>> CreateResearchTopic(const Caller& caller,
                                                                            const v1::CreateResearchTopicRequest& req);
  Task<absl::StatusOr<v1::GetResearchTopicResponse>> GetResearchTopic(const Caller& caller,
                                                                      const v1::GetResearchTopicRequest& req);
  Task<absl::StatusOr<v1::ListResearchTopicsResponse>> ListResearchTopics(const Caller& caller,
                                                                          const v1::ListResearchTopicsRequest& req);
  Task<absl::StatusOr<v1::LogResearchDaysResponse>> LogResearchDays(const Caller& caller,
                                                                    const v1::LogResearchDaysRequest& req);
  Task<absl::StatusOr<v1::AddResearchReportResponse>> AddResearchReport(const Caller& caller,
                                                                        const v1::AddResearchReportRequest& req);
  Task<absl::StatusOr<v1::RecordResearchOutcomeResponse>> RecordResearchOutcome(
      const Caller& caller, const v1::RecordResearchOutcomeRequest& req);
  Task<absl::StatusOr<v1::ListResearchQuotaShortfallsResponse>> ListResearchQuotaShortfalls(
      const Caller& caller, const v1::ListResearchQuotaShortfallsRequest& req);

 private:
  Runtime runtime_;
  const SupervisionStore* store_;
  ResearchQuota quota_;
};

}  // namespace renda::supervision
