#pragma once
// The gRPC adapter of SupervisionService: each RPC hands the call to SupervisionCore.

#include <memory>
#include <vector>

#include "renda/supervision/v1/supervision.grpc.pb.h"
#include "services/common/call.h"
#include "services/common/server.h"
#include "services/supervision/supervision_core.h"
#include "services/supervision/supervision_store.h"

namespace renda::supervision {

class SupervisionService final : public v1::SupervisionService::CallbackService {
 public:
  explicit SupervisionService(const Runtime& runtime)
      : store_(runtime.redis), core_(runtime, &store_), runner_("supervision", &SupervisionAccess(), runtime.auth) {}

  RENDA_RPC(SupervisionCore, CreateSupervisionItem)
  RENDA_RPC(SupervisionCore, GetSupervisionItem)
  RENDA_RPC(SupervisionCore, ListSupervisionItems)

 private:
  SupervisionStore store_;
  SupervisionCore core_;
  CallRunner runner_;
};

// Every gRPC service the supervision binary serves (main.cc and tests use it).
std::vector<std::unique_ptr<grpc::Service>> MakeSupervisionServices(const Runtime& runtime);

}  // namespace renda::supervision
