#pragma once
// The gRPC adapter of StationService: each RPC hands the call to StationCore.

#include "renda/representatives/v1/stations.grpc.pb.h"
#include "services/common/call.h"
#include "services/common/server.h"
#include "services/representatives/station_core.h"
#include "services/representatives/representatives_store.h"

namespace renda::representatives {

class StationService final : public v1::StationService::CallbackService {
 public:
  explicit StationService(const Runtime& runtime)
      : store_(runtime.redis), core_(runtime, &store_), runner_("stations", &StationAccess(), runtime.auth) {}

  RENDA_RPC(StationCore, CreateStation)
  RENDA_RPC(StationCore, GetStation)
  RENDA_RPC(StationCore, ListStations)
  RENDA_RPC(StationCore, UpdateStation)
  RENDA_RPC(StationCore, ScheduleReception)
  RENDA_RPC(StationCore, ListReceptionSchedule)
  RENDA_RPC(StationCore, LogReception)
  RENDA_RPC(StationCore, ListReceptionLogs)

 private:
  RepresentativesStore store_;
  StationCore core_;
  CallRunner runner_;
};

}  // namespace renda::representatives
