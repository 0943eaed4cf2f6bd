#pragma once
// RegistryService's core: the congresses one deployment serves and the units each oversees.

#include "absl/status/statusor.h"
#include "renda/representatives/v1/registry.pb.h"
#include "services/common/auth.h"
#include "services/common/server.h"
#include "services/common/task.h"
#include "services/representatives/representatives_store.h"

namespace renda::representatives {

// Who may call each RPC.
const AccessTable& RegistryAccess();

class RegistryCore {
 public:
  RegistryCore(const Runtime& runtime, const RepresentativesStore* store) : runtime_(runtime), store_(store) {}

  Task<absl::StatusOr<v1::CreateCongressResponse>> CreateCongress(const Caller& caller,
                                                                  const v1::CreateCongressRequest& req);
  Task<absl::StatusOr<v1::GetCongressResponse>> GetCongress(const Caller& caller, const v1::GetCongressRequest& req);
  Task<absl::StatusOr<v1::ListCongressesResponse>> ListCongresses(const Caller& caller,
                                                                  const v1::ListCongressesRequest& req);
  Task<absl::StatusOr<v1::UpdateCongressResponse>> UpdateCongress(const Caller& caller,
                                                                  const v1::UpdateCongressRequest& req);
  Task<absl::StatusOr<v1::CreateUnitResponse>> CreateUnit(const Caller& caller, const v1::CreateUnitRequest& req);
  Task<absl::StatusOr<v1::GetUnitResponse>> GetUnit(const Caller& caller, const v1::GetUnitRequest& req);
  Task<absl::StatusOr<v1::ListUnitsResponse>> ListUnits(const Caller& caller, const v1::ListUnitsRequest& req);
  Task<absl::StatusOr<v1::UpdateUnitResponse>> UpdateUnit(const Caller& caller, const v1::UpdateUnitRequest& req);

 private:
  Runtime runtime_;
  const RepresentativesStore* store_;
};

}  // namespace renda::representatives
