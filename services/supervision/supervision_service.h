#pragma once
// The gRPC adapter of the supervision service: each RPC validates, authorizes, and calls the
// supervision rules and the store kit.

#include "renda/supervision/v1/supervision.grpc.pb.h"
#include "services/common/call.h"
#include "services/common/server.h"
#include "services/common/store.h"

namespace renda::supervision {

// Who may call each RPC.
const AccessTable& SupervisionAccess();

class SupervisionService final : public v1::SupervisionService::CallbackService {
 public:
  explicit SupervisionService(const Runtime& runtime);

  grpc::ServerUnaryReactor* CreateSupervisionItem(grpc::CallbackServerContext* ctx,
                                                  const v1::CreateSupervisionItemRequest* req,
                                                  v1::CreateSupervisionItemResponse* resp) override;
  grpc::ServerUnaryReactor* GetSupervisionItem(grpc::CallbackServerContext* ctx,
                                               const v1::GetSupervisionItemRequest* req,
                                               v1::GetSupervisionItemResponse* resp) override;
  grpc::ServerUnaryReactor* ListSupervisionItems(grpc::CallbackServerContext* ctx,
                                                 const v1::ListSupervisionItemsRequest* req,
                                                 v1::ListSupervisionItemsResponse* resp) override;
  grpc::ServerUnaryReactor* ListChanges(grpc::CallbackServerContext* ctx, const v1::ListChangesRequest* req,
                                        v1::ListChangesResponse* resp) override;
  grpc::ServerWriteReactor<v1::WatchChangesResponse>* WatchChanges(grpc::CallbackServerContext* ctx,
                                                                   const v1::WatchChangesRequest* req) override;

 private:
  Runtime runtime_;
  EntityStore store_;
  CallRunner runner_;
};

}  // namespace renda::supervision
