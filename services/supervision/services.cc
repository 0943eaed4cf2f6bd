#include "services/supervision/services.h"

#include "services/common/feed_service.h"
#include "services/supervision/livelihood_service.h"
#include "services/supervision/peers.h"
#include "services/supervision/obligation_service.h"
#include "services/supervision/problem_service.h"
#include "services/supervision/budget_service.h"
#include "services/supervision/research_service.h"
#include "services/supervision/satisfaction_service.h"
#include "services/supervision/supervision_service.h"

namespace renda::supervision {

std::vector<std::unique_ptr<grpc::Service>> MakeSupervisionServices(const Runtime& runtime,
                                                                    const SupervisionOptions& options) {
  std::vector<std::unique_ptr<grpc::Service>> services;
  // One set of channels to the other services, shared by every service here.
  auto peers = std::make_shared<const Peers>(options, runtime.clock, runtime.options.token_key);
  // ---- The plan, problem lists and rectification, reporting obligations ----
  services.push_back(std::make_unique<SupervisionService>(runtime, peers, options));
  services.push_back(std::make_unique<ProblemService>(runtime, peers));
  services.push_back(std::make_unique<ObligationService>(runtime));
  // ---- Satisfaction votes, budget review, research topics ----
  services.push_back(std::make_unique<SatisfactionService>(
      runtime, peers,
      SatisfactionRuleOf(options.satisfaction_counts_basically, options.satisfaction_pass_percent,
                         options.satisfaction_of_votes_cast)));
  services.push_back(std::make_unique<BudgetService>(runtime, peers));
  services.push_back(std::make_unique<ResearchService>(runtime));
  // ---- Livelihood projects by deputy vote ----
  services.push_back(std::make_unique<LivelihoodService>(runtime, peers));
  services.push_back(std::make_unique<ChangeFeedService>(runtime, "sup", "supervision-feed"));
  return services;
}

}  // namespace renda::supervision
