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

  grpc::ServerUnaryReactor* CreateScoringRules(grpc::CallbackServerContext* ctx,
                                               const v1::CreateScoringRulesRequest* req,
                                               v1::CreateScoringRulesResponse* resp) override {
    return runner_.Serve(ctx, "CreateScoringRules", req, resp, &core_, &EvaluationCore::CreateScoringRules);
  }
  grpc::ServerUnaryReactor* GetScoringRules(grpc::CallbackServerContext* ctx, const v1::GetScoringRulesRequest* req,
                                            v1::GetScoringRulesResponse* resp) override {
    return runner_.Serve(ctx, "GetScoringRules", req, resp, &core_, &EvaluationCore::GetScoringRules);
  }
  grpc::ServerUnaryReactor* GetDeputyScore(grpc::CallbackServerContext* ctx, const v1::GetDeputyScoreRequest* req,
                                           v1::GetDeputyScoreResponse* resp) override {
    return runner_.Serve(ctx, "GetDeputyScore", req, resp, &core_, &EvaluationCore::GetDeputyScore);
  }
  grpc::ServerUnaryReactor* RankDeputies(grpc::CallbackServerContext* ctx, const v1::RankDeputiesRequest* req,
                                         v1::RankDeputiesResponse* resp) override {
    return runner_.Serve(ctx, "RankDeputies", req, resp, &core_, &EvaluationCore::RankDeputies);
  }
  grpc::ServerUnaryReactor* EvaluateExitRules(grpc::CallbackServerContext* ctx, const v1::EvaluateExitRulesRequest* req,
                                              v1::EvaluateExitRulesResponse* resp) override {
    return runner_.Serve(ctx, "EvaluateExitRules", req, resp, &core_, &EvaluationCore::EvaluateExitRules);
  }
  grpc::ServerUnaryReactor* GetExitCase(grpc::CallbackServerContext* ctx, const v1::GetExitCaseRequest* req,
                                        v1::GetExitCaseResponse* resp) override {
    return runner_.Serve(ctx, "GetExitCase", req, resp, &core_, &EvaluationCore::GetExitCase);
  }
  grpc::ServerUnaryReactor* ListExitCases(grpc::CallbackServerContext* ctx, const v1::ListExitCasesRequest* req,
                                          v1::ListExitCasesResponse* resp) override {
    return runner_.Serve(ctx, "ListExitCases", req, resp, &core_, &EvaluationCore::ListExitCases);
  }
  grpc::ServerUnaryReactor* NotifyDeputy(grpc::CallbackServerContext* ctx, const v1::NotifyDeputyRequest* req,
                                         v1::NotifyDeputyResponse* resp) override {
    return runner_.Serve(ctx, "NotifyDeputy", req, resp, &core_, &EvaluationCore::NotifyDeputy);
  }
  grpc::ServerUnaryReactor* RecordStatement(grpc::CallbackServerContext* ctx, const v1::RecordStatementRequest* req,
                                            v1::RecordStatementResponse* resp) override {
    return runner_.Serve(ctx, "RecordStatement", req, resp, &core_, &EvaluationCore::RecordStatement);
  }
  grpc::ServerUnaryReactor* DecideExitCase(grpc::CallbackServerContext* ctx, const v1::DecideExitCaseRequest* req,
                                           v1::DecideExitCaseResponse* resp) override {
    return runner_.Serve(ctx, "DecideExitCase", req, resp, &core_, &EvaluationCore::DecideExitCase);
  }
  grpc::ServerUnaryReactor* GetAnnualDutyReport(grpc::CallbackServerContext* ctx,
                                                const v1::GetAnnualDutyReportRequest* req,
                                                v1::GetAnnualDutyReportResponse* resp) override {
    return runner_.Serve(ctx, "GetAnnualDutyReport", req, resp, &core_, &EvaluationCore::GetAnnualDutyReport);
  }

 private:
  RepresentativesStore store_;
  EvaluationCore core_;
  CallRunner runner_;
};

}  // namespace renda::representatives
