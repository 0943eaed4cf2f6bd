#pragma once
// SupervisionService's core: the items of each congress's annual supervision plan.

#include "absl/status/statusor.h"
#include "renda/supervision/v1/supervision.pb.h"
#include "services/common/auth.h"
#include "services/common/server.h"
#include "services/common/task.h"
#include "services/supervision/supervision_store.h"

namespace renda::supervision {

// Who may call each RPC.
const AccessTable& SupervisionAccess();

class SupervisionCore {
 public:
  SupervisionCore(const Runtime& runtime, const SupervisionStore* store) : runtime_(runtime), store_(store) {}

  Task<absl::StatusOr<v1::CreateSupervisionItemResponse>> CreateSupervisionItem(
      const Caller& caller, const v1::CreateSupervisionItemRequest& req);
  Task<absl::StatusOr<v1::GetSupervisionItemResponse>> GetSupervisionItem(const Caller& caller,
                                                                          const v1::GetSupervisionItemRequest& req);
  Task<absl::StatusOr<v1::ListSupervisionItemsResponse>> ListSupervisionItems(
      const Caller& caller, const v1::ListSupervisionItemsRequest& req);

 private:
  Runtime runtime_;
  const SupervisionStore* store_;
};

}  // namespace renda::supervision
