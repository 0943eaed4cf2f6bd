#include "services/representatives/deputy_logic.h"
#include "services/common/time_util.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace renda::representatives {
namespace {

using v1::DeputyStatus;

void ValidateDate(const renda::type::v1::Date& d, const std::string& field, Validator& v) {
  if (d.year() == 0 && d.month() == 0 && d.day() == 0) return;
  absl::CivilDay day(d.year(), d.month(), d.day());
  if (d.year() < 1900 || d.year() > 2200 || day.month() != d.month() || day.day() != d.day() ||
      day.year() != d.year()) {
    v.Add(field, absl::StrCat("is not a valid date (", d.year(), "-", d.month(), "-", d.day(), ")"));
  }
}

bool IsStaff(const Caller& c) { return c.Has(Role::kStaff) || c.Has(Role::kAdmin); }

}  // namespace

renda::type::v1::Date DateOf(absl::Time t) {
  static const absl::TimeZone kChina = absl::FixedTimeZone(8 * 3600);
  absl::CivilDay day = absl::ToCivilDay(t, kChina);
  renda::type::v1::Date d;
  d.set_year(static_cast<int32_t>(day.year()));
  d.set_month(day.month());
  d.set_day(day.day());
  return d;
}

void ValidateDeputyFields(const Deputy& d, Validator& v) {
  v.Text("deputy.display_name", d.display_name(), 64, true)
      .Enum("deputy.gender", d.gender(), v1::Gender_descriptor(), false)
      .Text("deputy.ethnicity", d.ethnicity(), 32, false)
      .Range("deputy.term", d.term(), 1, 99, false)
      .Text("deputy.electoral_unit", d.electoral_unit(), 64, true)
      .Id("deputy.delegation", d.delegation(), false)
      .Id("deputy.professional_group", d.professional_group(), false)
      .Id("deputy.liaison_station", d.liaison_station(), false)
      .Enum("deputy.sector", d.sector(), v1::Sector_descriptor(), false)
      .Text("deputy.occupation", d.occupation(), 128, false)
      .Text("deputy.phone", d.phone(), 32, false)
      .Enum("deputy.status", d.status(), v1::DeputyStatus_descriptor(), false);
  ValidateDate(d.birth_date(), "deputy.birth_date", v);
}

Deputy NewDeputy(const Deputy& input, const std::string& name, const Caller& caller, absl::Time now) {
  Deputy d = input;
  d.set_name(name);
  if (d.status() == v1::DEPUTY_STATUS_UNSPECIFIED) d.set_status(v1::DEPUTY_STATUS_SERVING);
  d.clear_status_history();
  auto* h = d.add_status_history();
  h->set_status(d.status());
  *h->mutable_effective_date() = DateOf(now);
  h->set_reason("registered");
  h->set_actor(caller.subject());
  *h->mutable_record_time() = ToProtoTime(now);
  *d.mutable_create_time() = ToProtoTime(now);
  *d.mutable_update_time() = ToProtoTime(now);
  d.clear_etag();
  return d;
}

absl::StatusOr<Deputy> ApplyUpdate(const Deputy& current, const v1::UpdateDeputyRequest& req,
                                   const Caller& caller, absl::Time now) {
  const Deputy& p = req.deputy();
  Validator v;
  Deputy d = current;
  bool status_changed = false;
  if (req.update_mask().paths().empty()) v.Add("update_mask", "names no field to change");
  for (const std::string& path : req.update_mask().paths()) {
    if (path == "display_name") {
      d.set_display_name(p.display_name());
    } else if (path == "gender") {
      d.set_gender(p.gender());
    } else if (path == "ethnicity") {
      d.set_ethnicity(p.ethnicity());
    } else if (path == "birth_date") {
      *d.mutable_birth_date() = p.birth_date();
    } else if (path == "term") {
      d.set_term(p.term());
    } else if (path == "electoral_unit") {
      d.set_electoral_unit(p.electoral_unit());
    } else if (path == "delegation") {
      d.set_delegation(p.delegation());
    } else if (path == "professional_group") {
      d.set_professional_group(p.professional_group());
    } else if (path == "liaison_station") {
      d.set_liaison_station(p.liaison_station());
    } else if (path == "sector") {
      d.set_sector(p.sector());
    } else if (path == "occupation") {
      d.set_occupation(p.occupation());
    } else if (path == "phone") {
      d.set_phone(p.phone());
    } else if (path == "status") {
      if (p.status() == v1::DEPUTY_STATUS_UNSPECIFIED) {
        v.Add("deputy.status", "must be set when update_mask names it");
      }
      status_changed = p.status() != current.status();
      d.set_status(p.status());
    } else {
      v.Add("update_mask", absl::StrCat("'", path, "' is not a field that can be updated"));
    }
  }
  ValidateDeputyFields(d, v);
  if (status_changed) {
    v.Text("status_reason", req.status_reason(), 500, true);
    ValidateDate(req.status_effective_date(), "status_effective_date", v);
  }
  if (!v.ok()) return v.status();
  if (status_changed) {
    auto* h = d.add_status_history();
    h->set_status(d.status());
    *h->mutable_effective_date() =
        req.has_status_effective_date() ? req.status_effective_date() : DateOf(now);
    h->set_reason(req.status_reason());
    h->set_actor(caller.subject());
    *h->mutable_record_time() = ToProtoTime(now);
  }
  *d.mutable_update_time() = ToProtoTime(now);
  return d;
}

std::vector<std::string> DeputyIndexes(const Deputy& d) {
  std::vector<std::string> out = {"deputies"};
  if (!d.delegation().empty()) out.push_back(absl::StrCat("deputies:delegation:", d.delegation()));
  if (!d.professional_group().empty()) out.push_back(absl::StrCat("deputies:group:", d.professional_group()));
  if (!d.liaison_station().empty()) out.push_back(absl::StrCat("deputies:station:", d.liaison_station()));
  out.push_back(absl::StrCat("deputies:status:", static_cast<int>(d.status())));
  out.push_back(absl::StrCat("deputies:term:", d.term()));
  if (d.sector() != v1::SECTOR_UNSPECIFIED) out.push_back(absl::StrCat("deputies:sector:", static_cast<int>(d.sector())));
  return out;
}

std::vector<std::string> ListIndexes(const v1::ListDeputiesRequest& r) {
  std::vector<std::string> out = {"deputies"};
  if (!r.delegation().empty()) out.push_back(absl::StrCat("deputies:delegation:", r.delegation()));
  if (!r.professional_group().empty()) out.push_back(absl::StrCat("deputies:group:", r.professional_group()));
  if (!r.liaison_station().empty()) out.push_back(absl::StrCat("deputies:station:", r.liaison_station()));
  if (r.status() != v1::DEPUTY_STATUS_UNSPECIFIED) out.push_back(absl::StrCat("deputies:status:", static_cast<int>(r.status())));
  if (r.term() != 0) out.push_back(absl::StrCat("deputies:term:", r.term()));
  if (r.sector() != v1::SECTOR_UNSPECIFIED) out.push_back(absl::StrCat("deputies:sector:", static_cast<int>(r.sector())));
  // With a filter, the "all" index adds nothing; the filters alone decide.
  if (out.size() > 1) out.erase(out.begin());
  return out;
}

std::string ListScope(const v1::ListDeputiesRequest& r) {
  return absl::StrCat("ListDeputies|", r.parent(), "|", absl::StrJoin(ListIndexes(r), "|"));
}

void RedactForCaller(Deputy& d, const Caller& caller) {
  if (!IsStaff(caller)) d.clear_phone();
}

}  // namespace renda::representatives
