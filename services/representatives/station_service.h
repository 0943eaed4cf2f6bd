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

  grpc::ServerUnaryReactor* CreateStation(grpc::CallbackServerContext* ctx, const v1::CreateStationRequest* req,
                                          v1::CreateStationResponse* resp) override {
    return runner_.Serve(ctx, "CreateStation", req, resp, &core_, &StationCore::CreateStation);
  }
  grpc::ServerUnaryReactor* GetStation(grpc::CallbackServerContext* ctx, const v1::GetStationRequest* req,
                                       v1::GetStationResponse* resp) override {
    return runner_.Serve(ctx, "GetStation", req, resp, &core_, &StationCore::GetStation);
  }
  grpc::ServerUnaryReactor* ListStations(grpc::CallbackServerContext* ctx, const v1::ListStationsRequest* req,
                                         v1::ListStationsResponse* resp) override {
    return runner_.Serve(ctx, "ListStations", req, resp, &core_, &StationCore::ListStations);
  }
  grpc::ServerUnaryReactor* UpdateStation(grpc::CallbackServerContext* ctx, const v1::UpdateStationRequest* req,
                                          v1::UpdateStationResponse* resp) override {
    return runner_.Serve(ctx, "UpdateStation", req, resp, &core_, &StationCore::UpdateStation);
  }
  grpc::ServerUnaryReactor* ScheduleReception(grpc::CallbackServerContext* ctx, const v1::ScheduleReceptionRequest* req,
                                              v1::ScheduleReceptionResponse* resp) override {
    return runner_.Serve(ctx, "ScheduleReception", req, resp, &core_, &StationCore::ScheduleReception);
  }
  grpc::ServerUnaryReactor* ListReceptionSchedule(grpc::CallbackServerContext* ctx,
                                                  const v1::ListReceptionScheduleRequest* req,
                                                  v1::ListReceptionScheduleResponse* resp) override {
    return runner_.Serve(ctx, "ListReceptionSchedule", req, resp, &core_, &StationCore::ListReceptionSchedule);
  }
  grpc::ServerUnaryReactor* LogReception(grpc::CallbackServerContext* ctx, const v1::LogReceptionRequest* req,
                                         v1::LogReceptionResponse* resp) override {
    return runner_.Serve(ctx, "LogReception", req, resp, &core_, &StationCore::LogReception);
  }
  grpc::ServerUnaryReactor* ListReceptionLogs(grpc::CallbackServerContext* ctx, const v1::ListReceptionLogsRequest* req,
                                              v1::ListReceptionLogsResponse* resp) override {
    return runner_.Serve(ctx, "ListReceptionLogs", req, resp, &core_, &StationCore::ListReceptionLogs);
  }

 private:
  RepresentativesStore store_;
  StationCore core_;
  CallRunner runner_;
};

}  // namespace renda::representatives
