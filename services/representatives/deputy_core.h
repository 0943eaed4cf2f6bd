#pragma once
// RepresentativesService's core: the deputy registry (create, read, list with the name search,
// update, status changes). No gRPC here (the adapter in representatives_service.h is one line
// per RPC).

#include "absl/status/statusor.h"
#include "renda/representatives/v1/representatives.pb.h"
#include "services/common/auth.h"
#include "services/common/server.h"
#include "services/common/task.h"
#include "services/representatives/representatives_store.h"

namespace renda::representatives {

// Who may call each RPC.
const AccessTable& RepresentativesAccess();

class DeputyCore {
 public:
  DeputyCore(const Runtime& runtime, const RepresentativesStore* store) : runtime_(runtime), store_(store) {}

  Task<absl::StatusOr<v1::CreateDeputyResponse>> CreateDeputy(const Caller& caller, const v1::CreateDeputyRequest& req);
  Task<absl::StatusOr<v1::GetDeputyResponse>> GetDeputy(const Caller& caller, const v1::GetDeputyRequest& req);
  Task<absl::StatusOr<v1::ListDeputiesResponse>> ListDeputies(const Caller& caller, const v1::ListDeputiesRequest& req);
  Task<absl::StatusOr<v1::UpdateDeputyResponse>> UpdateDeputy(const Caller& caller, const v1::UpdateDeputyRequest& req);
  Task<absl::StatusOr<v1::ChangeDeputyStatusResponse>> ChangeDeputyStatus(const Caller& caller,
                                                                          const v1::ChangeDeputyStatusRequest& req);

 private:
  Runtime runtime_;
  const RepresentativesStore* store_;
};

}  // namespace renda::representatives
