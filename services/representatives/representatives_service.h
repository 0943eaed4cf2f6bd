#pragma once
// The gRPC adapter of the representatives service: each RPC validates, authorizes, and calls
// the deputy rules and the store kit.

#include "renda/representatives/v1/representatives.grpc.pb.h"
#include "services/common/call.h"
#include "services/common/server.h"
#include "services/common/store.h"

namespace renda::representatives {

// Who may call each RPC.
const AccessTable& RepresentativesAccess();

class RepresentativesService final : public v1::RepresentativesService::CallbackService {
 public:
  explicit RepresentativesService(const Runtime& runtime);

  grpc::ServerUnaryReactor* CreateDeputy(grpc::CallbackServerContext* ctx, const v1::CreateDeputyRequest* req,
                                         v1::CreateDeputyResponse* resp) override;
  grpc::ServerUnaryReactor* GetDeputy(grpc::CallbackServerContext* ctx, const v1::GetDeputyRequest* req,
                                      v1::GetDeputyResponse* resp) override;
  grpc::ServerUnaryReactor* ListDeputies(grpc::CallbackServerContext* ctx, const v1::ListDeputiesRequest* req,
                                         v1::ListDeputiesResponse* resp) override;
  grpc::ServerUnaryReactor* UpdateDeputy(grpc::CallbackServerContext* ctx, const v1::UpdateDeputyRequest* req,
                                         v1::UpdateDeputyResponse* resp) override;
  grpc::ServerUnaryReactor* ChangeDeputyStatus(grpc::CallbackServerContext* ctx,
                                               const v1::ChangeDeputyStatusRequest* req,
                                               v1::ChangeDeputyStatusResponse* resp) override;
  grpc::ServerUnaryReactor* ListChanges(grpc::CallbackServerContext* ctx, const v1::ListChangesRequest* req,
                                        v1::ListChangesResponse* resp) override;
  grpc::ServerWriteReactor<v1::WatchChangesResponse>* WatchChanges(grpc::CallbackServerContext* ctx,
                                                                   const v1::WatchChangesRequest* req) override;

 private:
  Runtime runtime_;
  EntityStore store_;
  CallRunner runner_;
};

}  // namespace renda::representatives
