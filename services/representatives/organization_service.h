#pragma once
// The gRPC adapter of OrganizationService: each RPC hands the call to OrganizationCore.

#include "renda/representatives/v1/organizations.grpc.pb.h"
#include "services/common/call.h"
#include "services/common/server.h"
#include "services/representatives/organization_core.h"
#include "services/representatives/representatives_store.h"

namespace renda::representatives {

class OrganizationService final : public v1::OrganizationService::CallbackService {
 public:
  explicit OrganizationService(const Runtime& runtime)
      : store_(runtime.redis), core_(runtime, &store_), runner_("organizations", &OrganizationAccess(), runtime.auth) {}

  RENDA_RPC(OrganizationCore, CreateOrganization)
  RENDA_RPC(OrganizationCore, GetOrganization)
  RENDA_RPC(OrganizationCore, ListOrganizations)
  RENDA_RPC(OrganizationCore, UpdateOrganization)
  RENDA_RPC(OrganizationCore, CreateMembership)
  RENDA_RPC(OrganizationCore, EndMembership)
  RENDA_RPC(OrganizationCore, ListMemberships)

 private:
  RepresentativesStore store_;
  OrganizationCore core_;
  CallRunner runner_;
};

}  // namespace renda::representatives
