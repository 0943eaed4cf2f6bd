#pragma once
// The gRPC adapter of DutyRecordService: each RPC hands the call to DutyRecordCore.

#include "renda/representatives/v1/duty.grpc.pb.h"
#include "services/common/call.h"
#include "services/common/server.h"
#include "services/representatives/duty_core.h"
#include "services/representatives/representatives_store.h"

namespace renda::representatives {

class DutyRecordService final : public v1::DutyRecordService::CallbackService {
 public:
  explicit DutyRecordService(const Runtime& runtime)
      : store_(runtime.redis), core_(runtime, &store_), runner_("duty-records", &DutyRecordAccess(), runtime.auth) {}

  grpc::ServerUnaryReactor* CreateDutyRecord(grpc::CallbackServerContext* ctx, const v1::CreateDutyRecordRequest* req,
                                             v1::CreateDutyRecordResponse* resp) override {
    return runner_.Serve(ctx, "CreateDutyRecord", req, resp, &core_, &DutyRecordCore::CreateDutyRecord);
  }
  grpc::ServerUnaryReactor* GetDutyRecord(grpc::CallbackServerContext* ctx, const v1::GetDutyRecordRequest* req,
                                          v1::GetDutyRecordResponse* resp) override {
    return runner_.Serve(ctx, "GetDutyRecord", req, resp, &core_, &DutyRecordCore::GetDutyRecord);
  }
  grpc::ServerUnaryReactor* ListDutyRecords(grpc::CallbackServerContext* ctx, const v1::ListDutyRecordsRequest* req,
                                            v1::ListDutyRecordsResponse* resp) override {
    return runner_.Serve(ctx, "ListDutyRecords", req, resp, &core_, &DutyRecordCore::ListDutyRecords);
  }
  grpc::ServerUnaryReactor* ConfirmDutyRecord(grpc::CallbackServerContext* ctx,
                                              const v1::ConfirmDutyRecordRequest* req,
                                              v1::ConfirmDutyRecordResponse* resp) override {
    return runner_.Serve(ctx, "ConfirmDutyRecord", req, resp, &core_, &DutyRecordCore::ConfirmDutyRecord);
  }
  grpc::ServerUnaryReactor* RejectDutyRecord(grpc::CallbackServerContext* ctx, const v1::RejectDutyRecordRequest* req,
                                             v1::RejectDutyRecordResponse* resp) override {
    return runner_.Serve(ctx, "RejectDutyRecord", req, resp, &core_, &DutyRecordCore::RejectDutyRecord);
  }

 private:
  RepresentativesStore store_;
  DutyRecordCore core_;
  CallRunner runner_;
};

}  // namespace renda::representatives
