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
        indexing_("intake", "text indexer", runtime.registry, options.text_index_idle, /*at_once=*/true,
                  [this](std::string congress, const std::atomic<bool>* stop) {
                    return indexer_.CatchUp(std::move(congress), stop);
                  }),
        sweeping_(
            "intake", "deadline sweep", runtime.registry, options.sweep_interval, /*at_once=*/false,
            [this](std::string congress, const std::atomic<bool>* stop) {
              return core_.Sweep(std::move(congress), stop);
            },
            &SweepSummary) {}

  RENDA_RPC(OpinionCore, SubmitOpinion)
  RENDA_RPC(OpinionCore, GetOpinion)
  RENDA_RPC(OpinionCore, ListOpinions)
  RENDA_RPC(OpinionCore, LookupOpinion)
  RENDA_RPC(OpinionCore, ClassifyOpinion)
  RENDA_RPC(OpinionCore, ReviewOpinion)
  RENDA_RPC(OpinionCore, AssignOpinion)
  RENDA_RPC(OpinionCore, StartHandlingOpinion)
  RENDA_RPC(OpinionCore, ReplyOpinion)
  RENDA_RPC(OpinionCore, GiveOpinionFeedback)
  RENDA_RPC(OpinionCore, MergeOpinion)
  RENDA_RPC(OpinionCore, ListSimilarOpinions)
  RENDA_RPC(OpinionCore, SweepOpinionDeadlines)
  RENDA_RPC(OpinionCore, PublishOpinion)
  RENDA_RPC(OpinionCore, ListPublishedOpinions)

  // The background work, for a test that waits for its outcome (BackgroundWork::WaitRounds).
  const BackgroundWork<int>& indexing() const { return indexing_; }
  const BackgroundWork<v1::SweepOpinionDeadlinesResponse>& sweeping() const { return sweeping_; }

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
