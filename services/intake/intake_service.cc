#include "services/intake/intake_service.h"

#include "services/common/entity_ops.h"
#include "services/common/feed.h"
#include "services/common/names.h"
#include "services/common/validation.h"

namespace renda::intake {
namespace {
constexpr char kKind[] = "opinion";
constexpr char kCollection[] = "opinions";
const Roles kReaderRoles = {Role::kStaff, Role::kLeader, Role::kAdmin, Role::kService};
const Roles kFeedRoles = {Role::kStaff, Role::kAdmin, Role::kService};
}  // namespace

const AccessTable& IntakeAccess() {
  static const AccessTable* table = new AccessTable{
      {"SubmitOpinion", kAnyone},      {"GetOpinion", kReaderRoles},  {"ListOpinions", kReaderRoles},
      {"ListChanges", kFeedRoles},     {"WatchChanges", kFeedRoles},
  };
  return *table;
}

IntakeService::IntakeService(const Runtime& runtime, Taxonomy taxonomy)
    : runtime_(runtime),
      taxonomy_(std::move(taxonomy)),
      store_(runtime.redis, "in"),
      runner_("intake", &IntakeAccess(), runtime.auth) {}

grpc::ServerUnaryReactor* IntakeService::SubmitOpinion(grpc::CallbackServerContext* ctx,
                                                       const v1::SubmitOpinionRequest* req,
                                                       v1::SubmitOpinionResponse* resp) {
  return runner_.Unary(ctx, "SubmitOpinion", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const std::string congress = ParseCongressName("parent", req->parent(), v);
    ValidateSubmittedOpinion(req->opinion(), v);
    v.RequestId("request_id", req->request_id());
    if (auto s = CheckRequest(v, caller, congress); !s.ok()) return finish(s);

    const absl::Time now = runtime_.clock->Now();
    const std::string id = NewTimeOrderedId(now);
    Opinion opinion = NewOpinion(req->opinion(), ResourceNameOf(congress, kCollection, id), taxonomy_,
                                 NewTrackingCode(), now);
    PutSpec spec = CreateSpec(congress, kKind, id, OpinionIndexes(opinion), caller.subject(), *req, req->request_id(), now);
    // The submitter sees the stored opinion whole: it carries their tracking code.
    PutProto<Opinion>(&store_, spec, std::move(opinion), FinishWith(resp->mutable_opinion(), std::move(finish)));
  });
}

grpc::ServerUnaryReactor* IntakeService::GetOpinion(grpc::CallbackServerContext* ctx,
                                                    const v1::GetOpinionRequest* req,
                                                    v1::GetOpinionResponse* resp) {
  return runner_.Unary(ctx, "GetOpinion", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const ResourceName name = ParseResourceName("name", req->name(), kCollection, v);
    if (auto s = CheckRequest(v, caller, name.congress); !s.ok()) return finish(s);
    GetProto<Opinion>(&store_, "opinion", kKind, name.congress, name.id, req->name(),
                      FinishWith<Opinion>(resp->mutable_opinion(), std::move(finish),
                                          [caller](Opinion& o) { RedactForCaller(o, caller); }));
  });
}

grpc::ServerUnaryReactor* IntakeService::ListOpinions(grpc::CallbackServerContext* ctx,
                                                      const v1::ListOpinionsRequest* req,
                                                      v1::ListOpinionsResponse* resp) {
  return runner_.Unary(ctx, "ListOpinions", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const std::string congress = ParseCongressName("parent", req->parent(), v);
    ValidateListRequest(*req, v);
    if (auto s = CheckRequest(v, caller, congress); !s.ok()) return finish(s);
    ListSpec spec{congress, kKind, ListIndexes(*req), ListScope(*req), req->page_token(), req->page_size(),
                  /*descending=*/true};
    ListProtos<Opinion>(&store_, *runtime_.page_tokens, std::move(spec),
                        [resp, caller, finish = std::move(finish)](absl::StatusOr<ProtoPage<Opinion>> page) mutable {
                          if (!page.ok()) return finish(page.status());
                          for (auto& o : page->items) {
                            RedactForCaller(o, caller);
                            *resp->add_opinions() = std::move(o);
                          }
                          resp->set_next_page_token(page->next_page_token);
                          finish(absl::OkStatus());
                        });
  });
}

grpc::ServerUnaryReactor* IntakeService::ListChanges(grpc::CallbackServerContext* ctx,
                                                     const v1::ListChangesRequest* req,
                                                     v1::ListChangesResponse* resp) {
  return ServeListChanges(runner_, &store_, ctx, req, resp, RedactEventsWith(&RedactForCaller));
}

grpc::ServerWriteReactor<v1::WatchChangesResponse>* IntakeService::WatchChanges(
    grpc::CallbackServerContext* ctx, const v1::WatchChangesRequest* req) {
  return ServeWatchChanges<v1::WatchChangesRequest, v1::WatchChangesResponse>(runner_, runtime_, &store_, ctx, req,
                                                                               RedactEventsWith(&RedactForCaller));
}

}  // namespace renda::intake
