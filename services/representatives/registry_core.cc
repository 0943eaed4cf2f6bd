#include "services/representatives/registry_core.h"

#include "absl/strings/str_cat.h"
#include "services/common/errors.h"
#include "services/common/names.h"
#include "services/common/validation.h"
#include "services/representatives/registry_logic.h"

namespace renda::representatives {
namespace {
const Roles kUnitEditors = {Role::kStaff, Role::kAdmin};

// The congress, or CONGRESS_NOT_FOUND.
Task<absl::StatusOr<Versioned<v1::Congress>>> ReadCongress(const RepresentativesStore* store, std::string id) {
  CO_ASSIGN_OR_RETURN(auto found, co_await store->congresses.Find(kRegistryTenant, id));
  if (!found.has_value()) co_return CongressNotFound(id);
  co_return *std::move(found);
}

absl::Status AdminOf(const Caller& caller, const std::string& congress) {
  if (!caller.Has(Role::kAdmin)) {
    return MakeError(absl::StatusCode::kPermissionDenied, "PERMISSION_DENIED", "only an admin may change a congress");
  }
  return CheckCongress(caller, congress);
}
}  // namespace

const AccessTable& RegistryAccess() {
  static const AccessTable* table = new AccessTable{
      {"CreateCongress", {Role::kAdmin}}, {"GetCongress", kAnyone},     {"ListCongresses", kAnyone},
      {"UpdateCongress", {Role::kAdmin}}, {"CreateUnit", kUnitEditors}, {"GetUnit", kAnyone},
      {"ListUnits", kAnyone},             {"UpdateUnit", kUnitEditors},
  };
  return *table;
}

Task<absl::StatusOr<v1::CreateCongressResponse>> RegistryCore::CreateCongress(const Caller& caller,
                                                                              const v1::CreateCongressRequest& req) {
  Validator v;
  const std::string parent = ValidateNewCongress(req, v);
  CO_RETURN_IF_ERROR(v.status());
  CO_RETURN_IF_ERROR(MayRegisterCongress(caller, parent));
  if (!parent.empty()) {
    CO_ASSIGN_OR_RETURN(auto above, co_await ReadCongress(store_, parent));
    const v1::CongressLevel want = req.congress().level() == v1::CONGRESS_LEVEL_TOWNSHIP ? v1::CONGRESS_LEVEL_DISTRICT
                                                                                         : v1::CONGRESS_LEVEL_CITY;
    if (above.entity.level() != want) {
      co_return InvalidRequest({{"congress.parent", absl::StrCat("a ", v1::CongressLevel_Name(req.congress().level()),
                                                                 " congress belongs to a ", v1::CongressLevel_Name(want),
                                                                 " congress, and ", above.entity.name(), " is ",
                                                                 v1::CongressLevel_Name(above.entity.level()))}});
    }
  }
  auto created = co_await store_->congresses.Create(NewCongress(req, runtime_.clock->Now()),
                                                    OriginOf(caller, req, runtime_.clock->Now()));
  if (created.status().code() == absl::StatusCode::kAlreadyExists) {
    co_return MakeError(absl::StatusCode::kAlreadyExists, "CONGRESS_EXISTS",
                        absl::StrCat("congresses/", req.congress_id(), " is already registered"));
  }
  v1::CreateCongressResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_congress(), std::move(created));
  co_return resp;
}

Task<absl::StatusOr<v1::GetCongressResponse>> RegistryCore::GetCongress(const Caller& caller,
                                                                        const v1::GetCongressRequest& req) {
  Validator v;
  const std::string id = ParseCongressName("name", req.name(), v);
  CO_RETURN_IF_ERROR(v.status());
  CO_ASSIGN_OR_RETURN(auto congress, co_await ReadCongress(store_, id));
  v1::GetCongressResponse resp;
  *resp.mutable_congress() = std::move(congress.entity);
  co_return resp;
}

Task<absl::StatusOr<v1::ListCongressesResponse>> RegistryCore::ListCongresses(const Caller& caller,
                                                                              const v1::ListCongressesRequest& req) {
  Validator v;
  const std::string parent = req.parent().empty() ? "" : ParseCongressName("parent", req.parent(), v);
  v.PageSize("page_size", req.page_size(), 500);
  CO_RETURN_IF_ERROR(v.status());
  ListQuery query = PageQuery(kRegistryTenant, {CongressListIndex(parent)}, absl::StrCat("ListCongresses|", req.parent()), req);
  co_return co_await store_->congresses.ListInto(*runtime_.page_tokens, std::move(query), &v1::ListCongressesResponse::mutable_congresses);
}

