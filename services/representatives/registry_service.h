#pragma once
// The gRPC adapter of RegistryService: each RPC hands the call to RegistryCore.

#include "renda/representatives/v1/registry.grpc.pb.h"
#include "services/common/call.h"
#include "services/common/server.h"
#include "services/representatives/registry_core.h"
#include "services/representatives/representatives_store.h"

namespace renda::representatives {

class RegistryService final : public v1::RegistryService::CallbackService {
 public:
  explicit RegistryService(const Runtime& runtime)
      : store_(runtime.redis), core_(runtime, &store_), runner_("registry", &RegistryAccess(), runtime.auth) {}

  RENDA_RPC(RegistryCore, CreateCongress)
  RENDA_RPC(RegistryCore, GetCongress)
  RENDA_RPC(RegistryCore, ListCongresses)
  RENDA_RPC(RegistryCore, UpdateCongress)
  RENDA_RPC(RegistryCore, CreateUnit)
  RENDA_RPC(RegistryCore, GetUnit)
  RENDA_RPC(RegistryCore, ListUnits)
  RENDA_RPC(RegistryCore, UpdateUnit)

 private:
  RepresentativesStore store_;
  RegistryCore core_;
  CallRunner runner_;
};

}  // namespace renda::representatives
