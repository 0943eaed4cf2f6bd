#pragma once
// ConsultationService's core: public consultations (公开征集意见) with their draft versions,
// comments, moderation, adoption decisions and statistics. Each method takes the caller and the
// request and answers the response or an error; no gRPC here (the adapter in
// consultation_service.h is one line per RPC).

#include "absl/status/statusor.h"
#include "renda/intake/v1/consultation.pb.h"
#include "services/common/auth.h"
#include "services/common/rate_limit.h"
#include "services/common/server.h"
#include "services/common/task.h"
#include "services/intake/intake_store.h"

namespace renda::intake {

// Who may call each RPC.
const AccessTable& ConsultationAccess();

class ConsultationCore {
 public:
  // `anonymous`: what one anonymous client may comment per window.
  ConsultationCore(const Runtime& runtime, RateLimit anonymous, const IntakeStore* store)
      : runtime_(runtime), anonymous_(anonymous), store_(store), limiter_(runtime.redis, "in") {}

  Task<absl::StatusOr<v1::CreateConsultationResponse>> CreateConsultation(const Caller& caller,
                                                                          const v1::CreateConsultationRequest& req);
  Task<absl::StatusOr<v1::GetConsultationResponse>> GetConsultation(const Caller& caller,
                                                                    const v1::GetConsultationRequest& req);
  Task<absl::StatusOr<v1::ListConsultationsResponse>> ListConsultations(const Caller& caller,
                                                                        const v1::ListConsultationsRequest& req);
  Task<absl::StatusOr<v1::ListDraftVersionsResponse>> ListDraftVersions(const Caller& caller,
                                                                        const v1::ListDraftVersionsRequest& req);
  Task<absl::StatusOr<v1::ReviseDraftResponse>> ReviseDraft(const Caller& caller, const v1::ReviseDraftRequest& req);
  Task<absl::StatusOr<v1::OpenConsultationResponse>> OpenConsultation(const Caller& caller,
                                                                      const v1::OpenConsultationRequest& req);
  Task<absl::StatusOr<v1::CloseConsultationResponse>> CloseConsultation(const Caller& caller,
                                                                        const v1::CloseConsultationRequest& req);
  Task<absl::StatusOr<v1::SummarizeConsultationResponse>> SummarizeConsultation(
      const Caller& caller, const v1::SummarizeConsultationRequest& req);
  Task<absl::StatusOr<v1::AddCommentResponse>> AddComment(const Caller& caller, const v1::AddCommentRequest& req);
  Task<absl::StatusOr<v1::GetCommentResponse>> GetComment(const Caller& caller, const v1::GetCommentRequest& req);
  Task<absl::StatusOr<v1::ListCommentsResponse>> ListComments(const Caller& caller,
                                                              const v1::ListCommentsRequest& req);
  Task<absl::StatusOr<v1::HideCommentResponse>> HideComment(const Caller& caller, const v1::HideCommentRequest& req);
  Task<absl::StatusOr<v1::RestoreCommentResponse>> RestoreComment(const Caller& caller,
                                                                  const v1::RestoreCommentRequest& req);
  Task<absl::StatusOr<v1::DecideCommentResponse>> DecideComment(const Caller& caller,
                                                                const v1::DecideCommentRequest& req);
  Task<absl::StatusOr<v1::GetCommentStatisticsResponse>> GetCommentStatistics(
      const Caller& caller, const v1::GetCommentStatisticsRequest& req);

 private:
  Runtime runtime_;
  RateLimit anonymous_;
  const IntakeStore* store_;
  RateLimiter limiter_;
};

}  // namespace renda::intake
