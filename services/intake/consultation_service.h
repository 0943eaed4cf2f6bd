#pragma once
// The gRPC adapter of ConsultationService: each RPC hands the call to ConsultationCore.

#include "renda/intake/v1/consultation.grpc.pb.h"
#include "services/common/call.h"
#include "services/common/server.h"
#include "services/intake/consultation_core.h"
#include "services/intake/intake_store.h"
#include "services/intake/intake_options.h"

namespace renda::intake {

class ConsultationService final : public v1::ConsultationService::CallbackService {
 public:
  ConsultationService(const Runtime& runtime, const IntakeOptions& options)
      : store_(runtime.redis),
        core_(runtime, options.anonymous, &store_),
        runner_("consultation", &ConsultationAccess(), runtime.auth) {}

  grpc::ServerUnaryReactor* CreateConsultation(grpc::CallbackServerContext* ctx,
                                               const v1::CreateConsultationRequest* req,
                                               v1::CreateConsultationResponse* resp) override {
    return runner_.Serve(ctx, "CreateConsultation", req, resp, &core_, &ConsultationCore::CreateConsultation);
  }
  grpc::ServerUnaryReactor* GetConsultation(grpc::CallbackServerContext* ctx, const v1::GetConsultationRequest* req,
                                            v1::GetConsultationResponse* resp) override {
    return runner_.Serve(ctx, "GetConsultation", req, resp, &core_, &ConsultationCore::GetConsultation);
  }
  grpc::ServerUnaryReactor* ListConsultations(grpc::CallbackServerContext* ctx, const v1::ListConsultationsRequest* req,
                                              v1::ListConsultationsResponse* resp) override {
    return runner_.Serve(ctx, "ListConsultations", req, resp, &core_, &ConsultationCore::ListConsultations);
  }
  grpc::ServerUnaryReactor* ListDraftVersions(grpc::CallbackServerContext* ctx, const v1::ListDraftVersionsRequest* req,
                                              v1::ListDraftVersionsResponse* resp) override {
    return runner_.Serve(ctx, "ListDraftVersions", req, resp, &core_, &ConsultationCore::ListDraftVersions);
  }
  grpc::ServerUnaryReactor* ReviseDraft(grpc::CallbackServerContext* ctx, const v1::ReviseDraftRequest* req,
                                        v1::ReviseDraftResponse* resp) override {
    return runner_.Serve(ctx, "ReviseDraft", req, resp, &core_, &ConsultationCore::ReviseDraft);
  }
  grpc::ServerUnaryReactor* OpenConsultation(grpc::CallbackServerContext* ctx, const v1::OpenConsultationRequest* req,
                                             v1::OpenConsultationResponse* resp) override {
    return runner_.Serve(ctx, "OpenConsultation", req, resp, &core_, &ConsultationCore::OpenConsultation);
  }
  grpc::ServerUnaryReactor* CloseConsultation(grpc::CallbackServerContext* ctx, const v1::CloseConsultationRequest* req,
                                              v1::CloseConsultationResponse* resp) override {
    return runner_.Serve(ctx, "CloseConsultation", req, resp, &core_, &ConsultationCore::CloseConsultation);
  }
  grpc::ServerUnaryReactor* SummarizeConsultation(grpc::CallbackServerContext* ctx,
                                                  const v1::SummarizeConsultationRequest* req,
                                                  v1::SummarizeConsultationResponse* resp) override {
    return runner_.Serve(ctx, "SummarizeConsultation", req, resp, &core_, &ConsultationCore::SummarizeConsultation);
  }
  grpc::ServerUnaryReactor* AddComment(grpc::CallbackServerContext* ctx, const v1::AddCommentRequest* req,
                                       v1::AddCommentResponse* resp) override {
    return runner_.Serve(ctx, "AddComment", req, resp, &core_, &ConsultationCore::AddComment);
  }
  grpc::ServerUnaryReactor* GetComment(grpc::CallbackServerContext* ctx, const v1::GetCommentRequest* req,
                                       v1::GetCommentResponse* resp) override {
    return runner_.Serve(ctx, "GetComment", req, resp, &core_, &ConsultationCore::GetComment);
  }
  grpc::ServerUnaryReactor* ListComments(grpc::CallbackServerContext* ctx, const v1::ListCommentsRequest* req,
                                         v1::ListCommentsResponse* resp) override {
    return runner_.Serve(ctx, "ListComments", req, resp, &core_, &ConsultationCore::ListComments);
  }
  grpc::ServerUnaryReactor* HideComment(grpc::CallbackServerContext* ctx, const v1::HideCommentRequest* req,
                                        v1::HideCommentResponse* resp) override {
    return runner_.Serve(ctx, "HideComment", req, resp, &core_, &ConsultationCore::HideComment);
  }
  grpc::ServerUnaryReactor* RestoreComment(grpc::CallbackServerContext* ctx, const v1::RestoreCommentRequest* req,
                                           v1::RestoreCommentResponse* resp) override {
    return runner_.Serve(ctx, "RestoreComment", req, resp, &core_, &ConsultationCore::RestoreComment);
  }
  grpc::ServerUnaryReactor* DecideComment(grpc::CallbackServerContext* ctx, const v1::DecideCommentRequest* req,
                                          v1::DecideCommentResponse* resp) override {
    return runner_.Serve(ctx, "DecideComment", req, resp, &core_, &ConsultationCore::DecideComment);
  }
  grpc::ServerUnaryReactor* GetCommentStatistics(grpc::CallbackServerContext* ctx,
                                                 const v1::GetCommentStatisticsRequest* req,
                                                 v1::GetCommentStatisticsResponse* resp) override {
    return runner_.Serve(ctx, "GetCommentStatistics", req, resp, &core_, &ConsultationCore::GetCommentStatistics);
  }

 private:
  IntakeStore store_;
  ConsultationCore core_;
  CallRunner runner_;
};

}  // namespace renda::intake
