#include "services/representatives/deputy_logic.h"

#include <algorithm>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "services/common/errors.h"
#include "services/common/text_index.h"
#include "services/common/time_util.h"
#include "services/representatives/duty_logic.h"

namespace renda::representatives {
namespace {

using v1::DeputyStatus;

bool IsStaff(const Caller& c) { return c.Has(Role::kStaff) || c.Has(Role::kAdmin); }

std::string FormatDay(const renda::type::v1::Date& d) {
  return absl::StrFormat("%04d-%02d-%02d", d.year(), d.month(), d.day());
}

// 身份证号: 17 digits, then a digit or X (the check character).
void ValidateIdNumber(absl::string_view id, Validator& v) {
  if (id.empty()) return;
  bool ok = id.size() == 18;
  for (size_t i = 0; ok && i < 17; ++i) ok = absl::ascii_isdigit(id[i]);
  if (ok) ok = absl::ascii_isdigit(id[17]) || id[17] == 'X';
  if (!ok) {
    v.Add("deputy.id_number", absl::StrCat("must be a resident identity card number: 18 characters, 17 digits then a "
                                           "digit or an uppercase X (got ",
                                           Utf8Length(id), " characters)"));
  }
}

constexpr char kNameIndex[] = "deputies:name";

}  // namespace


renda::type::v1::Date DateOf(absl::Time t) {
  absl::CivilDay day = absl::ToCivilDay(t, ChinaTime());
  renda::type::v1::Date d;
  d.set_year(static_cast<int32_t>(day.year()));
  d.set_month(day.month());
  d.set_day(day.day());
  return d;
}

bool HasCalendarDate(const renda::type::v1::Date& d) { return d.year() != 0 || d.month() != 0 || d.day() != 0; }

int CalendarDayNumber(const renda::type::v1::Date& d) { return d.year() * 10000 + d.month() * 100 + d.day(); }

void ValidateDeputyFields(const Deputy& d, Validator& v) {
  v.Text("deputy.display_name", d.display_name(), 64, true);
  if (absl::StrContains(d.display_name(), '\n') || absl::StrContains(d.display_name(), '\r') ||
      absl::StrContains(d.display_name(), '\t')) {
    v.Add("deputy.display_name", "must be one line, without tabs or line breaks");
  }
  v.Enum("deputy.gender", d.gender(), v1::Gender_descriptor(), false)
      .Text("deputy.ethnicity", d.ethnicity(), 32, false)
      .Range("deputy.term", d.term(), 1, 99, false)
      .Text("deputy.electoral_unit", d.electoral_unit(), 64, true)
      .Id("deputy.delegation", d.delegation(), false)
      .Id("deputy.professional_group", d.professional_group(), false)
      .Id("deputy.liaison_station", d.liaison_station(), false)
      .Enum("deputy.sector", d.sector(), v1::Sector_descriptor(), false)
      .Text("deputy.occupation", d.occupation(), 128, false)
      .Text("deputy.phone", d.phone(), 32, false)
      .Text("deputy.home_address", d.home_address(), 256, false)
      .Enum("deputy.status", d.status(), v1::DeputyStatus_descriptor(), false);
  ValidateIdNumber(d.id_number(), v);
  ValidateDate(d.birth_date(), "deputy.birth_date", false, v);
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

void ValidateUpdateRequest(const v1::UpdateDeputyRequest& req, Validator& v) {
  static const absl::flat_hash_set<std::string>* kPaths = new absl::flat_hash_set<std::string>{
      "display_name", "gender", "ethnicity", "birth_date", "term", "electoral_unit", "delegation",
      "professional_group", "liaison_station", "sector", "occupation", "phone", "id_number", "home_address",
      "grassroots"};
  if (req.update_mask().paths().empty()) v.Add("update_mask", "names no field to change");
  for (const std::string& path : req.update_mask().paths()) {
    if (path == "status") {
      v.Add("update_mask",
            "'status' is not changed by UpdateDeputy; use ChangeDeputyStatus, which records the effective date "
            "and the reason");
    } else if (!kPaths->contains(path)) {
      v.Add("update_mask", absl::StrCat("'", path, "' is not a field that can be updated"));
    }
  }
  if (!req.status_reason().empty()) {
    v.Add("status_reason", "is no longer accepted here; change a status with ChangeDeputyStatus");
  }
  if (req.has_status_effective_date()) {
    v.Add("status_effective_date", "is no longer accepted here; change a status with ChangeDeputyStatus");
  }
}

absl::StatusOr<Deputy> ApplyUpdate(const Deputy& current, const v1::UpdateDeputyRequest& req,
                                   const Caller& /*caller*/, absl::Time now) {
  const Deputy& p = req.deputy();
  Validator v;
  ValidateUpdateRequest(req, v);
  if (!v.ok()) return v.status();
  Deputy d = current;
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
    } else if (path == "id_number") {
      d.set_id_number(p.id_number());
    } else if (path == "home_address") {
      d.set_home_address(p.home_address());
    } else if (path == "grassroots") {
      d.set_grassroots(p.grassroots());
    }
  }
  ValidateDeputyFields(d, v);
  if (!v.ok()) return v.status();
  *d.mutable_update_time() = ToProtoTime(now);
  return d;
}

