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

  grpc::ServerUnaryReactor* FileProposal(grpc::CallbackServerContext* ctx, const v1::FileProposalRequest* req,
                                         v1::FileProposalResponse* resp) override {
    return runner_.Serve(ctx, "FileProposal", req, resp, &core_, &ProposalCore::FileProposal);
  }
  grpc::ServerUnaryReactor* GetProposal(grpc::CallbackServerContext* ctx, const v1::GetProposalRequest* req,
                                        v1::GetProposalResponse* resp) override {
    return runner_.Serve(ctx, "GetProposal", req, resp, &core_, &ProposalCore::GetProposal);
  }
  grpc::ServerUnaryReactor* ListProposals(grpc::CallbackServerContext* ctx, const v1::ListProposalsRequest* req,
                                          v1::ListProposalsResponse* resp) override {
    return runner_.Serve(ctx, "ListProposals", req, resp, &core_, &ProposalCore::ListProposals);
  }
  grpc::ServerUnaryReactor* AssignProposal(grpc::CallbackServerContext* ctx, const v1::AssignProposalRequest* req,
                                           v1::AssignProposalResponse* resp) override {
    return runner_.Serve(ctx, "AssignProposal", req, resp, &core_, &ProposalCore::AssignProposal);
  }
  grpc::ServerUnaryReactor* ExtendProposalDeadline(grpc::CallbackServerContext* ctx,
                                                   const v1::ExtendProposalDeadlineRequest* req,
                                                   v1::ExtendProposalDeadlineResponse* resp) override {
    return runner_.Serve(ctx, "ExtendProposalDeadline", req, resp, &core_, &ProposalCore::ExtendProposalDeadline);
  }
  grpc::ServerUnaryReactor* ReplyProposal(grpc::CallbackServerContext* ctx, const v1::ReplyProposalRequest* req,
                                          v1::ReplyProposalResponse* resp) override {
    return runner_.Serve(ctx, "ReplyProposal", req, resp, &core_, &ProposalCore::ReplyProposal);
  }
  grpc::ServerUnaryReactor* RateProposal(grpc::CallbackServerContext* ctx, const v1::RateProposalRequest* req,
                                         v1::RateProposalResponse* resp) override {
    return runner_.Serve(ctx, "RateProposal", req, resp, &core_, &ProposalCore::RateProposal);
  }
  grpc::ServerUnaryReactor* SetProposalKey(grpc::CallbackServerContext* ctx, const v1::SetProposalKeyRequest* req,
                                           v1::SetProposalKeyResponse* resp) override {
    return runner_.Serve(ctx, "SetProposalKey", req, resp, &core_, &ProposalCore::SetProposalKey);
  }

 private:
  IntakeStore store_;
  SignerLookup signers_;
  ProposalCore core_;
  CallRunner runner_;
};

}  // namespace renda::intake
