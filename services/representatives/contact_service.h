#pragma once
// The gRPC adapter of ContactService: each RPC hands the call to ContactCore.

#include "renda/representatives/v1/contacts.grpc.pb.h"
#include "services/common/call.h"
#include "services/common/server.h"
#include "services/representatives/contact_core.h"
#include "services/representatives/representatives_store.h"

namespace renda::representatives {

class ContactService final : public v1::ContactService::CallbackService {
 public:
  explicit ContactService(const Runtime& runtime)
      : store_(runtime.redis), core_(runtime, &store_), runner_("contacts", &ContactAccess(), runtime.auth) {}

  grpc::ServerUnaryReactor* CreateLeader(grpc::CallbackServerContext* ctx, const v1::CreateLeaderRequest* req,
                                         v1::CreateLeaderResponse* resp) override {
    return runner_.Serve(ctx, "CreateLeader", req, resp, &core_, &ContactCore::CreateLeader);
  }
  grpc::ServerUnaryReactor* GetLeader(grpc::CallbackServerContext* ctx, const v1::GetLeaderRequest* req,
                                      v1::GetLeaderResponse* resp) override {
    return runner_.Serve(ctx, "GetLeader", req, resp, &core_, &ContactCore::GetLeader);
  }
  grpc::ServerUnaryReactor* ListLeaders(grpc::CallbackServerContext* ctx, const v1::ListLeadersRequest* req,
                                        v1::ListLeadersResponse* resp) override {
    return runner_.Serve(ctx, "ListLeaders", req, resp, &core_, &ContactCore::ListLeaders);
  }
  grpc::ServerUnaryReactor* GetContactQuotas(grpc::CallbackServerContext* ctx, const v1::GetContactQuotasRequest* req,
                                             v1::GetContactQuotasResponse* resp) override {
    return runner_.Serve(ctx, "GetContactQuotas", req, resp, &core_, &ContactCore::GetContactQuotas);
  }
  grpc::ServerUnaryReactor* UpdateContactQuotas(grpc::CallbackServerContext* ctx,
                                                const v1::UpdateContactQuotasRequest* req,
                                                v1::UpdateContactQuotasResponse* resp) override {
    return runner_.Serve(ctx, "UpdateContactQuotas", req, resp, &core_, &ContactCore::UpdateContactQuotas);
  }
  grpc::ServerUnaryReactor* CreateContactAssignment(grpc::CallbackServerContext* ctx,
                                                    const v1::CreateContactAssignmentRequest* req,
                                                    v1::CreateContactAssignmentResponse* resp) override {
    return runner_.Serve(ctx, "CreateContactAssignment", req, resp, &core_, &ContactCore::CreateContactAssignment);
  }
  grpc::ServerUnaryReactor* EndContactAssignment(grpc::CallbackServerContext* ctx,
                                                 const v1::EndContactAssignmentRequest* req,
                                                 v1::EndContactAssignmentResponse* resp) override {
    return runner_.Serve(ctx, "EndContactAssignment", req, resp, &core_, &ContactCore::EndContactAssignment);
  }
  grpc::ServerUnaryReactor* ListContactAssignments(grpc::CallbackServerContext* ctx,
                                                   const v1::ListContactAssignmentsRequest* req,
                                                   v1::ListContactAssignmentsResponse* resp) override {
    return runner_.Serve(ctx, "ListContactAssignments", req, resp, &core_, &ContactCore::ListContactAssignments);
  }
  grpc::ServerUnaryReactor* LogVisit(grpc::CallbackServerContext* ctx, const v1::LogVisitRequest* req,
                                     v1::LogVisitResponse* resp) override {
    return runner_.Serve(ctx, "LogVisit", req, resp, &core_, &ContactCore::LogVisit);
  }
  grpc::ServerUnaryReactor* ListVisits(grpc::CallbackServerContext* ctx, const v1::ListVisitsRequest* req,
                                       v1::ListVisitsResponse* resp) override {
    return runner_.Serve(ctx, "ListVisits", req, resp, &core_, &ContactCore::ListVisits);
  }
  grpc::ServerUnaryReactor* ListQuotaShortfalls(grpc::CallbackServerContext* ctx,
                                                const v1::ListQuotaShortfallsRequest* req,
                                                v1::ListQuotaShortfallsResponse* resp) override {
    return runner_.Serve(ctx, "ListQuotaShortfalls", req, resp, &core_, &ContactCore::ListQuotaShortfalls);
  }
  grpc::ServerUnaryReactor* ListUnvisitedDeputies(grpc::CallbackServerContext* ctx,
                                                  const v1::ListUnvisitedDeputiesRequest* req,
                                                  v1::ListUnvisitedDeputiesResponse* resp) override {
    return runner_.Serve(ctx, "ListUnvisitedDeputies", req, resp, &core_, &ContactCore::ListUnvisitedDeputies);
  }
  grpc::ServerUnaryReactor* GetContactCoverage(grpc::CallbackServerContext* ctx,
                                               const v1::GetContactCoverageRequest* req,
                                               v1::GetContactCoverageResponse* resp) override {
    return runner_.Serve(ctx, "GetContactCoverage", req, resp, &core_, &ContactCore::GetContactCoverage);
  }

 private:
  RepresentativesStore store_;
  ContactCore core_;
  CallRunner runner_;
};

}  // namespace renda::representatives
