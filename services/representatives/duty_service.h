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

  RENDA_RPC(DutyRecordCore, CreateDutyRecord)
  RENDA_RPC(DutyRecordCore, GetDutyRecord)
  RENDA_RPC(DutyRecordCore, ListDutyRecords)
  RENDA_RPC(DutyRecordCore, ConfirmDutyRecord)
  RENDA_RPC(DutyRecordCore, RejectDutyRecord)

 private:
  RepresentativesStore store_;
  DutyRecordCore core_;
  CallRunner runner_;
};

}  // namespace renda::representatives
