#pragma once
// The gRPC adapter of WorkPlanService: each RPC hands the call to WorkPlanCore.

#include "renda/representatives/v1/work_plan.grpc.pb.h"
#include "services/common/call.h"
#include "services/common/server.h"
#include "services/representatives/plan_core.h"
#include "services/representatives/representatives_store.h"

namespace renda::representatives {

class WorkPlanService final : public v1::WorkPlanService::CallbackService {
 public:
  explicit WorkPlanService(const Runtime& runtime)
      : store_(runtime.redis), core_(runtime, &store_), runner_("workplan", &WorkPlanAccess(), runtime.auth) {}

  grpc::ServerUnaryReactor* CreateActivity(grpc::CallbackServerContext* ctx, const v1::CreateActivityRequest* req,
                                           v1::CreateActivityResponse* resp) override {
    return runner_.Serve(ctx, "CreateActivity", req, resp, &core_, &WorkPlanCore::CreateActivity);
  }
  grpc::ServerUnaryReactor* GetActivity(grpc::CallbackServerContext* ctx, const v1::GetActivityRequest* req,
                                        v1::GetActivityResponse* resp) override {
    return runner_.Serve(ctx, "GetActivity", req, resp, &core_, &WorkPlanCore::GetActivity);
  }
  grpc::ServerUnaryReactor* ListActivities(grpc::CallbackServerContext* ctx, const v1::ListActivitiesRequest* req,
                                           v1::ListActivitiesResponse* resp) override {
    return runner_.Serve(ctx, "ListActivities", req, resp, &core_, &WorkPlanCore::ListActivities);
  }
  grpc::ServerUnaryReactor* SignUp(grpc::CallbackServerContext* ctx, const v1::SignUpRequest* req,
                                   v1::SignUpResponse* resp) override {
    return runner_.Serve(ctx, "SignUp", req, resp, &core_, &WorkPlanCore::SignUp);
  }
  grpc::ServerUnaryReactor* Withdraw(grpc::CallbackServerContext* ctx, const v1::WithdrawRequest* req,
                                     v1::WithdrawResponse* resp) override {
    return runner_.Serve(ctx, "Withdraw", req, resp, &core_, &WorkPlanCore::Withdraw);
  }
  grpc::ServerUnaryReactor* RecordAttendance(grpc::CallbackServerContext* ctx, const v1::RecordAttendanceRequest* req,
                                             v1::RecordAttendanceResponse* resp) override {
    return runner_.Serve(ctx, "RecordAttendance", req, resp, &core_, &WorkPlanCore::RecordAttendance);
  }
  grpc::ServerUnaryReactor* ListDeputySignUps(grpc::CallbackServerContext* ctx, const v1::ListDeputySignUpsRequest* req,
                                              v1::ListDeputySignUpsResponse* resp) override {
    return runner_.Serve(ctx, "ListDeputySignUps", req, resp, &core_, &WorkPlanCore::ListDeputySignUps);
  }

 private:
  RepresentativesStore store_;
  WorkPlanCore core_;
  CallRunner runner_;
};

}  // namespace renda::representatives
