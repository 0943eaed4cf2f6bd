#pragma once
// WorkPlanService's core: the menu-style work plan (activities, sign-ups with a waitlist,
// withdrawals, attendance that gives duty records). No gRPC here (the adapter in plan_service.h
// is one line per RPC).

#include "absl/status/statusor.h"
#include "renda/representatives/v1/work_plan.pb.h"
#include "services/common/auth.h"
#include "services/common/server.h"
#include "services/common/task.h"
#include "services/representatives/representatives_store.h"

namespace renda::representatives {

// Who may call each RPC.
const AccessTable& WorkPlanAccess();

class WorkPlanCore {
 public:
  WorkPlanCore(const Runtime& runtime, const RepresentativesStore* store) : runtime_(runtime), store_(store) {}

  Task<absl::StatusOr<v1::CreateActivityResponse>> CreateActivity(const Caller& caller,
                                                                  const v1::CreateActivityRequest& req);
  Task<absl::StatusOr<v1::GetActivityResponse>> GetActivity(const Caller& caller, const v1::GetActivityRequest& req);
  Task<absl::StatusOr<v1::ListActivitiesResponse>> ListActivities(const Caller& caller,
                                                                  const v1::ListActivitiesRequest& req);
  Task<absl::StatusOr<v1::SignUpResponse>> SignUp(const Caller& caller, const v1::SignUpRequest& req);
  Task<absl::StatusOr<v1::WithdrawResponse>> Withdraw(const Caller& caller, const v1::WithdrawRequest& req);
  Task<absl::StatusOr<v1::RecordAttendanceResponse>> RecordAttendance(const Caller& caller,
                                                                      const v1::RecordAttendanceRequest& req);
  Task<absl::StatusOr<v1::ListDeputySignUpsResponse>> ListDeputySignUps(const Caller& caller,
                                                                        const v1::ListDeputySignUpsRequest& req);

 private:
  Runtime runtime_;
  const RepresentativesStore* store_;
};

}  // namespace renda::representatives
