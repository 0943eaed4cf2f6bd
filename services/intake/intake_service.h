#pragma once
// The gRPC adapter of citizens' opinions and their closed loop: each RPC validates, authorizes,
// and calls the case rules (opinion_logic, case_logic) and the store kit. A background thread
// sweeps deadlines (escalation, closing without feedback) when options.sweep_interval is set.

#include <functional>
#include <thread>

#include "absl/synchronization/notification.h"
#include "renda/intake/v1/intake.grpc.pb.h"
#include "services/common/call.h"
#include "services/common/entity_ops.h"
#include "services/common/names.h"
#include "services/common/rate_limit.h"
#include "services/common/server.h"
#include "services/common/store.h"
#include "services/intake/case_logic.h"
#include "services/intake/embedded_taxonomy.h"
#include "services/intake/opinion_logic.h"
#include "services/intake/services.h"
#include "services/intake/text_indexer.h"
#include "services/intake/working_calendar.h"

namespace renda::intake {

// Who may call each RPC.
const AccessTable& IntakeAccess();

class IntakeService final : public v1::IntakeService::CallbackService {
 public:
  explicit IntakeService(const Runtime& runtime, const IntakeOptions& options = IntakeOptions());
  ~IntakeService() override;

  grpc::ServerUnaryReactor* SubmitOpinion(grpc::CallbackServerContext* ctx, const v1::SubmitOpinionRequest* req,
                                          v1::SubmitOpinionResponse* resp) override;
  grpc::ServerUnaryReactor* GetOpinion(grpc::CallbackServerContext* ctx, const v1::GetOpinionRequest* req,
                                       v1::GetOpinionResponse* resp) override;
  grpc::ServerUnaryReactor* ListOpinions(grpc::CallbackServerContext* ctx, const v1::ListOpinionsRequest* req,
                                         v1::ListOpinionsResponse* resp) override;
  grpc::ServerUnaryReactor* LookupOpinion(grpc::CallbackServerContext* ctx, const v1::LookupOpinionRequest* req,
                                          v1::LookupOpinionResponse* resp) override;
  grpc::ServerUnaryReactor* ClassifyOpinion(grpc::CallbackServerContext* ctx, const v1::ClassifyOpinionRequest* req,
                                            v1::ClassifyOpinionResponse* resp) override;
  grpc::ServerUnaryReactor* ReviewOpinion(grpc::CallbackServerContext* ctx, const v1::ReviewOpinionRequest* req,
                                          v1::ReviewOpinionResponse* resp) override;
  grpc::ServerUnaryReactor* AssignOpinion(grpc::CallbackServerContext* ctx, const v1::AssignOpinionRequest* req,
                                          v1::AssignOpinionResponse* resp) override;
  grpc::ServerUnaryReactor* StartHandlingOpinion(grpc::CallbackServerContext* ctx,
                                                 const v1::StartHandlingOpinionRequest* req,
                                                 v1::StartHandlingOpinionResponse* resp) override;
  grpc::ServerUnaryReactor* ReplyOpinion(grpc::CallbackServerContext* ctx, const v1::ReplyOpinionRequest* req,
                                         v1::ReplyOpinionResponse* resp) override;
  grpc::ServerUnaryReactor* GiveOpinionFeedback(grpc::CallbackServerContext* ctx,
                                                const v1::GiveOpinionFeedbackRequest* req,
                                                v1::GiveOpinionFeedbackResponse* resp) override;
  grpc::ServerUnaryReactor* MergeOpinion(grpc::CallbackServerContext* ctx, const v1::MergeOpinionRequest* req,
                                         v1::MergeOpinionResponse* resp) override;
  grpc::ServerUnaryReactor* ListSimilarOpinions(grpc::CallbackServerContext* ctx,
                                                const v1::ListSimilarOpinionsRequest* req,
                                                v1::ListSimilarOpinionsResponse* resp) override;
  grpc::ServerUnaryReactor* SweepOpinionDeadlines(grpc::CallbackServerContext* ctx,
                                                  const v1::SweepOpinionDeadlinesRequest* req,
                                                  v1::SweepOpinionDeadlinesResponse* resp) override;
  grpc::ServerUnaryReactor* PublishOpinion(grpc::CallbackServerContext* ctx, const v1::PublishOpinionRequest* req,
                                           v1::PublishOpinionResponse* resp) override;
  grpc::ServerUnaryReactor* ListPublishedOpinions(grpc::CallbackServerContext* ctx,
                                                  const v1::ListPublishedOpinionsRequest* req,
                                                  v1::ListPublishedOpinionsResponse* resp) override;
  grpc::ServerUnaryReactor* ListChanges(grpc::CallbackServerContext* ctx, const v1::ListChangesRequest* req,
                                        v1::ListChangesResponse* resp) override;
  grpc::ServerWriteReactor<v1::WatchChangesResponse>* WatchChanges(grpc::CallbackServerContext* ctx,
                                                                   const v1::WatchChangesRequest* req) override;

  // What one sweep did.
  struct SweepResult {
    int escalated = 0;
    int closed_no_response = 0;
  };
  // Sweeps the deadlines of one congress as of the clock's now.
  void Sweep(const std::string& congress, Callback<SweepResult> done);

 private:
  // One change of one case: read, check who may touch it, compute, write — with the cases
  // merged into it following its outcome in the same atomic step.
  struct CaseChange {
    Caller caller;
    std::string congress;
    std::string id;
    std::string name;
    std::string etag;
    std::string request_id;
    std::function<absl::StatusOr<Opinion>(const Opinion&)> mutate;
  };
  void ChangeCase(CaseChange change, const google::protobuf::Message& request, Callback<Opinion> done);
  // ChangeCase, answering with the changed case as the caller may see it in `out`.
  void ChangeCaseAndAnswer(CaseChange change, const google::protobuf::Message& request, Opinion* out, Finish finish);
  // The case with this tracking code (NOT_FOUND when none).
  void FindByTrackingCode(const std::string& congress, const std::string& code, Callback<Opinion> done);
  void SweepLoop();

  Runtime runtime_;
  IntakeOptions options_;
  Taxonomy taxonomy_;
  const WorkingCalendar& calendar_;
  EntityStore store_;
  RateLimiter limiter_;
  CallRunner runner_;
  absl::Notification stop_;
  std::thread sweeper_;
  std::unique_ptr<TextIndexer> indexer_;
};

}  // namespace renda::intake
