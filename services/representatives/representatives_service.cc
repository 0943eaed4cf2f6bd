#include "services/representatives/representatives_service.h"

#include "absl/strings/match.h"
#include "services/common/entity_ops.h"
#include "services/common/feed.h"
#include "services/common/names.h"
#include "services/common/validation.h"
#include "services/representatives/deputy_logic.h"

namespace renda::representatives {
namespace {
constexpr char kKind[] = "deputy";
constexpr char kCollection[] = "deputies";
const Roles kStaffRoles = {Role::kStaff, Role::kAdmin};
const Roles kFeedRoles = {Role::kStaff, Role::kAdmin, Role::kService};
}  // namespace

const AccessTable& RepresentativesAccess() {
  static const AccessTable* table = new AccessTable{
      {"CreateDeputy", kStaffRoles},  {"GetDeputy", kSignedIn},      {"ListDeputies", kSignedIn},
      {"UpdateDeputy", kStaffRoles},  {"ChangeDeputyStatus", kStaffRoles},
      {"ListChanges", kFeedRoles},    {"WatchChanges", kFeedRoles},
  };
  return *table;
}

RepresentativesService::RepresentativesService(const Runtime& runtime)
    : runtime_(runtime),
      store_(runtime.redis, "rep"),
      runner_("representatives", &RepresentativesAccess(), runtime.auth) {}

grpc::ServerUnaryReactor* RepresentativesService::CreateDeputy(grpc::CallbackServerContext* ctx,
                                                               const v1::CreateDeputyRequest* req,
                                                               v1::CreateDeputyResponse* resp) {
  return runner_.Unary(ctx, "CreateDeputy", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const std::string congress = ParseCongressName("parent", req->parent(), v);
    ValidateDeputyFields(req->deputy(), v);
    v.Id("deputy_id", req->deputy_id(), false).RequestId("request_id", req->request_id());
    if (auto s = CheckRequest(v, caller, congress); !s.ok()) return finish(s);

    const absl::Time now = runtime_.clock->Now();
    const std::string id = req->deputy_id().empty() ? NewTimeOrderedId(now) : req->deputy_id();
    Deputy deputy = NewDeputy(req->deputy(), ResourceNameOf(congress, kCollection, id), caller, now);
    PutSpec spec = CreateSpec(congress, kKind, id, DeputyIndexes(deputy), caller.subject(), *req, req->request_id(), now);
    PutProto<Deputy>(&store_, spec, std::move(deputy), FinishWith(resp->mutable_deputy(), std::move(finish)));
  });
}

grpc::ServerUnaryReactor* RepresentativesService::GetDeputy(grpc::CallbackServerContext* ctx,
                                                            const v1::GetDeputyRequest* req,
                                                            v1::GetDeputyResponse* resp) {
  return runner_.Unary(ctx, "GetDeputy", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const ResourceName name = ParseResourceName("name", req->name(), kCollection, v);
    if (auto s = CheckRequest(v, caller, name.congress); !s.ok()) return finish(s);
    GetProto<Deputy>(&store_, "deputy", kKind, name.congress, name.id, req->name(),
                     FinishWith<Deputy>(resp->mutable_deputy(), std::move(finish),
                                        [caller](Deputy& d) { RedactForCaller(d, caller); }));
  });
}

