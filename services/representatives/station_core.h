#pragma once
// StationService's core: liaison stations, their reception schedules and reception logs (each
// log gives the deputies present a duty record). No gRPC here (the adapter in station_service.h
// is one line per RPC).

#include "absl/status/statusor.h"
#include "renda/representatives/v1/stations.pb.h"
#include "services/common/auth.h"
#include "services/common/server.h"
#include "services/common/task.h"
#include "services/representatives/representatives_store.h"

namespace renda::representatives {

// Who may call each RPC.
const AccessTable& StationAccess();

class StationCore {
 public:
  StationCore(const Runtime& runtime, const RepresentativesStore* store) : runtime_(runtime), store_(store) {}

  Task<absl::StatusOr<v1::CreateStationResponse>> CreateStation(const Caller& caller,
                                                                const v1::CreateStationRequest& req);
  Task<absl::StatusOr<v1::GetStationResponse>> GetStation(const Caller& caller, const v1::GetStationRequest& req);
  Task<absl::StatusOr<v1::ListStationsResponse>> ListStations(const Caller& caller,
                                                              const v1::ListStationsRequest& req);
  Task<absl::StatusOr<v1::UpdateStationResponse>> UpdateStation(const Caller& caller,
                                                                const v1::UpdateStationRequest& req);
  Task<absl::StatusOr<v1::ScheduleReceptionResponse>> ScheduleReception(const Caller& caller,
                                                                        const v1::ScheduleReceptionRequest& req);
  Task<absl::StatusOr<v1::ListReceptionScheduleResponse>> ListReceptionSchedule(
      const Caller& caller, const v1::ListReceptionScheduleRequest& req);
  Task<absl::StatusOr<v1::LogReceptionResponse>> LogReception(const Caller& caller,
                                                              const v1::LogReceptionRequest& req);
  Task<absl::StatusOr<v1::ListReceptionLogsResponse>> ListReceptionLogs(const Caller& caller,
                                                                        const v1::ListReceptionLogsRequest& req);

 private:
  Runtime runtime_;
  const RepresentativesStore* store_;
};

}  // namespace renda::representatives
