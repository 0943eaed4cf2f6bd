#pragma once
// The gRPC adapter of LivelihoodService: each RPC hands the call to LivelihoodCore.

#include <memory>

#include "renda/supervision/v1/livelihood.grpc.pb.h"
#include "services/common/call.h"
#include "services/common/server.h"
#include "services/supervision/livelihood_core.h"
#include "services/supervision/peers.h"
#include "services/supervision/supervision_store.h"

namespace renda::supervision {

class LivelihoodService final : public v1::LivelihoodService::CallbackService {
 public:
  LivelihoodService(const Runtime& runtime, std::shared_ptr<const Peers> peers)
      : store_(runtime.redis),
        core_(runtime, &store_, std::move(peers)),
        runner_("livelihood", &LivelihoodAccess(), runtime.auth) {}

  RENDA_RPC(LivelihoodCore, CreateLivelihoodVote)
  RENDA_RPC(LivelihoodCore, GetLivelihoodVote)
  RENDA_RPC(LivelihoodCore, ListLivelihoodVotes)
  RENDA_RPC(LivelihoodCore, AddLivelihoodCandidate)
  RENDA_RPC(LivelihoodCore, FixLivelihoodCandidates)
  RENDA_RPC(LivelihoodCore, OpenLivelihoodVote)
  RENDA_RPC(LivelihoodCore, CastBallot)
  RENDA_RPC(LivelihoodCore, CloseLivelihoodVote)
  RENDA_RPC(LivelihoodCore, VerifyTally)
  RENDA_RPC(LivelihoodCore, GetLivelihoodProject)
  RENDA_RPC(LivelihoodCore, ListLivelihoodProjects)
  RENDA_RPC(LivelihoodCore, AddProjectMilestone)
  RENDA_RPC(LivelihoodCore, ReportProjectProgress)
  RENDA_RPC(LivelihoodCore, SetProjectSupervisionGroup)
  RENDA_RPC(LivelihoodCore, RateLivelihoodProject)

 private:
  SupervisionStore store_;
  LivelihoodCore core_;
  CallRunner runner_;
};

}  // namespace renda::supervision
