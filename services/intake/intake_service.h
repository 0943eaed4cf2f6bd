#pragma once
// The gRPC adapter of the intake service: each RPC validates, authorizes, and calls the opinion
// rules and the store kit.

#include "renda/intake/v1/intake.grpc.pb.h"
#include "services/common/call.h"
#include "services/common/server.h"
#include "services/common/store.h"
#include "services/intake/embedded_taxonomy.h"
#include "services/intake/opinion_logic.h"

namespace renda::intake {

// Who may call each RPC.
const AccessTable& IntakeAccess();

class IntakeService final : public v1::IntakeService::CallbackService {
 public:
  // `taxonomy` suggests the category of each new opinion.
  explicit IntakeService(const Runtime& runtime, Taxonomy taxonomy = EmbeddedTaxonomy());

  grpc::ServerUnaryReactor* SubmitOpinion(grpc::CallbackServerContext* ctx, const v1::SubmitOpinionRequest* req,
                                          v1::SubmitOpinionResponse* resp) override;
  grpc::ServerUnaryReactor* GetOpinion(grpc::CallbackServerContext* ctx, const v1::GetOpinionRequest* req,
                                       v1::GetOpinionResponse* resp) override;
  grpc::ServerUnaryReactor* ListOpinions(grpc::CallbackServerContext* ctx, const v1::ListOpinionsRequest* req,
                                         v1::ListOpinionsResponse* resp) override;
  grpc::ServerUnaryReactor* ListChanges(grpc::CallbackServerContext* ctx, const v1::ListChangesRequest* req,
                                        v1::ListChangesResponse* resp) override;
  grpc::ServerWriteReactor<v1::WatchChangesResponse>* WatchChanges(grpc::CallbackServerContext* ctx,
                                                                   const v1::WatchChangesRequest* req) override;

 private:
  Runtime runtime_;
  Taxonomy taxonomy_;
  EntityStore store_;
  CallRunner runner_;
};

}  // namespace renda::intake
