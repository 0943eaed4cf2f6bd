#pragma once
// The gRPC adapter of DutyRecordService: records entered by staff or reported by deputies, and
// the staff review. Each RPC validates, authorizes, and calls the duty rules and the store kit.

#include "renda/representatives/v1/duty.grpc.pb.h"
#include "services/common/call.h"
#include "services/common/server.h"
#include "services/common/store.h"

namespace renda::representatives {

// Who may call each RPC.
const AccessTable& DutyRecordAccess();

class DutyRecordService final : public v1::DutyRecordService::CallbackService {
 public:
  explicit DutyRecordService(const Runtime& runtime);

  grpc::ServerUnaryReactor* CreateDutyRecord(grpc::CallbackServerContext* ctx, const v1::CreateDutyRecordRequest* req,
                                             v1::CreateDutyRecordResponse* resp) override;
  grpc::ServerUnaryReactor* GetDutyRecord(grpc::CallbackServerContext* ctx, const v1::GetDutyRecordRequest* req,
                                          v1::GetDutyRecordResponse* resp) override;
  grpc::ServerUnaryReactor* ListDutyRecords(grpc::CallbackServerContext* ctx, const v1::ListDutyRecordsRequest* req,
                                            v1::ListDutyRecordsResponse* resp) override;
  grpc::ServerUnaryReactor* ConfirmDutyRecord(grpc::CallbackServerContext* ctx,
                                              const v1::ConfirmDutyRecordRequest* req,
                                              v1::ConfirmDutyRecordResponse* resp) override;
  grpc::ServerUnaryReactor* RejectDutyRecord(grpc::CallbackServerContext* ctx, const v1::RejectDutyRecordRequest* req,
                                             v1::RejectDutyRecordResponse* resp) override;

 private:
  Runtime runtime_;
  EntityStore store_;
  CallRunner runner_;
};

}  // namespace renda::representatives
