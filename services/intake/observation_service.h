#pragma once
// The gRPC adapter of citizens' applications to observe meetings (ObservationService): each RPC
// hands the call to ObservationCore.

#include "renda/intake/v1/observation.grpc.pb.h"
#include "services/common/call.h"
#include "services/common/server.h"
#include "services/intake/intake_store.h"
#include "services/intake/observation_core.h"
#include "services/intake/services.h"

namespace renda::intake {

class ObservationService final : public v1::ObservationService::CallbackService {
 public:
  ObservationService(const Runtime& runtime, const IntakeOptions& options)
      : store_(runtime.redis),
        core_(runtime, &store_, options.anonymous),
        runner_("observation", &ObservationAccess(), runtime.auth) {}

  grpc::ServerUnaryReactor* CreateObservationMeeting(grpc::CallbackServerContext* ctx,
                                                     const v1::CreateObservationMeetingRequest* req,
                                                     v1::CreateObservationMeetingResponse* resp) override {
    return runner_.Serve(ctx, "CreateObservationMeeting", req, resp, &core_,
                         &ObservationCore::CreateObservationMeeting);
  }
  grpc::ServerUnaryReactor* GetObservationMeeting(grpc::CallbackServerContext* ctx,
                                                  const v1::GetObservationMeetingRequest* req,
                                                  v1::GetObservationMeetingResponse* resp) override {
    return runner_.Serve(ctx, "GetObservationMeeting", req, resp, &core_, &ObservationCore::GetObservationMeeting);
  }
  grpc::ServerUnaryReactor* ListObservationMeetings(grpc::CallbackServerContext* ctx,
                                                    const v1::ListObservationMeetingsRequest* req,
                                                    v1::ListObservationMeetingsResponse* resp) override {
    return runner_.Serve(ctx, "ListObservationMeetings", req, resp, &core_, &ObservationCore::ListObservationMeetings);
  }
  grpc::ServerUnaryReactor* SubmitObservationApplication(grpc::CallbackServerContext* ctx,
                                                         const v1::SubmitObservationApplicationRequest* req,
                                                         v1::SubmitObservationApplicationResponse* resp) override {
    return runner_.Serve(ctx, "SubmitObservationApplication", req, resp, &core_,
                         &ObservationCore::SubmitObservationApplication);
  }
  grpc::ServerUnaryReactor* GetObservationApplication(grpc::CallbackServerContext* ctx,
                                                      const v1::GetObservationApplicationRequest* req,
                                                      v1::GetObservationApplicationResponse* resp) override {
    return runner_.Serve(ctx, "GetObservationApplication", req, resp, &core_,
                         &ObservationCore::GetObservationApplication);
  }
  grpc::ServerUnaryReactor* LookupObservationApplication(grpc::CallbackServerContext* ctx,
                                                         const v1::LookupObservationApplicationRequest* req,
                                                         v1::LookupObservationApplicationResponse* resp) override {
    return runner_.Serve(ctx, "LookupObservationApplication", req, resp, &core_,
                         &ObservationCore::LookupObservationApplication);
  }
  grpc::ServerUnaryReactor* ListObservationApplications(grpc::CallbackServerContext* ctx,
                                                        const v1::ListObservationApplicationsRequest* req,
                                                        v1::ListObservationApplicationsResponse* resp) override {
    return runner_.Serve(ctx, "ListObservationApplications", req, resp, &core_,
                         &ObservationCore::ListObservationApplications);
  }
  grpc::ServerUnaryReactor* ApproveObservationApplicationsInOrder(
      grpc::CallbackServerContext* ctx, const v1::ApproveObservationApplicationsInOrderRequest* req,
      v1::ApproveObservationApplicationsInOrderResponse* resp) override {
    return runner_.Serve(ctx, "ApproveObservationApplicationsInOrder", req, resp, &core_,
                         &ObservationCore::ApproveObservationApplicationsInOrder);
  }
  grpc::ServerUnaryReactor* ApproveObservationApplication(grpc::CallbackServerContext* ctx,
                                                          const v1::ApproveObservationApplicationRequest* req,
                                                          v1::ApproveObservationApplicationResponse* resp) override {
    return runner_.Serve(ctx, "ApproveObservationApplication", req, resp, &core_,
                         &ObservationCore::ApproveObservationApplication);
  }
  grpc::ServerUnaryReactor* DeclineObservationApplication(grpc::CallbackServerContext* ctx,
                                                          const v1::DeclineObservationApplicationRequest* req,
                                                          v1::DeclineObservationApplicationResponse* resp) override {
    return runner_.Serve(ctx, "DeclineObservationApplication", req, resp, &core_,
                         &ObservationCore::DeclineObservationApplication);
  }
  grpc::ServerUnaryReactor* CancelObservationApplication(grpc::CallbackServerContext* ctx,
                                                         const v1::CancelObservationApplicationRequest* req,
                                                         v1::CancelObservationApplicationResponse* resp) override {
    return runner_.Serve(ctx, "CancelObservationApplication", req, resp, &core_,
                         &ObservationCore::CancelObservationApplication);
  }

 private:
  IntakeStore store_;
  ObservationCore core_;
  CallRunner runner_;
};

}  // namespace renda::intake
