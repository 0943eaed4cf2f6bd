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

  RENDA_RPC(WorkPlanCore, CreateActivity)
  RENDA_RPC(WorkPlanCore, GetActivity)
  RENDA_RPC(WorkPlanCore, ListActivities)
  RENDA_RPC(WorkPlanCore, SignUp)
  RENDA_RPC(WorkPlanCore, Withdraw)
  RENDA_RPC(WorkPlanCore, RecordAttendance)
  RENDA_RPC(WorkPlanCore, ListDeputySignUps)

 private:
  RepresentativesStore store_;
  WorkPlanCore core_;
  CallRunner runner_;
};

}  // namespace renda::representatives
