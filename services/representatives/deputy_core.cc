#include "services/representatives/deputy_core.h"

#include "absl/strings/match.h"
#include "services/common/names.h"
#include "services/common/validation.h"
#include "services/representatives/deputy_logic.h"
#include "services/representatives/duty_records.h"

namespace renda::representatives {
namespace {
const Roles kStaffRoles = {Role::kStaff, Role::kAdmin};
}  // namespace

const AccessTable& RepresentativesAccess() {
  static const AccessTable* table = new AccessTable{
      {"CreateDeputy", kStaffRoles},  {"GetDeputy", kSignedIn},      {"ListDeputies", kSignedIn},
      {"UpdateDeputy", kStaffRoles},  {"ChangeDeputyStatus", kStaffRoles},
  };
  return *table;
}

Task<absl::StatusOr<v1::CreateDeputyResponse>> DeputyCore::CreateDeputy(const Caller& caller,
                                                                        const v1::CreateDeputyRequest& req) {
  Validator v;
  const std::string congress = ParseCongressName("parent", req.parent(), v);
  ValidateDeputyFields(req.deputy(), v);
  v.Id("deputy_id", req.deputy_id(), false).RequestId("request_id", req.request_id());
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, congress));

  const absl::Time now = runtime_.clock->Now();
  const std::string id = req.deputy_id().empty() ? NewTimeOrderedId(now) : req.deputy_id();
  Deputy deputy = NewDeputy(req.deputy(), ResourceNameOf(congress, kDeputyCollection, id), caller, now);
  v1::CreateDeputyResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_deputy(),
                      co_await store_->deputies.Create(std::move(deputy), OriginOf(caller, req, now)));
  co_return resp;
}

Task<absl::StatusOr<v1::GetDeputyResponse>> DeputyCore::GetDeputy(const Caller& caller,
                                                                  const v1::GetDeputyRequest& req) {
  Validator v;
  const ResourceName name = ParseResourceName("name", req.name(), kDeputyCollection, v);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, name.congress));
  v1::GetDeputyResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_deputy(), co_await store_->deputies.Get(name.congress, name.id));
  RedactForCaller(*resp.mutable_deputy(), caller);
  co_return resp;
}

Task<absl::StatusOr<v1::ListDeputiesResponse>> DeputyCore::ListDeputies(const Caller& caller,
                                                                        const v1::ListDeputiesRequest& req) {
  Validator v;
  const std::string congress = ParseCongressName("parent", req.parent(), v);
  v.PageSize("page_size", req.page_size(), 500)
      .Id("delegation", req.delegation(), false)
      .Id("professional_group", req.professional_group(), false)
      .Id("liaison_station", req.liaison_station(), false)
      .Enum("status", req.status(), v1::DeputyStatus_descriptor(), false)
      .Range("term", req.term(), 1, 99, true)
      .Enum("sector", req.sector(), v1::Sector_descriptor(), false)
      .Text("display_name_contains", req.display_name_contains(), 16, false);
  if (absl::StrContains(req.display_name_contains(), '\n') || absl::StrContains(req.display_name_contains(), '\r') ||
      absl::StrContains(req.display_name_contains(), '\t')) {
    v.Add("display_name_contains", "must be one line, without tabs or line breaks");
  }
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, congress));

  ListQuery query = PageQuery(congress, ListIndexes(req), ListScope(req), req);
  co_return co_await store_->deputies.ListInto(*runtime_.page_tokens, std::move(query), &v1::ListDeputiesResponse::mutable_deputies,
                   [&req, &caller](Deputy& d) {
                     // The n-gram indexes also find names holding the query's pairs apart.
                     if (!MatchesNameSearch(d, req)) return false;
                     RedactForCaller(d, caller);
                     return true;
                   });
}

Task<absl::StatusOr<v1::UpdateDeputyResponse>> DeputyCore::UpdateDeputy(const Caller& caller,
                                                                        const v1::UpdateDeputyRequest& req) {
  Validator v;
  const ResourceName name = ParseResourceName("deputy.name", req.deputy().name(), kDeputyCollection, v);
  v.RequestId("request_id", req.request_id());
  ValidateUpdateRequest(req, v);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, name.congress));
  const absl::Time now = runtime_.clock->Now();
  v1::UpdateDeputyResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_deputy(),
                      co_await store_->deputies.Update(
                          name.congress, name.id, req.deputy().etag(), OriginOf(caller, req, now),
                          [&](const Deputy& current) { return ApplyUpdate(current, req, caller, now); }));
  co_return resp;
}

Task<absl::StatusOr<v1::ChangeDeputyStatusResponse>> DeputyCore::ChangeDeputyStatus(
    const Caller& caller, const v1::ChangeDeputyStatusRequest& req) {
  Validator v;
  const ResourceName name = ParseResourceName("name", req.name(), kDeputyCollection, v);
  ValidateStatusChange(req, v);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, name.congress));
  const absl::Time now = runtime_.clock->Now();
  v1::ChangeDeputyStatusResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_deputy(),
                      co_await store_->deputies.Update(
                          name.congress, name.id, req.etag(), OriginOf(caller, req, now),
                          [&](const Deputy& current) { return ApplyStatusChange(current, req, caller, now); }));
  co_return resp;
}

}  // namespace renda::representatives
