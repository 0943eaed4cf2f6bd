#pragma once
// The gRPC adapter of liaison stations: stations, reception schedules and reception logs.
// Rules live in station_logic.h.

#include "renda/representatives/v1/stations.grpc.pb.h"
#include "services/common/call.h"
#include "services/common/server.h"
#include "services/common/store.h"

namespace renda::representatives {

// Who may call each RPC.
const AccessTable& StationAccess();

class StationService final : public v1::StationService::CallbackService {
 public:
  explicit StationService(const Runtime& runtime);

  grpc::ServerUnaryReactor* CreateStation(grpc::CallbackServerContext* ctx, const v1::CreateStationRequest* req,
                                          v1::CreateStationResponse* resp) override;
  grpc::ServerUnaryReactor* GetStation(grpc::CallbackServerContext* ctx, const v1::GetStationRequest* req,
                                       v1::GetStationResponse* resp) override;
  grpc::ServerUnaryReactor* ListStations(grpc::CallbackServerContext* ctx, const v1::ListStationsRequest* req,
                                         v1::ListStationsResponse* resp) override;
  grpc::ServerUnaryReactor* UpdateStation(grpc::CallbackServerContext* ctx, const v1::UpdateStationRequest* req,
                                          v1::UpdateStationResponse* resp) override;
  grpc::ServerUnaryReactor* ScheduleReception(grpc::CallbackServerContext* ctx,
                                              const v1::ScheduleReceptionRequest* req,
                                              v1::ScheduleReceptionResponse* resp) override;
  grpc::ServerUnaryReactor* ListReceptionSchedule(grpc::CallbackServerContext* ctx,
                                                  const v1::ListReceptionScheduleRequest* req,
                                                  v1::ListReceptionScheduleResponse* resp) override;
  grpc::ServerUnaryReactor* LogReception(grpc::CallbackServerContext* ctx, const v1::LogReceptionRequest* req,
                                         v1::LogReceptionResponse* resp) override;
  grpc::ServerUnaryReactor* ListReceptionLogs(grpc::CallbackServerContext* ctx,
                                              const v1::ListReceptionLogsRequest* req,
                                              v1::ListReceptionLogsResponse* resp) override;

 private:
  Runtime runtime_;
  EntityStore store_;
  CallRunner runner_;
};

}  // namespace renda::representatives
