#pragma once
// The gRPC adapter of ProposalService: each RPC hands the call to ProposalCore.

#include "renda/intake/v1/proposal.grpc.pb.h"
#include "services/common/call.h"
#include "services/common/server.h"
#include "services/intake/intake_store.h"
#include "services/intake/proposal_core.h"
#include "services/intake/intake_options.h"
#include "services/intake/signer_lookup.h"

namespace renda::intake {

class ProposalService final : public v1::ProposalService::CallbackService {
 public:
  ProposalService(const Runtime& runtime, const IntakeOptions& options)
      : store_(runtime.redis),
        signers_(options.representatives_addr, runtime.clock, runtime.options.token_key),
        core_(runtime, &store_, &signers_),
        runner_("proposals", &ProposalAccess(), runtime.auth) {}

  RENDA_RPC(ProposalCore, FileProposal)
  RENDA_RPC(ProposalCore, GetProposal)
  RENDA_RPC(ProposalCore, ListProposals)
  RENDA_RPC(ProposalCore, AssignProposal)
  RENDA_RPC(ProposalCore, ExtendProposalDeadline)
  RENDA_RPC(ProposalCore, ReplyProposal)
  RENDA_RPC(ProposalCore, RateProposal)
  RENDA_RPC(ProposalCore, SetProposalKey)

 private:
  IntakeStore store_;
  SignerLookup signers_;
  ProposalCore core_;
  CallRunner runner_;
};

}  // namespace renda::intake
