#include "services/supervision/supervision_service.h"

#include "services/common/entity_ops.h"
#include "services/common/feed.h"
#include "services/common/names.h"
#include "services/common/validation.h"
#include "services/supervision/supervision_logic.h"

namespace renda::supervision {
namespace {
constexpr char kKind[] = "item";
constexpr char kCollection[] = "supervisionItems";
const Roles kStaffRoles = {Role::kStaff, Role::kAdmin};
const Roles kFeedRoles = {Role::kStaff, Role::kAdmin, Role::kService};
}  // namespace

const AccessTable& SupervisionAccess() {
  static const AccessTable* table = new AccessTable{
      {"CreateSupervisionItem", kStaffRoles}, {"GetSupervisionItem", kSignedIn},
      {"ListSupervisionItems", kSignedIn},    {"ListChanges", kFeedRoles},
      {"WatchChanges", kFeedRoles},
  };
  return *table;
}

SupervisionService::SupervisionService(const Runtime& runtime)
    : runtime_(runtime),
      store_(runtime.redis, "sup"),
      runner_("supervision", &SupervisionAccess(), runtime.auth) {}

grpc::ServerUnaryReactor* SupervisionService::CreateSupervisionItem(grpc::CallbackServerContext* ctx,
                                                                    const v1::CreateSupervisionItemRequest* req,
                                                                    v1::CreateSupervisionItemResponse* resp) {
  return runner_.Unary(ctx, "CreateSupervisionItem", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const std::string congress = ParseCongressName("parent", req->parent(), v);
    ValidateItemFields(req->supervision_item(), v);
    v.RequestId("request_id", req->request_id());
    if (auto s = CheckRequest(v, caller, congress); !s.ok()) return finish(s);

    const absl::Time now = runtime_.clock->Now();
    const std::string id = NewTimeOrderedId(now);
    SupervisionItem item = NewItem(req->supervision_item(), ResourceNameOf(congress, kCollection, id), now);
    PutSpec spec = CreateSpec(congress, kKind, id, ItemIndexes(item), caller.subject(), *req, req->request_id(), now);
    PutProto<SupervisionItem>(&store_, spec, std::move(item), FinishWith(resp->mutable_supervision_item(), std::move(finish)));
  });
}

grpc::ServerUnaryReactor* SupervisionService::GetSupervisionItem(grpc::CallbackServerContext* ctx,
                                                                 const v1::GetSupervisionItemRequest* req,
                                                                 v1::GetSupervisionItemResponse* resp) {
  return runner_.Unary(ctx, "GetSupervisionItem", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const ResourceName name = ParseResourceName("name", req->name(), kCollection, v);
    if (auto s = CheckRequest(v, caller, name.congress); !s.ok()) return finish(s);
    GetProto<SupervisionItem>(&store_, "supervision item", kKind, name.congress, name.id, req->name(),
                              FinishWith(resp->mutable_supervision_item(), std::move(finish)));
  });
}

grpc::ServerUnaryReactor* SupervisionService::ListSupervisionItems(grpc::CallbackServerContext* ctx,
                                                                   const v1::ListSupervisionItemsRequest* req,
                                                                   v1::ListSupervisionItemsResponse* resp) {
  return runner_.Unary(ctx, "ListSupervisionItems", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const std::string congress = ParseCongressName("parent", req->parent(), v);
    ValidateListRequest(*req, v);
    if (auto s = CheckRequest(v, caller, congress); !s.ok()) return finish(s);
    ListSpec spec{congress, kKind, ListIndexes(*req), ListScope(*req), req->page_token(), req->page_size(),
                  /*descending=*/false};
    ListProtos<SupervisionItem>(&store_, *runtime_.page_tokens, std::move(spec),
                                [resp, finish = std::move(finish)](
                                    absl::StatusOr<ProtoPage<SupervisionItem>> page) mutable {
                                  if (!page.ok()) return finish(page.status());
                                  for (auto& item : page->items) *resp->add_supervision_items() = std::move(item);
                                  resp->set_next_page_token(page->next_page_token);
                                  finish(absl::OkStatus());
                                });
  });
}

grpc::ServerUnaryReactor* SupervisionService::ListChanges(grpc::CallbackServerContext* ctx,
                                                          const v1::ListChangesRequest* req,
                                                          v1::ListChangesResponse* resp) {
  return ServeListChanges(runner_, &store_, ctx, req, resp);
}

grpc::ServerWriteReactor<v1::WatchChangesResponse>* SupervisionService::WatchChanges(
    grpc::CallbackServerContext* ctx, const v1::WatchChangesRequest* req) {
  return ServeWatchChanges<v1::WatchChangesRequest, v1::WatchChangesResponse>(runner_, runtime_, &store_, ctx, req);
}

}  // namespace renda::supervision
