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

  RENDA_RPC(ObservationCore, CreateObservationMeeting)
  RENDA_RPC(ObservationCore, GetObservationMeeting)
  RENDA_RPC(ObservationCore, ListObservationMeetings)
  RENDA_RPC(ObservationCore, SubmitObservationApplication)
  RENDA_RPC(ObservationCore, GetObservationApplication)
  RENDA_RPC(ObservationCore, LookupObservationApplication)
  RENDA_RPC(ObservationCore, ListObservationApplications)
  RENDA_RPC(ObservationCore, ApproveObservationApplicationsInOrder)
  RENDA_RPC(ObservationCore, ApproveObservationApplication)
  RENDA_RPC(ObservationCore, DeclineObservationApplication)
  RENDA_RPC(ObservationCore, CancelObservationApplication)

 private:
  IntakeStore store_;
  ObservationCore core_;
  CallRunner runner_;
};

}  // namespace renda::intake