void ValidateStatusChange(const v1::ChangeDeputyStatusRequest& req, Validator& v) {
  v.Enum("status", req.status(), v1::DeputyStatus_descriptor(), true)
      .Text("reason", req.reason(), 500, true)
      .RequestId("request_id", req.request_id());
  if (!req.has_effective_date() || !HasCalendarDate(req.effective_date())) {
    v.Add("effective_date", "is required: the day the change took effect");
  } else {
    ValidateDate(req.effective_date(), "effective_date", false, v);
  }
}

absl::StatusOr<Deputy> ApplyStatusChange(const Deputy& current, const v1::ChangeDeputyStatusRequest& req,
                                         const Caller& caller, absl::Time now) {
  if (current.status() != v1::DEPUTY_STATUS_SERVING) {
    std::string since;
    if (current.status_history_size() > 0) {
      since = absl::StrCat(" since ", FormatDay(current.status_history().rbegin()->effective_date()));
    }
    return MakeError(absl::StatusCode::kFailedPrecondition, "DEPUTY_STATUS_FINAL",
                     absl::StrCat(current.display_name(), " (", current.name(), ") is ",
                                  v1::DeputyStatus_Name(current.status()), since,
                                  "; a deputy who stopped serving keeps that status (no return to serving, no "
                                  "change to another end state)"));
  }
  if (req.status() == v1::DEPUTY_STATUS_SERVING) {
    return MakeError(absl::StatusCode::kFailedPrecondition, "DEPUTY_ALREADY_SERVING",
                     absl::StrCat(current.display_name(), " (", current.name(),
                                  ") is already serving; ChangeDeputyStatus records the end of service "
                                  "(RESIGNED, REMOVED, TERMINATED or DECEASED)"));
  }
  Validator v;
  const int effective = CalendarDayNumber(req.effective_date());
  const renda::type::v1::Date today = DateOf(now);
  if (effective > CalendarDayNumber(today)) {
    v.Add("effective_date", absl::StrCat("is after today (", FormatDay(today), "); record a change once it took effect"));
  }
  // No "not before the previous change" rule: the only earlier entry is the registration, and
  // deputies are often registered (or migrated) long after they took office.
  if (!v.ok()) return v.status();
  Deputy d = current;
  d.set_status(req.status());
  auto* h = d.add_status_history();
  h->set_status(req.status());
  *h->mutable_effective_date() = req.effective_date();
  h->set_reason(req.reason());
  h->set_actor(caller.subject());
  *h->mutable_record_time() = ToProtoTime(now);
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
  out.push_back(absl::StrCat("deputies:grassroots:", d.grassroots() ? 1 : 0));
  // The name search: every character and every pair of adjacent characters.
  absl::flat_hash_set<std::string> grams;
  AppendTextIndexes(kNameIndex, d.display_name(), /*unigrams=*/true, grams, out);
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
  if (r.has_grassroots()) out.push_back(absl::StrCat("deputies:grassroots:", r.grassroots() ? 1 : 0));
  if (!r.display_name_contains().empty()) {
    for (auto& ix : TextQueryIndexes(kNameIndex, r.display_name_contains())) out.push_back(std::move(ix));
  }
  // With a filter, the "all" index adds nothing; the filters alone decide.
  if (out.size() > 1) out.erase(out.begin());
  return out;
}

std::string ListScope(const v1::ListDeputiesRequest& r) {
  return absl::StrCat("ListDeputies|", r.parent(), "|", absl::StrJoin(ListIndexes(r), "|"), "|q=",
                      r.display_name_contains());
}

bool MatchesNameSearch(const Deputy& d, const v1::ListDeputiesRequest& r) {
  return ContainsText(d.display_name(), r.display_name_contains());
}

void RedactForCaller(Deputy& d, const Caller& caller) {
  if (IsStaff(caller)) return;
  if (caller.Has(Role::kDeputy) && !caller.claims.deputy_id.empty()) {
    const size_t slash = d.name().rfind('/');
    const absl::string_view id = slash == std::string::npos ? absl::string_view() : absl::string_view(d.name()).substr(slash + 1);
    if (id == caller.claims.deputy_id) return;
  }
  d.clear_phone();
  d.clear_id_number();
  d.clear_home_address();
}

}  // namespace renda::representatives
