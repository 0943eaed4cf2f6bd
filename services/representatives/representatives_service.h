#pragma once
// The gRPC adapter of RepresentativesService: each RPC hands the call to DeputyCore. The
// binary's change feed is renda.feed.v1.ChangeFeedService (services/common/feed_service.h).

#include "renda/representatives/v1/representatives.grpc.pb.h"
#include "services/common/call.h"
#include "services/common/server.h"
#include "services/representatives/deputy_core.h"
#include "services/representatives/deputy_logic.h"
#include "services/representatives/representatives_store.h"

namespace renda::representatives {

class RepresentativesService final : public v1::RepresentativesService::CallbackService {
 public:
  explicit RepresentativesService(const Runtime& runtime)
      : runtime_(runtime),
        store_(runtime.redis),
        core_(runtime, &store_),
        runner_("representatives", &RepresentativesAccess(), runtime.auth) {}

  RENDA_RPC(DeputyCore, CreateDeputy)
  RENDA_RPC(DeputyCore, GetDeputy)
  RENDA_RPC(DeputyCore, ListDeputies)
  RENDA_RPC(DeputyCore, UpdateDeputy)
  RENDA_RPC(DeputyCore, ChangeDeputyStatus)


 private:
  Runtime runtime_;
  RepresentativesStore store_;
  DeputyCore core_;
  CallRunner runner_;
};

}  // namespace renda::representatives
