#pragma once
// The gRPC adapter of public consultations (公开征集意见): each RPC validates, authorizes, and
// calls the rules in consultation_logic.h and the store kit.

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "renda/intake/v1/consultation.grpc.pb.h"
#include "services/common/call.h"
#include "services/common/names.h"
#include "services/common/rate_limit.h"
#include "services/common/server.h"
#include "services/common/store.h"
#include "services/intake/consultation_logic.h"
#include "services/intake/services.h"

namespace renda::intake {

// Who may call each RPC.
const AccessTable& ConsultationAccess();

class ConsultationService final : public v1::ConsultationService::CallbackService {
 public:
  ConsultationService(const Runtime& runtime, const IntakeOptions& options);

  grpc::ServerUnaryReactor* CreateConsultation(grpc::CallbackServerContext* ctx,
                                               const v1::CreateConsultationRequest* req,
                                               v1::CreateConsultationResponse* resp) override;
  grpc::ServerUnaryReactor* GetConsultation(grpc::CallbackServerContext* ctx, const v1::GetConsultationRequest* req,
                                            v1::GetConsultationResponse* resp) override;
  grpc::ServerUnaryReactor* ListConsultations(grpc::CallbackServerContext* ctx, const v1::ListConsultationsRequest* req,
                                              v1::ListConsultationsResponse* resp) override;
  grpc::ServerUnaryReactor* ListDraftVersions(grpc::CallbackServerContext* ctx, const v1::ListDraftVersionsRequest* req,
                                              v1::ListDraftVersionsResponse* resp) override;
  grpc::ServerUnaryReactor* ReviseDraft(grpc::CallbackServerContext* ctx, const v1::ReviseDraftRequest* req,
                                        v1::ReviseDraftResponse* resp) override;
  grpc::ServerUnaryReactor* OpenConsultation(grpc::CallbackServerContext* ctx, const v1::OpenConsultationRequest* req,
                                             v1::OpenConsultationResponse* resp) override;
  grpc::ServerUnaryReactor* CloseConsultation(grpc::CallbackServerContext* ctx, const v1::CloseConsultationRequest* req,
                                              v1::CloseConsultationResponse* resp) override;
  grpc::ServerUnaryReactor* SummarizeConsultation(grpc::CallbackServerContext* ctx,
                                                  const v1::SummarizeConsultationRequest* req,
                                                  v1::SummarizeConsultationResponse* resp) override;
  grpc::ServerUnaryReactor* AddComment(grpc::CallbackServerContext* ctx, const v1::AddCommentRequest* req,
                                       v1::AddCommentResponse* resp) override;
  grpc::ServerUnaryReactor* GetComment(grpc::CallbackServerContext* ctx, const v1::GetCommentRequest* req,
                                       v1::GetCommentResponse* resp) override;
  grpc::ServerUnaryReactor* ListComments(grpc::CallbackServerContext* ctx, const v1::ListCommentsRequest* req,
                                         v1::ListCommentsResponse* resp) override;
  grpc::ServerUnaryReactor* HideComment(grpc::CallbackServerContext* ctx, const v1::HideCommentRequest* req,
                                        v1::HideCommentResponse* resp) override;
  grpc::ServerUnaryReactor* RestoreComment(grpc::CallbackServerContext* ctx, const v1::RestoreCommentRequest* req,
                                           v1::RestoreCommentResponse* resp) override;
  grpc::ServerUnaryReactor* DecideComment(grpc::CallbackServerContext* ctx, const v1::DecideCommentRequest* req,
                                          v1::DecideCommentResponse* resp) override;
  grpc::ServerUnaryReactor* GetCommentStatistics(grpc::CallbackServerContext* ctx,
                                                 const v1::GetCommentStatisticsRequest* req,
                                                 v1::GetCommentStatisticsResponse* resp) override;

 private:
  // Reads a consultation with its version; NOT_FOUND when absent.
  void ReadConsultation(const std::string& congress, const std::string& id, const std::string& name,
                        Callback<std::pair<Consultation, int64_t>> done);
  // Reads a consultation the caller may read (PERMISSION_DENIED for a DRAFT otherwise).
  void ReadReadable(const Caller& caller, const std::string& congress, const std::string& id, const std::string& name,
                    Callback<std::pair<Consultation, int64_t>> done);
  // The sizes of the given indexes of `congress`, read in one atomic step.
  void CountIndexes(const std::string& congress, const std::vector<std::string>& indexes,
                    Callback<std::vector<int64_t>> done);
  // One try of AddComment (after validation, the rate limit and the replay check); a write that
  // lost a race with a change of the consultation tries again.
  void AddCommentAttempt(const Caller& caller, const ResourceName& parent, const v1::AddCommentRequest* req,
                         v1::AddCommentResponse* resp, Finish finish, int attempts_left);
  // One try of DecideComment, likewise.
  void DecideAttempt(const Caller& caller, const CommentName& name, const v1::DecideCommentRequest* req,
                     v1::DecideCommentResponse* resp, Finish finish, int attempts_left);
  // A hide or restore.
  void Moderate(const Caller& caller, const CommentName& name, const google::protobuf::Message& req,
                const std::string& full_name, const std::string& etag, const std::string& request_id,
                std::function<absl::StatusOr<ConsultationComment>(const ConsultationComment&, absl::Time)> apply,
                ConsultationComment* out, Finish finish);

  Runtime runtime_;
  IntakeOptions options_;
  EntityStore store_;
  RateLimiter limiter_;
  CallRunner runner_;
};

}  // namespace renda::intake
