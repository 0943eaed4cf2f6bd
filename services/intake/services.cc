#include "services/intake/services.h"

#include "services/intake/consultation_service.h"
#include "services/intake/intake_service.h"
#include "services/intake/observation_service.h"
#include "services/intake/poll_service.h"
#include "services/intake/proposal_service.h"

namespace renda::intake {

std::vector<std::unique_ptr<grpc::Service>> MakeIntakeServices(const Runtime& runtime, const IntakeOptions& options) {
  std::vector<std::unique_ptr<grpc::Service>> services;
  services.push_back(std::make_unique<IntakeService>(runtime, options));
  services.push_back(std::make_unique<ConsultationService>(runtime, options));
  services.push_back(std::make_unique<PollService>(runtime, options));
  services.push_back(std::make_unique<ObservationService>(runtime, options));
  services.push_back(std::make_unique<ProposalService>(runtime, options));
  return services;
}

}  // namespace renda::intake
