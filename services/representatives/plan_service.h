#pragma once
// The gRPC adapter of the menu-style work plan. Rules live in plan_logic.h.

#include <memory>
#include <string>
#include <vector>

#include "renda/representatives/v1/work_plan.grpc.pb.h"
#include "services/common/call.h"
#include "services/common/server.h"
#include "services/common/store.h"

namespace renda::representatives {

// Who may call each RPC.
const AccessTable& WorkPlanAccess();

// Checks that every deputy in `ids` exists and is serving (one read each, in order) and answers
// their versions, for CheckOnly entries of the write that gives them the duty; the first
// refusal (NOT_FOUND, FAILED_PRECONDITION DEPUTY_NOT_SERVING) ends it.
void CheckDeputiesServing(EntityStore* store, std::string congress, std::vector<std::string> ids,
                          Callback<std::vector<int64_t>> done);

// PERMISSION_DENIED unless the caller is staff or admin, or the deputy `deputy_id` themself.
absl::Status CheckSelfOrStaff(const Caller& caller, const std::string& deputy_id);

class WorkPlanService final : public v1::WorkPlanService::CallbackService {
 public:
  explicit WorkPlanService(const Runtime& runtime);

  grpc::ServerUnaryReactor* CreateActivity(grpc::CallbackServerContext* ctx, const v1::CreateActivityRequest* req,
                                           v1::CreateActivityResponse* resp) override;
  grpc::ServerUnaryReactor* GetActivity(grpc::CallbackServerContext* ctx, const v1::GetActivityRequest* req,
                                        v1::GetActivityResponse* resp) override;
  grpc::ServerUnaryReactor* ListActivities(grpc::CallbackServerContext* ctx, const v1::ListActivitiesRequest* req,
                                           v1::ListActivitiesResponse* resp) override;
  grpc::ServerUnaryReactor* SignUp(grpc::CallbackServerContext* ctx, const v1::SignUpRequest* req,
                                   v1::SignUpResponse* resp) override;
  grpc::ServerUnaryReactor* Withdraw(grpc::CallbackServerContext* ctx, const v1::WithdrawRequest* req,
                                     v1::WithdrawResponse* resp) override;
  grpc::ServerUnaryReactor* RecordAttendance(grpc::CallbackServerContext* ctx,
                                             const v1::RecordAttendanceRequest* req,
                                             v1::RecordAttendanceResponse* resp) override;
  grpc::ServerUnaryReactor* ListDeputySignUps(grpc::CallbackServerContext* ctx,
                                              const v1::ListDeputySignUpsRequest* req,
                                              v1::ListDeputySignUpsResponse* resp) override;

 private:
  Runtime runtime_;
  EntityStore store_;
  CallRunner runner_;
};

}  // namespace renda::representatives
