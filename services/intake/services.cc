#include "services/intake/services.h"

#include "services/intake/intake_service.h"

namespace renda::intake {

std::vector<std::unique_ptr<grpc::Service>> MakeIntakeServices(const Runtime& runtime, const IntakeOptions& options) {
  (void)options;
  std::vector<std::unique_ptr<grpc::Service>> services;
  services.push_back(std::make_unique<IntakeService>(runtime));
  return services;
}

}  // namespace renda::intake
