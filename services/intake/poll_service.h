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

  grpc::ServerUnaryReactor* CreatePoll(grpc::CallbackServerContext* ctx, const v1::CreatePollRequest* req,
                                       v1::CreatePollResponse* resp) override {
    return runner_.Serve(ctx, "CreatePoll", req, resp, &core_, &PollCore::CreatePoll);
  }
  grpc::ServerUnaryReactor* GetPoll(grpc::CallbackServerContext* ctx, const v1::GetPollRequest* req,
                                    v1::GetPollResponse* resp) override {
    return runner_.Serve(ctx, "GetPoll", req, resp, &core_, &PollCore::GetPoll);
  }
  grpc::ServerUnaryReactor* ListPolls(grpc::CallbackServerContext* ctx, const v1::ListPollsRequest* req,
                                      v1::ListPollsResponse* resp) override {
    return runner_.Serve(ctx, "ListPolls", req, resp, &core_, &PollCore::ListPolls);
  }
  grpc::ServerUnaryReactor* OpenPoll(grpc::CallbackServerContext* ctx, const v1::OpenPollRequest* req,
                                     v1::OpenPollResponse* resp) override {
    return runner_.Serve(ctx, "OpenPoll", req, resp, &core_, &PollCore::OpenPoll);
  }
  grpc::ServerUnaryReactor* ClosePoll(grpc::CallbackServerContext* ctx, const v1::ClosePollRequest* req,
                                      v1::ClosePollResponse* resp) override {
    return runner_.Serve(ctx, "ClosePoll", req, resp, &core_, &PollCore::ClosePoll);
  }
  grpc::ServerUnaryReactor* IssuePollInvitations(grpc::CallbackServerContext* ctx,
                                                 const v1::IssuePollInvitationsRequest* req,
                                                 v1::IssuePollInvitationsResponse* resp) override {
    return runner_.Serve(ctx, "IssuePollInvitations", req, resp, &core_, &PollCore::IssuePollInvitations);
  }
  grpc::ServerUnaryReactor* SubmitPollResponse(grpc::CallbackServerContext* ctx,
                                               const v1::SubmitPollResponseRequest* req,
                                               v1::SubmitPollResponseResponse* resp) override {
    return runner_.Serve(ctx, "SubmitPollResponse", req, resp, &core_, &PollCore::SubmitPollResponse);
  }
  grpc::ServerUnaryReactor* GetPollResults(grpc::CallbackServerContext* ctx, const v1::GetPollResultsRequest* req,
                                           v1::GetPollResultsResponse* resp) override {
    return runner_.Serve(ctx, "GetPollResults", req, resp, &core_, &PollCore::GetPollResults);
  }
  grpc::ServerUnaryReactor* ListPollTextAnswers(grpc::CallbackServerContext* ctx,
                                                const v1::ListPollTextAnswersRequest* req,
                                                v1::ListPollTextAnswersResponse* resp) override {
    return runner_.Serve(ctx, "ListPollTextAnswers", req, resp, &core_, &PollCore::ListPollTextAnswers);
  }

 private:
  IntakeStore store_;
  PollCore core_;
  CallRunner runner_;
};

}  // namespace renda::intake
