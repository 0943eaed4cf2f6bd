#include "services/representatives/services.h"

#include "services/representatives/representatives_service.h"

namespace renda::representatives {

std::vector<std::unique_ptr<grpc::Service>> MakeRepresentativesServices(const Runtime& runtime) {
  std::vector<std::unique_ptr<grpc::Service>> services;
  services.push_back(std::make_unique<RepresentativesService>(runtime));
  return services;
}

}  // namespace renda::representatives
