#include "services/representatives/organization_logic.h"

#include <limits>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/common/crypto.h"
#include "services/common/errors.h"
#include "services/common/time_util.h"
#include "services/representatives/deputy_logic.h"
#include "services/representatives/duty_logic.h"

namespace renda::representatives {
namespace {

using renda::type::v1::Date;

// An unset end is "forever".
int EndNumber(const v1::Membership& m) {
  return HasCalendarDate(m.end_date()) ? CalendarDayNumber(m.end_date()) : std::numeric_limits<int>::max();
}

void CheckOrganizationDates(const v1::Organization& o, Validator& v) {
  ValidateDate(o.founding_date(), "organization.founding_date", false, v);
  ValidateDate(o.dissolution_date(), "organization.dissolution_date", false, v);
  if (HasCalendarDate(o.founding_date()) && HasCalendarDate(o.dissolution_date()) &&
      CalendarDayNumber(o.dissolution_date()) < CalendarDayNumber(o.founding_date())) {
    v.Add("organization.dissolution_date", absl::StrCat("is before founding_date (", DateText(o.dissolution_date()),
                                                        " < ", DateText(o.founding_date()), ")"));
  }
}

std::string LastSegment(absl::string_view name) {
  const size_t slash = name.rfind('/');
  return std::string(slash == absl::string_view::npos ? name : name.substr(slash + 1));
}

}  // namespace

void ValidateOrganizationFields(const v1::Organization& o, Validator& v) {
  v.Text("organization.display_name", o.display_name(), 128, true)
      .Enum("organization.classification", o.classification(), v1::OrganizationClassification_descriptor(), true)
      .Enum("organization.level", o.level(), v1::OrganizationLevel_descriptor(), true)
      .Range("organization.term", o.term(), 1, 99, true)
      .Text("organization.description", o.description(), 1000, false);
  CheckOrganizationDates(o, v);
}

v1::Organization NewOrganization(const v1::Organization& input, const std::string& name, absl::Time now) {
  v1::Organization o = input;
  o.set_name(name);
  *o.mutable_create_time() = ToProtoTime(now);
  *o.mutable_update_time() = ToProtoTime(now);
  o.clear_etag();
  return o;
}

void ValidateOrganizationUpdate(const v1::UpdateOrganizationRequest& req, Validator& v) {
  static const absl::flat_hash_set<std::string>* kPaths = new absl::flat_hash_set<std::string>{
      "display_name", "classification", "level", "term", "founding_date", "dissolution_date", "description"};
  if (req.update_mask().paths().empty()) v.Add("update_mask", "names no field to change");
  for (const std::string& path : req.update_mask().paths()) {
    if (path == "parent") {
      v.Add("update_mask", "'parent' is set when the organization is created and cannot change");
    } else if (!kPaths->contains(path)) {
      v.Add("update_mask", absl::StrCat("'", path, "' is not a field that can be updated"));
    }
  }
}

absl::StatusOr<v1::Organization> ApplyOrganizationUpdate(const v1::Organization& current,
                                                         const v1::UpdateOrganizationRequest& req, absl::Time now) {
  Validator v;
  ValidateOrganizationUpdate(req, v);
  if (!v.ok()) return v.status();
  const v1::Organization& p = req.organization();
  v1::Organization o = current;
  for (const std::string& path : req.update_mask().paths()) {
    if (path == "display_name") {
      o.set_display_name(p.display_name());
    } else if (path == "classification") {
      o.set_classification(p.classification());
    } else if (path == "level") {
      o.set_level(p.level());
    } else if (path == "term") {
      o.set_term(p.term());
    } else if (path == "founding_date") {
      *o.mutable_founding_date() = p.founding_date();
    } else if (path == "dissolution_date") {
      *o.mutable_dissolution_date() = p.dissolution_date();
    } else if (path == "description") {
      o.set_description(p.description());
    }
  }
  ValidateOrganizationFields(o, v);
  if (!v.ok()) return v.status();
  *o.mutable_update_time() = ToProtoTime(now);
  return o;
}

std::vector<std::string> OrganizationIndexes(const v1::Organization& o) {
  std::vector<std::string> out = {"organizations",
                                  absl::StrCat("organizations:class:", static_cast<int>(o.classification())),
                                  absl::StrCat("organizations:term:", o.term())};
  if (!o.parent().empty()) out.push_back(absl::StrCat("organizations:parent:", LastSegment(o.parent())));
  return out;
}

std::vector<std::string> OrganizationListIndexes(const v1::ListOrganizationsRequest& r, absl::string_view parent_id) {
  std::vector<std::string> out = {"organizations"};
  if (r.classification() != v1::ORGANIZATION_CLASSIFICATION_UNSPECIFIED) {
    out.push_back(absl::StrCat("organizations:class:", static_cast<int>(r.classification())));
  }
  if (r.term() != 0) out.push_back(absl::StrCat("organizations:term:", r.term()));
  if (!parent_id.empty()) out.push_back(absl::StrCat("organizations:parent:", parent_id));
  if (out.size() > 1) out.erase(out.begin());
  return out;
}

void ValidateMembershipFields(const v1::Membership& m, Validator& v) {
  v.Enum("membership.role", m.role(), v1::MembershipRole_descriptor(), true)
      .Text("membership.post_label", m.post_label(), 64, false)
      .Text("membership.end_reason", m.end_reason(), 500, false);
  if (!HasCalendarDate(m.start_date())) {
    v.Add("membership.start_date", "is required: the first day of the membership");
  } else {
    ValidateDate(m.start_date(), "membership.start_date", false, v);
  }
  ValidateDate(m.end_date(), "membership.end_date", false, v);
  if (HasCalendarDate(m.end_date())) {
    if (HasCalendarDate(m.start_date()) && CalendarDayNumber(m.end_date()) < CalendarDayNumber(m.start_date())) {
      v.Add("membership.end_date",
            absl::StrCat("is before start_date (", DateText(m.end_date()), " < ", DateText(m.start_date()), ")"));
    }
    if (m.end_reason().empty()) v.Add("membership.end_reason", "is required with end_date");
  } else if (!m.end_reason().empty()) {
    v.Add("membership.end_reason", "is only given with end_date");
  }
}

void ValidateEndMembership(const v1::EndMembershipRequest& req, Validator& v) {
  if (!HasCalendarDate(req.end_date())) {
    v.Add("end_date", "is required: the last day of the membership");
  } else {
    ValidateDate(req.end_date(), "end_date", false, v);
  }
  v.Text("end_reason", req.end_reason(), 500, true).RequestId("request_id", req.request_id());
}

v1::Membership NewMembership(const v1::Membership& input, const std::string& name, absl::Time now) {
  v1::Membership m = input;
  m.set_name(name);
  *m.mutable_create_time() = ToProtoTime(now);
  *m.mutable_update_time() = ToProtoTime(now);
  m.clear_etag();
  return m;
}

absl::StatusOr<v1::Membership> ApplyEndMembership(const v1::Membership& current, const v1::EndMembershipRequest& req,
                                                  absl::Time now) {
  if (HasCalendarDate(current.end_date())) {
    return MakeError(absl::StatusCode::kFailedPrecondition, "MEMBERSHIP_ALREADY_ENDED",
                     absl::StrCat(current.name(), " already ended on ", DateText(current.end_date()), " (",
                                  current.end_reason(), ")"));
  }
  if (CalendarDayNumber(req.end_date()) < CalendarDayNumber(current.start_date())) {
    Validator v;
    v.Add("end_date", absl::StrCat("is before the membership's start_date (", DateText(req.end_date()), " < ",
                                   DateText(current.start_date()), ")"));
    return v.status();
  }
  v1::Membership m = current;
  *m.mutable_end_date() = req.end_date();
  m.set_end_reason(req.end_reason());
  *m.mutable_update_time() = ToProtoTime(now);
  return m;
}

std::string MembershipId(absl::string_view organization_id, absl::string_view deputy_id, int sequence) {
  const std::string digest = HmacSha256("renda membership pair", absl::StrCat(organization_id, "/", deputy_id));
  return absl::StrFormat("%s-%04d", absl::BytesToHexString(digest).substr(0, 16), sequence);
}

int MembershipSequence(absl::string_view id) {
  const size_t dash = id.rfind('-');
  int n = 0;
  if (dash == absl::string_view::npos || !absl::SimpleAtoi(id.substr(dash + 1), &n)) return 0;
  return n;
}

std::string MembershipsOfOrganizationIndex(absl::string_view organization_id) {
  return absl::StrCat("memberships:org:", organization_id);
}
std::string MembershipsOfDeputyIndex(absl::string_view deputy_id) {
  return absl::StrCat("memberships:deputy:", deputy_id);
}
std::string MembershipsOfPairIndex(absl::string_view organization_id, absl::string_view deputy_id) {
  return absl::StrCat("memberships:pair:", organization_id, ":", deputy_id);
}
std::vector<std::string> MembershipIndexes(absl::string_view organization_id, absl::string_view deputy_id) {
  return {MembershipsOfOrganizationIndex(organization_id), MembershipsOfDeputyIndex(deputy_id),
          MembershipsOfPairIndex(organization_id, deputy_id)};
}

bool MembershipCountsOn(const v1::Membership& m, const Date& day) {
  const int d = CalendarDayNumber(day);
  return CalendarDayNumber(m.start_date()) <= d && d <= EndNumber(m);
}

bool MembershipsOverlap(const v1::Membership& a, const v1::Membership& b) {
  return CalendarDayNumber(a.start_date()) <= EndNumber(b) && CalendarDayNumber(b.start_date()) <= EndNumber(a);
}

absl::Status CheckNoOverlap(const std::vector<v1::Membership>& existing, const v1::Membership& candidate) {
  for (const auto& m : existing) {
    if (!MembershipsOverlap(m, candidate)) continue;
    return MakeError(absl::StatusCode::kAlreadyExists, "MEMBERSHIP_OVERLAPS",
                     absl::StrCat("the deputy already has a membership in this organization from ",
                                  DateText(m.start_date()),
                                  HasCalendarDate(m.end_date()) ? absl::StrCat(" to ", DateText(m.end_date()))
                                                                : " on (open)",
                                  " (", m.name(), ") that overlaps the new one; end it (EndMembership) the day "
                                  "before the new one starts, or change the dates"));
  }
  return absl::OkStatus();
}

}  // namespace renda::representatives
