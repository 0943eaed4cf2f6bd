#pragma once
// OrganizationService's core: organizations (delegations, committees, groups) and deputies'
// memberships in them. No gRPC here (the adapter in organization_service.h is one line per RPC).

#include "absl/status/statusor.h"
#include "renda/representatives/v1/organizations.pb.h"
#include "services/common/auth.h"
#include "services/common/server.h"
#include "services/common/task.h"
#include "services/representatives/representatives_store.h"

namespace renda::representatives {

// Who may call each RPC of OrganizationService.
const AccessTable& OrganizationAccess();

class OrganizationCore {
 public:
  OrganizationCore(const Runtime& runtime, const RepresentativesStore* store) : runtime_(runtime), store_(store) {}

  Task<absl::StatusOr<v1::CreateOrganizationResponse>> CreateOrganization(const Caller& caller,
                                                                          const v1::CreateOrganizationRequest& req);
  Task<absl::StatusOr<v1::GetOrganizationResponse>> GetOrganization(const Caller& caller,
                                                                    const v1::GetOrganizationRequest& req);
  Task<absl::StatusOr<v1::ListOrganizationsResponse>> ListOrganizations(const Caller& caller,
                                                                        const v1::ListOrganizationsRequest& req);
  Task<absl::StatusOr<v1::UpdateOrganizationResponse>> UpdateOrganization(const Caller& caller,
                                                                          const v1::UpdateOrganizationRequest& req);
  Task<absl::StatusOr<v1::CreateMembershipResponse>> CreateMembership(const Caller& caller,
                                                                      const v1::CreateMembershipRequest& req);
  Task<absl::StatusOr<v1::EndMembershipResponse>> EndMembership(const Caller& caller,
                                                                const v1::EndMembershipRequest& req);
  Task<absl::StatusOr<v1::ListMembershipsResponse>> ListMemberships(const Caller& caller,
                                                                    const v1::ListMembershipsRequest& req);

 private:
  Runtime runtime_;
  const RepresentativesStore* store_;
};

}  // namespace renda::representatives
