#pragma once
// The gRPC adapter of organizations and memberships: each RPC validates, authorizes, and calls
// the organization rules and the store kit.

#include "renda/representatives/v1/organizations.grpc.pb.h"
#include "services/common/call.h"
#include "services/common/server.h"
#include "services/common/store.h"

namespace renda::representatives {

// Who may call each RPC of OrganizationService.
const AccessTable& OrganizationAccess();

class OrganizationService final : public v1::OrganizationService::CallbackService {
 public:
  explicit OrganizationService(const Runtime& runtime);

  grpc::ServerUnaryReactor* CreateOrganization(grpc::CallbackServerContext* ctx,
                                               const v1::CreateOrganizationRequest* req,
                                               v1::CreateOrganizationResponse* resp) override;
  grpc::ServerUnaryReactor* GetOrganization(grpc::CallbackServerContext* ctx, const v1::GetOrganizationRequest* req,
                                            v1::GetOrganizationResponse* resp) override;
  grpc::ServerUnaryReactor* ListOrganizations(grpc::CallbackServerContext* ctx,
                                              const v1::ListOrganizationsRequest* req,
                                              v1::ListOrganizationsResponse* resp) override;
  grpc::ServerUnaryReactor* UpdateOrganization(grpc::CallbackServerContext* ctx,
                                               const v1::UpdateOrganizationRequest* req,
                                               v1::UpdateOrganizationResponse* resp) override;
  grpc::ServerUnaryReactor* CreateMembership(grpc::CallbackServerContext* ctx, const v1::CreateMembershipRequest* req,
                                             v1::CreateMembershipResponse* resp) override;
  grpc::ServerUnaryReactor* EndMembership(grpc::CallbackServerContext* ctx, const v1::EndMembershipRequest* req,
                                          v1::EndMembershipResponse* resp) override;
  grpc::ServerUnaryReactor* ListMemberships(grpc::CallbackServerContext* ctx, const v1::ListMembershipsRequest* req,
                                            v1::ListMembershipsResponse* resp) override;

 private:
  Runtime runtime_;
  EntityStore store_;
  CallRunner runner_;
};

}  // namespace renda::representatives
