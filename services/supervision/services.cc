#include "services/common/feed_service.h"
#include "services/supervision/supervision_service.h"

namespace renda::supervision {

std::vector<std::unique_ptr<grpc::Service>> MakeSupervisionServices(const Runtime& runtime) {
  std::vector<std::unique_ptr<grpc::Service>> services;
  services.push_back(std::make_unique<SupervisionService>(runtime));
  services.push_back(std::make_unique<ChangeFeedService>(runtime, "sup", "supervision-feed"));
  return services;
}

}  // namespace renda::supervision
