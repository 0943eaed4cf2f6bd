#include "services/representatives/registry_logic.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/common/entities.h"
#include "services/common/errors.h"
#include "services/common/names.h"
#include "services/common/time_util.h"

namespace renda::representatives {
namespace {

// Congress ids: 2 to 40 of [a-z0-9-], starting with a letter ("registry" is the registry's own tag).
void CongressId(absl::string_view field, absl::string_view id, Validator& v) {
  const bool well_formed = id.size() >= 2 && id.size() <= 40 && absl::ascii_islower(id[0]) &&
                           std::all_of(id.begin(), id.end(), [](char c) {
                             return absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '-';
                           });
  if (!well_formed) {
    v.Add(field, absl::StrCat("must be 2 to 40 lower-case letters, digits and dashes, starting with a letter (got '",
                              id, "')"));
  } else if (id == kRegistryTenant) {
    v.Add(field, "'registry' is reserved");
  }
}

// The congress id of `congresses/{c}` ("" and a violation of `field` otherwise).
std::string CongressRef(absl::string_view field, absl::string_view name, Validator& v) {
  return ParseCongressName(field, name, v);
}

// The unit id of a `congresses/{congress}/units/{u}` reference in the same congress.
void UnitRef(absl::string_view field, absl::string_view name, const std::string& congress, Validator& v) {
  if (name.empty()) return;
  Validator inner;
  ResourceName n = ParseResourceName(field, name, kUnitCollection, inner);
  if (!inner.ok() || n.congress != congress) {
    v.Add(field, absl::StrCat("must name a unit of congresses/", congress, ", congresses/", congress,
                              "/units/{unit} (got '", name, "')"));
  }
}

void UnitFields(const v1::Unit& unit, const std::string& congress, bool create, Validator& v) {
  v.Text("unit.display_name", unit.display_name(), 100, create)
      .Enum("unit.kind", unit.kind(), v1::UnitKind_descriptor(), create);
  UnitRef("unit.parent_unit", unit.parent_unit(), congress, v);
}

}  // namespace

std::vector<std::string> CongressIndexes(const v1::Congress& congress) {
  std::vector<std::string> out = {CongressListIndex("")};
  if (!congress.parent().empty()) {
    Validator ignored;
    out.push_back(CongressListIndex(ParseCongressName("parent", congress.parent(), ignored)));
  }
  return out;
}

std::string CongressListIndex(const std::string& parent_id) {
  return parent_id.empty() ? "congresses" : absl::StrCat("congresses:parent:", parent_id);
}

std::vector<std::string> UnitIndexes(const v1::Unit& unit) {
  const std::string congress = SplitEntityName(unit.name()).congress;
  std::vector<std::string> out = {UnitListIndex(congress, v1::UNIT_KIND_UNSPECIFIED, true),
                                  UnitListIndex(congress, unit.kind(), true)};
  if (unit.active()) {
    out.push_back(UnitListIndex(congress, v1::UNIT_KIND_UNSPECIFIED, false));
    out.push_back(UnitListIndex(congress, unit.kind(), false));
  }
  return out;
}

std::string UnitKeyId(const std::string& congress, const std::string& unit_id) {
  return absl::StrCat(congress, "/", kUnitCollection, "/", unit_id);
}

std::string UnitListIndex(const std::string& congress, v1::UnitKind kind, bool include_inactive) {
  std::string index = absl::StrCat(include_inactive ? "units:" : "units:active:", congress);
  if (kind != v1::UNIT_KIND_UNSPECIFIED) absl::StrAppend(&index, ":kind:", static_cast<int>(kind));
  return index;
}

std::string ValidateNewCongress(const v1::CreateCongressRequest& req, Validator& v) {
  CongressId("congress_id", req.congress_id(), v);
  const v1::Congress& c = req.congress();
  v.Text("congress.display_name", c.display_name(), 100, true)
      .Enum("congress.level", c.level(), v1::CongressLevel_descriptor(), true)
      .Range("congress.term", c.term(), 1, 99, false)
      .RequestId("request_id", req.request_id());
  std::string parent;
  if (c.level() == v1::CONGRESS_LEVEL_CITY) {
    if (!c.parent().empty()) v.Add("congress.parent", "a city's congress has no parent congress");
  } else if (c.level() != v1::CONGRESS_LEVEL_UNSPECIFIED) {
    if (c.parent().empty()) {
      v.Add("congress.parent", "is required for a district or township congress (the congress one level up)");
    } else {
      parent = CongressRef("congress.parent", c.parent(), v);
      if (parent == req.congress_id()) v.Add("congress.parent", "a congress cannot be its own parent");
    }
  }
  return parent;
}

absl::Status MayRegisterCongress(const Caller& caller, const std::string& parent_id) {
  if (caller.claims.congress == "*") return absl::OkStatus();
  if (!parent_id.empty() && caller.claims.congress == parent_id) return absl::OkStatus();
  return MakeError(absl::StatusCode::kPermissionDenied, "NOT_REGISTRAR",
                   parent_id.empty()
                       ? "a city's congress is registered by an admin of every congress (token congress '*')"
                       : absl::StrCat("this congress is registered by an admin of congresses/", parent_id,
                                      " or of every congress"));
}

v1::Congress NewCongress(const v1::CreateCongressRequest& req, absl::Time now) {
  v1::Congress c = req.congress();
  c.set_name(CongressName(req.congress_id()));
  *c.mutable_create_time() = ToProtoTime(now);
  *c.mutable_update_time() = ToProtoTime(now);
  c.clear_etag();
  return c;
}

std::string ValidateCongressUpdate(const v1::UpdateCongressRequest& req, Validator& v) {
  const std::string id = ParseCongressName("congress.name", req.congress().name(), v);
  if (req.update_mask().paths().empty()) v.Add("update_mask", "names no field to change");
  for (const std::string& path : req.update_mask().paths()) {
    if (path == "display_name") {
      v.Text("congress.display_name", req.congress().display_name(), 100, true);
    } else if (path == "term") {
      v.Range("congress.term", req.congress().term(), 1, 99, false);
    } else if (path == "level" || path == "parent") {
      v.Add("update_mask", absl::StrCat("'", path, "' is set when the congress is registered and cannot change"));
    } else {
      v.Add("update_mask", absl::StrCat("'", path, "' is not a field that can be updated"));
    }
  }
  v.RequestId("request_id", req.request_id());
  return id;
}

absl::StatusOr<v1::Congress> ApplyCongressUpdate(const v1::Congress& current, const v1::UpdateCongressRequest& req,
                                                 absl::Time now) {
  v1::Congress next = current;
  for (const std::string& path : req.update_mask().paths()) {
    if (path == "display_name") next.set_display_name(req.congress().display_name());
    if (path == "term") next.set_term(req.congress().term());
  }
  *next.mutable_update_time() = ToProtoTime(now);
  return next;
}

void ValidateNewUnit(const v1::CreateUnitRequest& req, const std::string& congress, Validator& v) {
  CongressId("unit_id", req.unit_id(), v);
  UnitFields(req.unit(), congress, true, v);
  v.RequestId("request_id", req.request_id());
}

v1::Unit NewUnit(const v1::CreateUnitRequest& req, const std::string& congress, absl::Time now) {
  v1::Unit u = req.unit();
  u.set_name(ResourceNameOf(congress, kUnitCollection, req.unit_id()));
  u.set_active(true);
  *u.mutable_create_time() = ToProtoTime(now);
  *u.mutable_update_time() = ToProtoTime(now);
  u.clear_etag();
  return u;
}

void ValidateUnitUpdate(const v1::UpdateUnitRequest& req, const std::string& congress, Validator& v) {
  if (req.update_mask().paths().empty()) v.Add("update_mask", "names no field to change");
  for (const std::string& path : req.update_mask().paths()) {
    if (path == "display_name") {
      v.Text("unit.display_name", req.unit().display_name(), 100, true);
    } else if (path == "kind") {
      v.Enum("unit.kind", req.unit().kind(), v1::UnitKind_descriptor(), true);
    } else if (path == "parent_unit") {
      UnitRef("unit.parent_unit", req.unit().parent_unit(), congress, v);
      if (!req.unit().parent_unit().empty() && req.unit().parent_unit() == req.unit().name()) {
        v.Add("unit.parent_unit", "a unit cannot belong to itself");
      }
    } else if (path != "active") {
      v.Add("update_mask", absl::StrCat("'", path, "' is not a field that can be updated"));
    }
  }
  v.RequestId("request_id", req.request_id());
}

absl::StatusOr<v1::Unit> ApplyUnitUpdate(const v1::Unit& current, const v1::UpdateUnitRequest& req, absl::Time now) {
  v1::Unit next = current;
  for (const std::string& path : req.update_mask().paths()) {
    if (path == "display_name") next.set_display_name(req.unit().display_name());
    if (path == "kind") next.set_kind(req.unit().kind());
    if (path == "parent_unit") next.set_parent_unit(req.unit().parent_unit());
    if (path == "active") next.set_active(req.unit().active());
  }
  *next.mutable_update_time() = ToProtoTime(now);
  return next;
}

}  // namespace renda::representatives
