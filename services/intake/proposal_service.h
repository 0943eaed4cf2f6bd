#pragma once
// The gRPC adapter of deputies' bills and suggestions (议案建议): each RPC validates, authorizes,
// asks the representatives service whether the named deputies serve (for a filing), and calls
// the proposal rules and the store kit.

#include <memory>
#include <string>
#include <vector>

#include "renda/intake/v1/proposal.grpc.pb.h"
#include "renda/representatives/v1/representatives.grpc.pb.h"
#include "services/common/call.h"
#include "services/common/server.h"
#include "services/common/store.h"
#include "services/intake/proposal_logic.h"
#include "services/intake/services.h"

namespace renda::intake {

// Who may call each RPC.
const AccessTable& ProposalAccess();

class ProposalService final : public v1::ProposalService::CallbackService {
 public:
  ProposalService(const Runtime& runtime, const IntakeOptions& options);

  grpc::ServerUnaryReactor* FileProposal(grpc::CallbackServerContext* ctx, const v1::FileProposalRequest* req,
                                         v1::FileProposalResponse* resp) override;
  grpc::ServerUnaryReactor* GetProposal(grpc::CallbackServerContext* ctx, const v1::GetProposalRequest* req,
                                        v1::GetProposalResponse* resp) override;
  grpc::ServerUnaryReactor* ListProposals(grpc::CallbackServerContext* ctx, const v1::ListProposalsRequest* req,
                                          v1::ListProposalsResponse* resp) override;
  grpc::ServerUnaryReactor* AssignProposal(grpc::CallbackServerContext* ctx, const v1::AssignProposalRequest* req,
                                           v1::AssignProposalResponse* resp) override;
  grpc::ServerUnaryReactor* ExtendProposalDeadline(grpc::CallbackServerContext* ctx,
                                                   const v1::ExtendProposalDeadlineRequest* req,
                                                   v1::ExtendProposalDeadlineResponse* resp) override;
  grpc::ServerUnaryReactor* ReplyProposal(grpc::CallbackServerContext* ctx, const v1::ReplyProposalRequest* req,
                                          v1::ReplyProposalResponse* resp) override;
  grpc::ServerUnaryReactor* RateProposal(grpc::CallbackServerContext* ctx, const v1::RateProposalRequest* req,
                                         v1::RateProposalResponse* resp) override;
  grpc::ServerUnaryReactor* SetProposalKey(grpc::CallbackServerContext* ctx, const v1::SetProposalKeyRequest* req,
                                           v1::SetProposalKeyResponse* resp) override;

 private:
  // What the representatives service says of each deputy named, in order; UNAVAILABLE when it
  // cannot be reached.
  void LookUpSigners(const std::string& congress, std::vector<std::string> names,
                     Callback<std::vector<SignerStatus>> done);
  // With the request's other checks in `v`: reads the proposal `name`, applies `mutate` and writes the result guarded by its version
  // (retried on a concurrent change; a retried request id answers as the first time).
  void Change(Validator v, const Caller& caller, const std::string& name, const google::protobuf::Message& request,
              const std::string& request_id,
              std::function<absl::StatusOr<Proposal>(const Proposal&, absl::Time now)> mutate, Proposal* out,
              Finish finish);

  Runtime runtime_;
  IntakeOptions options_;
  EntityStore store_;
  CallRunner runner_;
  std::unique_ptr<renda::representatives::v1::RepresentativesService::Stub> deputies_;
};

}  // namespace renda::intake
