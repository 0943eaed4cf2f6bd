#pragma once
// The gRPC adapter of RepresentativesService: each RPC hands the call to DeputyCore. The
// binary's change feed is renda.feed.v1.ChangeFeedService (services/common/feed_service.h).

#include "renda/representatives/v1/representatives.grpc.pb.h"
#include "services/common/call.h"
#include "services/common/server.h"
#include "services/representatives/deputy_core.h"
#include "services/representatives/deputy_logic.h"
#include "services/representatives/representatives_store.h"

namespace renda::representatives {

class RepresentativesService final : public v1::RepresentativesService::CallbackService {
 public:
  explicit RepresentativesService(const Runtime& runtime)
      : runtime_(runtime),
        store_(runtime.redis),
        core_(runtime, &store_),
        runner_("representatives", &RepresentativesAccess(), runtime.auth) {}

  grpc::ServerUnaryReactor* CreateDeputy(grpc::CallbackServerContext* ctx, const v1::CreateDeputyRequest* req,
                                         v1::CreateDeputyResponse* resp) override {
    return runner_.Serve(ctx, "CreateDeputy", req, resp, &core_, &DeputyCore::CreateDeputy);
  }
  grpc::ServerUnaryReactor* GetDeputy(grpc::CallbackServerContext* ctx, const v1::GetDeputyRequest* req,
                                      v1::GetDeputyResponse* resp) override {
    return runner_.Serve(ctx, "GetDeputy", req, resp, &core_, &DeputyCore::GetDeputy);
  }
  grpc::ServerUnaryReactor* ListDeputies(grpc::CallbackServerContext* ctx, const v1::ListDeputiesRequest* req,
                                         v1::ListDeputiesResponse* resp) override {
    return runner_.Serve(ctx, "ListDeputies", req, resp, &core_, &DeputyCore::ListDeputies);
  }
  grpc::ServerUnaryReactor* UpdateDeputy(grpc::CallbackServerContext* ctx, const v1::UpdateDeputyRequest* req,
                                         v1::UpdateDeputyResponse* resp) override {
    return runner_.Serve(ctx, "UpdateDeputy", req, resp, &core_, &DeputyCore::UpdateDeputy);
  }
  grpc::ServerUnaryReactor* ChangeDeputyStatus(grpc::CallbackServerContext* ctx,
                                               const v1::ChangeDeputyStatusRequest* req,
                                               v1::ChangeDeputyStatusResponse* resp) override {
    return runner_.Serve(ctx, "ChangeDeputyStatus", req, resp, &core_, &DeputyCore::ChangeDeputyStatus);
  }


 private:
  Runtime runtime_;
  RepresentativesStore store_;
  DeputyCore core_;
  CallRunner runner_;
};

}  // namespace renda::representatives