Task<absl::StatusOr<v1::UpdateCongressResponse>> RegistryCore::UpdateCongress(const Caller& caller,
                                                                              const v1::UpdateCongressRequest& req) {
  Validator v;
  const std::string id = ValidateCongressUpdate(req, v);
  CO_RETURN_IF_ERROR(v.status());
  CO_RETURN_IF_ERROR(AdminOf(caller, id));
  const absl::Time now = runtime_.clock->Now();
  auto changed = co_await store_->congresses.Update(
      kRegistryTenant, id, req.etag(), OriginOf(caller, req, now),
      [&](const v1::Congress& current) { return ApplyCongressUpdate(current, req, now); });
  if (changed.status().code() == absl::StatusCode::kNotFound) co_return CongressNotFound(id);
  v1::UpdateCongressResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_congress(), std::move(changed));
  co_return resp;
}

Task<absl::StatusOr<v1::CreateUnitResponse>> RegistryCore::CreateUnit(const Caller& caller,
                                                                      const v1::CreateUnitRequest& req) {
  Validator v;
  const std::string congress = ParseCongressName("parent", req.parent(), v);
  ValidateNewUnit(req, congress, v);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, congress));
  if (!req.unit().parent_unit().empty()) {
    const std::string above = SplitEntityName(req.unit().parent_unit()).id;
    CO_RETURN_IF_ERROR(co_await runtime_.registry->CheckUnit(congress, above, "unit.parent_unit"));
  }
  const absl::Time now = runtime_.clock->Now();
  auto created = co_await store_->units.Create(NewUnit(req, congress, now), OriginOf(caller, req, now));
  if (created.status().code() == absl::StatusCode::kAlreadyExists) {
    co_return MakeError(absl::StatusCode::kAlreadyExists, "UNIT_EXISTS",
                        absl::StrCat("unit '", req.unit_id(), "' is already registered in congresses/", congress));
  }
  v1::CreateUnitResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_unit(), std::move(created));
  co_return resp;
}

Task<absl::StatusOr<v1::GetUnitResponse>> RegistryCore::GetUnit(const Caller& caller, const v1::GetUnitRequest& req) {
  Validator v;
  const ResourceName name = ParseResourceName("name", req.name(), kUnitCollection, v);
  CO_RETURN_IF_ERROR(v.status());
  CO_ASSIGN_OR_RETURN(auto found, co_await store_->units.Find(kRegistryTenant, UnitKeyId(name.congress, name.id)));
  if (!found.has_value()) co_return NotFound("unit", req.name());
  v1::GetUnitResponse resp;
  *resp.mutable_unit() = std::move(found->entity);
  co_return resp;
}

Task<absl::StatusOr<v1::ListUnitsResponse>> RegistryCore::ListUnits(const Caller& caller,
                                                                    const v1::ListUnitsRequest& req) {
  Validator v;
  const std::string congress = ParseCongressName("parent", req.parent(), v);
  v.Enum("kind", req.kind(), v1::UnitKind_descriptor(), false).PageSize("page_size", req.page_size(), 500);
  CO_RETURN_IF_ERROR(v.status());
  ListQuery query = PageQuery(kRegistryTenant, {UnitListIndex(congress, req.kind(), req.include_inactive())}, absl::StrCat("ListUnits|", req.parent(), "|", static_cast<int>(req.kind()), "|",
                                        req.include_inactive()), req);
  co_return co_await store_->units.ListInto(*runtime_.page_tokens, std::move(query), &v1::ListUnitsResponse::mutable_units);
}

Task<absl::StatusOr<v1::UpdateUnitResponse>> RegistryCore::UpdateUnit(const Caller& caller,
                                                                      const v1::UpdateUnitRequest& req) {
  Validator v;
  const ResourceName name = ParseResourceName("unit.name", req.unit().name(), kUnitCollection, v);
  ValidateUnitUpdate(req, name.congress, v);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, name.congress));
  const absl::Time now = runtime_.clock->Now();
  v1::UpdateUnitResponse resp;
  auto changed = co_await store_->units.Update(
      kRegistryTenant, UnitKeyId(name.congress, name.id), req.etag(), OriginOf(caller, req, now),
      [&](const v1::Unit& current) { return ApplyUnitUpdate(current, req, now); });
  if (changed.status().code() == absl::StatusCode::kNotFound) co_return NotFound("unit", req.unit().name());
  CO_ASSIGN_OR_RETURN(*resp.mutable_unit(), std::move(changed));
  co_return resp;
}

}  // namespace renda::representatives
