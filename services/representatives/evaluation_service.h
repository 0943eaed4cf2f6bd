#pragma once
// The gRPC adapter of EvaluationService: versioned scoring rules, scores and rankings, exit
// cases, annual duty report data. Also the store reads the duty records service shares with it
// (the rules; the exit case a confirmed absence opens).

#include <optional>

#include "renda/representatives/v1/evaluation.grpc.pb.h"
#include "services/common/call.h"
#include "services/common/server.h"
#include "services/common/store.h"

namespace renda::representatives {

// Who may call each RPC.
const AccessTable& EvaluationAccess();

// Reads rules version `version` of `congress`, or the latest when 0 (one store read).
// NOT_FOUND: SCORING_RULES_NOT_FOUND for a missing version, NO_SCORING_RULES when none exist.
void ReadScoringRules(EntityStore* store, absl::string_view congress, int version,
                      Callback<v1::ScoringRules> done);

// When `record` (as it is about to be stored) is a confirmed session absence without approval,
// reads the deputy's other counted absences and the latest rules (two store reads) and returns
// the kEnsure write of the TWO_SESSIONS_MISSED_WITHOUT_APPROVAL case it completes, if it does;
// std::nullopt otherwise (without reading anything for other records).
void AbsenceCaseWrite(EntityStore* store, absl::string_view congress, const v1::DutyRecord& record,
                      absl::string_view actor, absl::string_view request_id, absl::Time now,
                      Callback<std::optional<EntityStore::EntityWrite>> done);

class EvaluationService final : public v1::EvaluationService::CallbackService {
 public:
  explicit EvaluationService(const Runtime& runtime);

  grpc::ServerUnaryReactor* CreateScoringRules(grpc::CallbackServerContext* ctx,
                                               const v1::CreateScoringRulesRequest* req,
                                               v1::CreateScoringRulesResponse* resp) override;
  grpc::ServerUnaryReactor* GetScoringRules(grpc::CallbackServerContext* ctx, const v1::GetScoringRulesRequest* req,
                                            v1::GetScoringRulesResponse* resp) override;
  grpc::ServerUnaryReactor* GetDeputyScore(grpc::CallbackServerContext* ctx, const v1::GetDeputyScoreRequest* req,
                                           v1::GetDeputyScoreResponse* resp) override;
  grpc::ServerUnaryReactor* RankDeputies(grpc::CallbackServerContext* ctx, const v1::RankDeputiesRequest* req,
                                         v1::RankDeputiesResponse* resp) override;
  grpc::ServerUnaryReactor* EvaluateExitRules(grpc::CallbackServerContext* ctx,
                                              const v1::EvaluateExitRulesRequest* req,
                                              v1::EvaluateExitRulesResponse* resp) override;
  grpc::ServerUnaryReactor* GetExitCase(grpc::CallbackServerContext* ctx, const v1::GetExitCaseRequest* req,
                                        v1::GetExitCaseResponse* resp) override;
  grpc::ServerUnaryReactor* ListExitCases(grpc::CallbackServerContext* ctx, const v1::ListExitCasesRequest* req,
                                          v1::ListExitCasesResponse* resp) override;
  grpc::ServerUnaryReactor* NotifyDeputy(grpc::CallbackServerContext* ctx, const v1::NotifyDeputyRequest* req,
                                         v1::NotifyDeputyResponse* resp) override;
  grpc::ServerUnaryReactor* RecordStatement(grpc::CallbackServerContext* ctx, const v1::RecordStatementRequest* req,
                                            v1::RecordStatementResponse* resp) override;
  grpc::ServerUnaryReactor* DecideExitCase(grpc::CallbackServerContext* ctx, const v1::DecideExitCaseRequest* req,
                                           v1::DecideExitCaseResponse* resp) override;
  grpc::ServerUnaryReactor* GetAnnualDutyReport(grpc::CallbackServerContext* ctx,
                                                const v1::GetAnnualDutyReportRequest* req,
                                                v1::GetAnnualDutyReportResponse* resp) override;

 private:
  Runtime runtime_;
  EntityStore store_;
  CallRunner runner_;
};

}  // namespace renda::representatives
