#pragma once
// DutyRecordService's core: records entered by staff or reported by deputies, and the staff
// review. Each method takes the caller and the request and answers the response or an error;
// no gRPC here (the adapter in duty_service.cc is one line per RPC).

#include "absl/status/statusor.h"
#include "renda/representatives/v1/duty.pb.h"
#include "services/common/auth.h"
#include "services/common/server.h"
#include "services/common/task.h"
#include "services/representatives/representatives_store.h"

namespace renda::representatives {

// Who may call each RPC.
const AccessTable& DutyRecordAccess();

class DutyRecordCore {
 public:
  DutyRecordCore(const Runtime& runtime, const RepresentativesStore* store) : runtime_(runtime), store_(store) {}

  Task<absl::StatusOr<v1::CreateDutyRecordResponse>> CreateDutyRecord(const Caller& caller,
                                                                      const v1::CreateDutyRecordRequest& req);
  Task<absl::StatusOr<v1::GetDutyRecordResponse>> GetDutyRecord(const Caller& caller,
                                                                const v1::GetDutyRecordRequest& req);
  Task<absl::StatusOr<v1::ListDutyRecordsResponse>> ListDutyRecords(const Caller& caller,
                                                                    const v1::ListDutyRecordsRequest& req);
  Task<absl::StatusOr<v1::ConfirmDutyRecordResponse>> ConfirmDutyRecord(const Caller& caller,
                                                                        const v1::ConfirmDutyRecordRequest& req);
  Task<absl::StatusOr<v1::RejectDutyRecordResponse>> RejectDutyRecord(const Caller& caller,
                                                                      const v1::RejectDutyRecordRequest& req);

 private:
  Runtime runtime_;
  const RepresentativesStore* store_;
};

}  // namespace renda::representatives
