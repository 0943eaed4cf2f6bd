#pragma once
// The gRPC adapter of IntakeService (citizens' opinions and their closed loop): each RPC hands
// the call to OpinionCore. It also runs the opinions' background work: the text indexer follows
// the feed, and the deadlines are swept every options.sweep_interval (when set).

#include <atomic>
#include <string>
#include <vector>

#include "renda/intake/v1/intake.grpc.pb.h"
#include "services/common/call.h"
#include "services/common/server.h"
#include "services/intake/consultation_logic.h"
#include "services/intake/intake_store.h"
#include "services/intake/observation_logic.h"
#include "services/intake/opinion_core.h"
#include "services/intake/services.h"
#include "services/intake/text_indexer.h"

namespace renda::intake {

class IntakeService final : public v1::IntakeService::CallbackService {
 public:
  explicit IntakeService(const Runtime& runtime, const IntakeOptions& options = IntakeOptions())
      : runtime_(runtime),
        store_(runtime.redis),
        core_(runtime, &store_, options),
        indexer_(&store_),
        runner_("intake", &IntakeAccess(), runtime.auth),
        indexing_("text indexer", runtime.registry, options.text_index_idle, /*at_once=*/true,
                  [this](std::string congress, const std::atomic<bool>* stop) {
                    return indexer_.CatchUp(std::move(congress), stop);
                  }),
        sweeping_(
            "deadline sweep", runtime.registry, options.sweep_interval, /*at_once=*/false,
            [this](std::string congress, const std::atomic<bool>* stop) {
              return core_.Sweep(std::move(congress), stop);
            },
            &SweepSummary) {}

  grpc::ServerUnaryReactor* SubmitOpinion(grpc::CallbackServerContext* ctx, const v1::SubmitOpinionRequest* req,
                                          v1::SubmitOpinionResponse* resp) override {
    return runner_.Serve(ctx, "SubmitOpinion", req, resp, &core_, &OpinionCore::SubmitOpinion);
  }
  grpc::ServerUnaryReactor* GetOpinion(grpc::CallbackServerContext* ctx, const v1::GetOpinionRequest* req,
                                       v1::GetOpinionResponse* resp) override {
    return runner_.Serve(ctx, "GetOpinion", req, resp, &core_, &OpinionCore::GetOpinion);
  }
  grpc::ServerUnaryReactor* ListOpinions(grpc::CallbackServerContext* ctx, const v1::ListOpinionsRequest* req,
                                         v1::ListOpinionsResponse* resp) override {
    return runner_.Serve(ctx, "ListOpinions", req, resp, &core_, &OpinionCore::ListOpinions);
  }
  grpc::ServerUnaryReactor* LookupOpinion(grpc::CallbackServerContext* ctx, const v1::LookupOpinionRequest* req,
                                          v1::LookupOpinionResponse* resp) override {
    return runner_.Serve(ctx, "LookupOpinion", req, resp, &core_, &OpinionCore::LookupOpinion);
  }
  grpc::ServerUnaryReactor* ClassifyOpinion(grpc::CallbackServerContext* ctx, const v1::ClassifyOpinionRequest* req,
                                            v1::ClassifyOpinionResponse* resp) override {
    return runner_.Serve(ctx, "ClassifyOpinion", req, resp, &core_, &OpinionCore::ClassifyOpinion);
  }
  grpc::ServerUnaryReactor* ReviewOpinion(grpc::CallbackServerContext* ctx, const v1::ReviewOpinionRequest* req,
                                          v1::ReviewOpinionResponse* resp) override {
    return runner_.Serve(ctx, "ReviewOpinion", req, resp, &core_, &OpinionCore::ReviewOpinion);
  }
  grpc::ServerUnaryReactor* AssignOpinion(grpc::CallbackServerContext* ctx, const v1::AssignOpinionRequest* req,
                                          v1::AssignOpinionResponse* resp) override {
    return runner_.Serve(ctx, "AssignOpinion", req, resp, &core_, &OpinionCore::AssignOpinion);
  }
  grpc::ServerUnaryReactor* StartHandlingOpinion(grpc::CallbackServerContext* ctx,
                                                 const v1::StartHandlingOpinionRequest* req,
                                                 v1::StartHandlingOpinionResponse* resp) override {
    return runner_.Serve(ctx, "StartHandlingOpinion", req, resp, &core_, &OpinionCore::StartHandlingOpinion);
  }
  grpc::ServerUnaryReactor* ReplyOpinion(grpc::CallbackServerContext* ctx, const v1::ReplyOpinionRequest* req,
                                         v1::ReplyOpinionResponse* resp) override {
    return runner_.Serve(ctx, "ReplyOpinion", req, resp, &core_, &OpinionCore::ReplyOpinion);
  }
  grpc::ServerUnaryReactor* GiveOpinionFeedback(grpc::CallbackServerContext* ctx,
                                                const v1::GiveOpinionFeedbackRequest* req,
                                                v1::GiveOpinionFeedbackResponse* resp) override {
    return runner_.Serve(ctx, "GiveOpinionFeedback", req, resp, &core_, &OpinionCore::GiveOpinionFeedback);
  }
  grpc::ServerUnaryReactor* MergeOpinion(grpc::CallbackServerContext* ctx, const v1::MergeOpinionRequest* req,
                                         v1::MergeOpinionResponse* resp) override {
    return runner_.Serve(ctx, "MergeOpinion", req, resp, &core_, &OpinionCore::MergeOpinion);
  }
  grpc::ServerUnaryReactor* ListSimilarOpinions(grpc::CallbackServerContext* ctx,
                                                const v1::ListSimilarOpinionsRequest* req,
                                                v1::ListSimilarOpinionsResponse* resp) override {
    return runner_.Serve(ctx, "ListSimilarOpinions", req, resp, &core_, &OpinionCore::ListSimilarOpinions);
  }
  grpc::ServerUnaryReactor* SweepOpinionDeadlines(grpc::CallbackServerContext* ctx,
                                                  const v1::SweepOpinionDeadlinesRequest* req,
                                                  v1::SweepOpinionDeadlinesResponse* resp) override {
    return runner_.Serve(ctx, "SweepOpinionDeadlines", req, resp, &core_, &OpinionCore::SweepOpinionDeadlines);
  }
  grpc::ServerUnaryReactor* PublishOpinion(grpc::CallbackServerContext* ctx, const v1::PublishOpinionRequest* req,
                                           v1::PublishOpinionResponse* resp) override {
    return runner_.Serve(ctx, "PublishOpinion", req, resp, &core_, &OpinionCore::PublishOpinion);
  }
  grpc::ServerUnaryReactor* ListPublishedOpinions(grpc::CallbackServerContext* ctx,
                                                  const v1::ListPublishedOpinionsRequest* req,
                                                  v1::ListPublishedOpinionsResponse* resp) override {
    return runner_.Serve(ctx, "ListPublishedOpinions", req, resp, &core_, &OpinionCore::ListPublishedOpinions);
  }


 private:
  Runtime runtime_;
  IntakeStore store_;
  OpinionCore core_;
  TextIndexer indexer_;
  CallRunner runner_;
  // Last, so they stop before what they use goes.
  BackgroundWork<int> indexing_;
  BackgroundWork<v1::SweepOpinionDeadlinesResponse> sweeping_;
};

}  // namespace renda::intake
