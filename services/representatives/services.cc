#include "services/representatives/services.h"

#include "services/common/feed_service.h"
#include "services/representatives/deputy_logic.h"

#include "services/representatives/organization_service.h"
#include "services/representatives/representatives_service.h"
#include "services/representatives/duty_service.h"
#include "services/representatives/evaluation_service.h"
#include "services/representatives/contact_service.h"
#include "services/representatives/plan_service.h"
#include "services/representatives/registry_service.h"
#include "services/representatives/station_service.h"

namespace renda::representatives {

std::vector<std::unique_ptr<grpc::Service>> MakeRepresentativesServices(const Runtime& runtime) {
  std::vector<std::unique_ptr<grpc::Service>> services;
  services.push_back(std::make_unique<RepresentativesService>(runtime));
  services.push_back(std::make_unique<DutyRecordService>(runtime));
  services.push_back(std::make_unique<EvaluationService>(runtime));
  services.push_back(std::make_unique<OrganizationService>(runtime));
  services.push_back(std::make_unique<ContactService>(runtime));
  services.push_back(std::make_unique<WorkPlanService>(runtime));
  services.push_back(std::make_unique<StationService>(runtime));
  services.push_back(std::make_unique<RegistryService>(runtime));
  services.push_back(
      std::make_unique<ChangeFeedService>(runtime, "rep", "representatives-feed", RedactEventsWith(&RedactForCaller)));
  return services;
}

}  // namespace renda::representatives
