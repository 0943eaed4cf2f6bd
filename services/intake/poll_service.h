#pragma once
// The gRPC adapter of opinion polls (PollService): each RPC hands the call to PollCore.

#include "renda/intake/v1/poll.grpc.pb.h"
#include "services/common/call.h"
#include "services/common/server.h"
#include "services/intake/intake_store.h"
#include "services/intake/poll_core.h"
#include "services/intake/services.h"

namespace renda::intake {

class PollService final : public v1::PollService::CallbackService {
 public:
  PollService(const Runtime& runtime, const IntakeOptions& options)
      : store_(runtime.redis),
        core_(runtime, &store_, options.anonymous),
        runner_("polls", &PollAccess(), runtime.auth) {}

  RENDA_RPC(PollCore, CreatePoll)
  RENDA_RPC(PollCore, GetPoll)
  RENDA_RPC(PollCore, ListPolls)
  RENDA_RPC(PollCore, OpenPoll)
  RENDA_RPC(PollCore, ClosePoll)
  RENDA_RPC(PollCore, IssuePollInvitations)
  RENDA_RPC(PollCore, SubmitPollResponse)
  RENDA_RPC(PollCore, GetPollResults)
  RENDA_RPC(PollCore, ListPollTextAnswers)

 private:
  IntakeStore store_;
  PollCore core_;
  CallRunner runner_;
};

}  // namespace renda::intake