grpc::ServerUnaryReactor* RepresentativesService::ListDeputies(grpc::CallbackServerContext* ctx,
                                                               const v1::ListDeputiesRequest* req,
                                                               v1::ListDeputiesResponse* resp) {
  return runner_.Unary(ctx, "ListDeputies", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const std::string congress = ParseCongressName("parent", req->parent(), v);
    v.PageSize("page_size", req->page_size(), 500)
        .Id("delegation", req->delegation(), false)
        .Id("professional_group", req->professional_group(), false)
        .Id("liaison_station", req->liaison_station(), false)
        .Enum("status", req->status(), v1::DeputyStatus_descriptor(), false)
        .Range("term", req->term(), 1, 99, true)
        .Enum("sector", req->sector(), v1::Sector_descriptor(), false)
        .Text("display_name_contains", req->display_name_contains(), 16, false);
    if (absl::StrContains(req->display_name_contains(), '\n') || absl::StrContains(req->display_name_contains(), '\r') ||
        absl::StrContains(req->display_name_contains(), '\t')) {
      v.Add("display_name_contains", "must be one line, without tabs or line breaks");
    }
    if (auto s = CheckRequest(v, caller, congress); !s.ok()) return finish(s);
    ListSpec spec{congress, kKind, ListIndexes(*req), ListScope(*req), req->page_token(), req->page_size(), false};
    ListProtos<Deputy>(&store_, *runtime_.page_tokens, std::move(spec),
                       FinishPage<Deputy>(resp->mutable_deputies(), resp->mutable_next_page_token(), std::move(finish),
                                          [req, caller](Deputy& d) {
                                            // The n-gram indexes also find names holding the query's pairs apart.
                                            if (!MatchesNameSearch(d, *req)) return false;
                                            RedactForCaller(d, caller);
                                            return true;
                                          }));
  });
}

grpc::ServerUnaryReactor* RepresentativesService::UpdateDeputy(grpc::CallbackServerContext* ctx,
                                                               const v1::UpdateDeputyRequest* req,
                                                               v1::UpdateDeputyResponse* resp) {
  return runner_.Unary(ctx, "UpdateDeputy", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const ResourceName name = ParseResourceName("deputy.name", req->deputy().name(), kCollection, v);
    v.RequestId("request_id", req->request_id());
    ValidateUpdateRequest(*req, v);
    if (auto s = CheckRequest(v, caller, name.congress); !s.ok()) return finish(s);
    const absl::Time now = runtime_.clock->Now();
    auto plan = NewUpdatePlan<Deputy>(
        ChangeSpec(name.congress, kKind, name.id, caller.subject(), *req, req->request_id(), now),
        "deputy", req->deputy().name(), req->deputy().etag());
    plan->mutate = [req, caller, now](const Deputy& current) { return ApplyUpdate(current, *req, caller, now); };
    plan->indexes = [](const Deputy& next) { return DeputyIndexes(next); };
    UpdateProto<Deputy>(&store_, std::move(plan), FinishWith(resp->mutable_deputy(), std::move(finish)));
  });
}

grpc::ServerUnaryReactor* RepresentativesService::ChangeDeputyStatus(grpc::CallbackServerContext* ctx,
                                                                     const v1::ChangeDeputyStatusRequest* req,
                                                                     v1::ChangeDeputyStatusResponse* resp) {
  return runner_.Unary(ctx, "ChangeDeputyStatus", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const ResourceName name = ParseResourceName("name", req->name(), kCollection, v);
    ValidateStatusChange(*req, v);
    if (auto s = CheckRequest(v, caller, name.congress); !s.ok()) return finish(s);
    const absl::Time now = runtime_.clock->Now();
    auto plan = NewUpdatePlan<Deputy>(
        ChangeSpec(name.congress, kKind, name.id, caller.subject(), *req, req->request_id(), now),
        "deputy", req->name(), req->etag());
    plan->mutate = [req, caller, now](const Deputy& current) { return ApplyStatusChange(current, *req, caller, now); };
    plan->indexes = [](const Deputy& next) { return DeputyIndexes(next); };
    UpdateProto<Deputy>(&store_, std::move(plan), FinishWith(resp->mutable_deputy(), std::move(finish)));
  });
}

grpc::ServerUnaryReactor* RepresentativesService::ListChanges(grpc::CallbackServerContext* ctx,
                                                              const v1::ListChangesRequest* req,
                                                              v1::ListChangesResponse* resp) {
  return ServeListChanges(runner_, &store_, ctx, req, resp, RedactEventsWith(&RedactForCaller));
}

grpc::ServerWriteReactor<v1::WatchChangesResponse>* RepresentativesService::WatchChanges(
    grpc::CallbackServerContext* ctx, const v1::WatchChangesRequest* req) {
  return ServeWatchChanges<v1::WatchChangesRequest, v1::WatchChangesResponse>(runner_, runtime_, &store_, ctx, req,
                                                                               RedactEventsWith(&RedactForCaller));
}

}  // namespace renda::representatives
