#pragma once
// The gRPC adapter of SupervisionService: each RPC hands the call to SupervisionCore. It also
// sweeps the deadlines of problems and reporting obligations every options.sweep_interval (when set).

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "renda/supervision/v1/supervision.grpc.pb.h"
#include "services/common/background_work.h"
#include "services/common/call.h"
#include "services/common/server.h"
#include "services/supervision/peers.h"
#include "services/supervision/services.h"
#include "services/supervision/supervision_core.h"
#include "services/supervision/supervision_options.h"
#include "services/supervision/supervision_store.h"

namespace renda::supervision {

class SupervisionService final : public v1::SupervisionService::CallbackService {
 public:
  SupervisionService(const Runtime& runtime, std::shared_ptr<const Peers> peers,
                     const SupervisionOptions& options = SupervisionOptions())
      : peers_(std::move(peers)),
        store_(runtime.redis),
        core_(runtime, &store_, peers_.get()),
        runner_("supervision", &SupervisionAccess(), runtime.auth),
        sweeping_(
            "supervision", "deadline sweep", runtime.registry, options.sweep_interval, /*at_once=*/false,
            [this](std::string congress, const std::atomic<bool>* stop) {
              return core_.Sweep(std::move(congress), stop);
            },
            &SweepSummary) {}

  RENDA_RPC(SupervisionCore, CreateSupervisionItem)
  RENDA_RPC(SupervisionCore, GetSupervisionItem)
  RENDA_RPC(SupervisionCore, ListSupervisionItems)
  RENDA_RPC(SupervisionCore, AdvanceSupervisionItem)
  RENDA_RPC(SupervisionCore, AddItemParticipants)
  RENDA_RPC(SupervisionCore, SweepSupervisionDeadlines)

  // The background sweep, for a test that waits for its rounds (BackgroundWork::WaitRounds).
  const BackgroundWork<v1::SweepSupervisionDeadlinesResponse>& sweeping() const { return sweeping_; }

 private:
  std::shared_ptr<const Peers> peers_;
  SupervisionStore store_;
  SupervisionCore core_;
  CallRunner runner_;
  // Last, so it stops before what it uses goes.
  BackgroundWork<v1::SweepSupervisionDeadlinesResponse> sweeping_;
};

}  // namespace renda::supervision
