#pragma once
// The gRPC adapter of ProblemService: each RPC hands the call to ProblemCore.

#include <memory>

#include "renda/supervision/v1/problems.grpc.pb.h"
#include "services/common/call.h"
#include "services/common/server.h"
#include "services/supervision/peers.h"
#include "services/supervision/problem_core.h"
#include "services/supervision/supervision_store.h"

namespace renda::supervision {

class ProblemService final : public v1::ProblemService::CallbackService {
 public:
  ProblemService(const Runtime& runtime, std::shared_ptr<const Peers> peers)
      : peers_(std::move(peers)),
        store_(runtime.redis),
        core_(runtime, &store_, peers_.get()),
        runner_("supervision", &ProblemAccess(), runtime.auth) {}

  RENDA_RPC(ProblemCore, IssueProblems)
  RENDA_RPC(ProblemCore, GetProblem)
  RENDA_RPC(ProblemCore, ListProblems)
  RENDA_RPC(ProblemCore, SubmitRectification)
  RENDA_RPC(ProblemCore, ReviewRectification)
  RENDA_RPC(ProblemCore, RecordLookBack)

 private:
  std::shared_ptr<const Peers> peers_;
  SupervisionStore store_;
  ProblemCore core_;
  CallRunner runner_;
};

}  // namespace renda::supervision
