#pragma once
// EvaluationService's core: versioned scoring rules, scores and rankings, the exit rules and
// exit cases, the annual duty report's data. No gRPC here (the adapter in evaluation_service.h
// is one line per RPC).

#include "absl/status/statusor.h"
#include "renda/representatives/v1/evaluation.pb.h"
#include "services/common/auth.h"
#include "services/common/server.h"
#include "services/common/task.h"
#include "services/representatives/representatives_store.h"

namespace renda::representatives {

// Who may call each RPC.
const AccessTable& EvaluationAccess();

class EvaluationCore {
 public:
  EvaluationCore(const Runtime& runtime, const RepresentativesStore* store) : runtime_(runtime), store_(store) {}

  Task<absl::StatusOr<v1::CreateScoringRulesResponse>> CreateScoringRules(const Caller& caller,
                                                                          const v1::CreateScoringRulesRequest& req);
  Task<absl::StatusOr<v1::GetScoringRulesResponse>> GetScoringRules(const Caller& caller,
                                                                    const v1::GetScoringRulesRequest& req);
  Task<absl::StatusOr<v1::GetDeputyScoreResponse>> GetDeputyScore(const Caller& caller,
                                                                  const v1::GetDeputyScoreRequest& req);
  Task<absl::StatusOr<v1::RankDeputiesResponse>> RankDeputies(const Caller& caller, const v1::RankDeputiesRequest& req);
  Task<absl::StatusOr<v1::EvaluateExitRulesResponse>> EvaluateExitRules(const Caller& caller,
                                                                        const v1::EvaluateExitRulesRequest& req);
  Task<absl::StatusOr<v1::GetExitCaseResponse>> GetExitCase(const Caller& caller, const v1::GetExitCaseRequest& req);
  Task<absl::StatusOr<v1::ListExitCasesResponse>> ListExitCases(const Caller& caller,
                                                                const v1::ListExitCasesRequest& req);
  Task<absl::StatusOr<v1::NotifyDeputyResponse>> NotifyDeputy(const Caller& caller, const v1::NotifyDeputyRequest& req);
  Task<absl::StatusOr<v1::RecordStatementResponse>> RecordStatement(const Caller& caller,
                                                                    const v1::RecordStatementRequest& req);
  Task<absl::StatusOr<v1::DecideExitCaseResponse>> DecideExitCase(const Caller& caller,
                                                                  const v1::DecideExitCaseRequest& req);
  Task<absl::StatusOr<v1::GetAnnualDutyReportResponse>> GetAnnualDutyReport(const Caller& caller,
                                                                            const v1::GetAnnualDutyReportRequest& req);

 private:
  Runtime runtime_;
  const RepresentativesStore* store_;
};

}  // namespace renda::representatives
