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

  grpc::ServerUnaryReactor* CreateOrganization(grpc::CallbackServerContext* ctx,
                                               const v1::CreateOrganizationRequest* req,
                                               v1::CreateOrganizationResponse* resp) override {
    return runner_.Serve(ctx, "CreateOrganization", req, resp, &core_, &OrganizationCore::CreateOrganization);
  }
  grpc::ServerUnaryReactor* GetOrganization(grpc::CallbackServerContext* ctx, const v1::GetOrganizationRequest* req,
                                            v1::GetOrganizationResponse* resp) override {
    return runner_.Serve(ctx, "GetOrganization", req, resp, &core_, &OrganizationCore::GetOrganization);
  }
  grpc::ServerUnaryReactor* ListOrganizations(grpc::CallbackServerContext* ctx, const v1::ListOrganizationsRequest* req,
                                              v1::ListOrganizationsResponse* resp) override {
    return runner_.Serve(ctx, "ListOrganizations", req, resp, &core_, &OrganizationCore::ListOrganizations);
  }
  grpc::ServerUnaryReactor* UpdateOrganization(grpc::CallbackServerContext* ctx,
                                               const v1::UpdateOrganizationRequest* req,
                                               v1::UpdateOrganizationResponse* resp) override {
    return runner_.Serve(ctx, "UpdateOrganization", req, resp, &core_, &OrganizationCore::UpdateOrganization);
  }
  grpc::ServerUnaryReactor* CreateMembership(grpc::CallbackServerContext* ctx, const v1::CreateMembershipRequest* req,
                                             v1::CreateMembershipResponse* resp) override {
    return runner_.Serve(ctx, "CreateMembership", req, resp, &core_, &OrganizationCore::CreateMembership);
  }
  grpc::ServerUnaryReactor* EndMembership(grpc::CallbackServerContext* ctx, const v1::EndMembershipRequest* req,
                                          v1::EndMembershipResponse* resp) override {
    return runner_.Serve(ctx, "EndMembership", req, resp, &core_, &OrganizationCore::EndMembership);
  }
  grpc::ServerUnaryReactor* ListMemberships(grpc::CallbackServerContext* ctx, const v1::ListMembershipsRequest* req,
                                            v1::ListMembershipsResponse* resp) override {
    return runner_.Serve(ctx, "ListMemberships", req, resp, &core_, &OrganizationCore::ListMemberships);
  }

 private:
  RepresentativesStore store_;
  OrganizationCore core_;
  CallRunner runner_;
};

}  // namespace renda::representatives
