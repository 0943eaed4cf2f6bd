#pragma once
// The gRPC adapter of SatisfactionService: each RPC hands the call to SatisfactionCore.

#include <memory>

#include "renda/supervision/v1/satisfaction.grpc.pb.h"
#include "services/common/call.h"
#include "services/common/server.h"
#include "services/supervision/peers.h"
#include "services/supervision/satisfaction_core.h"
#include "services/supervision/supervision_store.h"

namespace renda::supervision {

class SatisfactionService final : public v1::SatisfactionService::CallbackService {
 public:
  SatisfactionService(const Runtime& runtime, std::shared_ptr<const Peers> peers, v1::SatisfactionRule rule)
      : store_(runtime.redis),
        core_(runtime, &store_, std::move(peers), std::move(rule)),
        runner_("supervision", &SatisfactionAccess(), runtime.auth) {}

  RENDA_RPC(SatisfactionCore, CreateSatisfactionVote)
  RENDA_RPC(SatisfactionCore, GetSatisfactionVote)
  RENDA_RPC(SatisfactionCore, ListSatisfactionVotes)
  RENDA_RPC(SatisfactionCore, OpenSatisfactionVote)
  RENDA_RPC(SatisfactionCore, CastSatisfactionBallot)
  RENDA_RPC(SatisfactionCore, CloseSatisfactionVote)
  RENDA_RPC(SatisfactionCore, RerunSatisfactionVote)

 private:
  SupervisionStore store_;
  SatisfactionCore core_;
  CallRunner runner_;
};

}  // namespace renda::supervision
