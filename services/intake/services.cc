#include "services/intake/services.h"

#include "services/common/feed_service.h"
#include "services/intake/consultation_logic.h"
#include "services/intake/consultation_service.h"
#include "services/intake/intake_service.h"
#include "services/intake/observation_logic.h"
#include "services/intake/observation_service.h"
#include "services/intake/opinion_logic.h"
#include "services/intake/poll_service.h"
#include "services/intake/proposal_service.h"

namespace renda::intake {

EventRedactor IntakeEventRedactor() {
  // The feed carries every intake entity; each kind is redacted as its own Get would (an event
  // of another kind is left to the others).
  std::vector<EventRedactor> kinds = {RedactEventsWith(&RedactForCaller), RedactEventsWith(&RedactComment),
                                      RedactEventsWith(&RedactApplicationForCaller)};
  return [kinds](renda::type::v1::ChangeEvent& event, const Caller& caller) {
    for (const auto& redact : kinds) redact(event, caller);
  };
}

std::vector<std::unique_ptr<grpc::Service>> MakeIntakeServices(const Runtime& runtime, const IntakeOptions& options) {
  std::vector<std::unique_ptr<grpc::Service>> services;
  services.push_back(std::make_unique<IntakeService>(runtime, options));
  services.push_back(std::make_unique<ConsultationService>(runtime, options));
  services.push_back(std::make_unique<PollService>(runtime, options));
  services.push_back(std::make_unique<ObservationService>(runtime, options));
  services.push_back(std::make_unique<ProposalService>(runtime, options));
  services.push_back(std::make_unique<ChangeFeedService>(runtime, "in", "intake-feed", IntakeEventRedactor()));
  return services;
}

}  // namespace renda::intake
