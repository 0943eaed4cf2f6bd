#pragma once
// ProposalService's core: deputies' bills and suggestions (议案建议), filed after the
// representatives service says the named deputies serve, then assigned, replied to and rated.
// Each method takes the caller and the request and answers the response or an error; no gRPC
// here (the adapter in proposal_service.h is one line per RPC).

#include "absl/status/statusor.h"
#include "renda/intake/v1/proposal.pb.h"
#include "services/common/auth.h"
#include "services/common/server.h"
#include "services/common/task.h"
#include "services/intake/intake_store.h"
#include "services/intake/signer_lookup.h"

namespace renda::intake {

// Who may call each RPC.
const AccessTable& ProposalAccess();

class ProposalCore {
 public:
  ProposalCore(const Runtime& runtime, const IntakeStore* store, const SignerLookup* signers)
      : runtime_(runtime), store_(store), signers_(signers) {}

  Task<absl::StatusOr<v1::FileProposalResponse>> FileProposal(const Caller& caller,
                                                              const v1::FileProposalRequest& req);
  Task<absl::StatusOr<v1::GetProposalResponse>> GetProposal(const Caller& caller, const v1::GetProposalRequest& req);
  Task<absl::StatusOr<v1::ListProposalsResponse>> ListProposals(const Caller& caller,
                                                                const v1::ListProposalsRequest& req);
  Task<absl::StatusOr<v1::AssignProposalResponse>> AssignProposal(const Caller& caller,
                                                                  const v1::AssignProposalRequest& req);
  Task<absl::StatusOr<v1::ExtendProposalDeadlineResponse>> ExtendProposalDeadline(
      const Caller& caller, const v1::ExtendProposalDeadlineRequest& req);
  Task<absl::StatusOr<v1::ReplyProposalResponse>> ReplyProposal(const Caller& caller,
                                                                const v1::ReplyProposalRequest& req);
  Task<absl::StatusOr<v1::RateProposalResponse>> RateProposal(const Caller& caller,
                                                              const v1::RateProposalRequest& req);
  Task<absl::StatusOr<v1::SetProposalKeyResponse>> SetProposalKey(const Caller& caller,
                                                                  const v1::SetProposalKeyRequest& req);

 private:
  Runtime runtime_;
  const IntakeStore* store_;
  const SignerLookup* signers_;
};

}  // namespace renda::intake
