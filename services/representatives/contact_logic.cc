#include "services/representatives/contact_logic.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/common/crypto.h"
#include "services/common/errors.h"
#include "services/common/names.h"
#include "services/common/time_util.h"
#include "services/representatives/deputy_logic.h"
#include "services/representatives/duty_logic.h"

namespace renda::representatives {

using renda::type::v1::Date;

// ---- Calendar days ----

int CompareDates(const Date& a, const Date& b) {
  if (a.year() != b.year()) return a.year() < b.year() ? -1 : 1;
  if (a.month() != b.month()) return a.month() < b.month() ? -1 : 1;
  if (a.day() != b.day()) return a.day() < b.day() ? -1 : 1;
  return 0;
}

std::string DateKey(const Date& d) { return absl::StrFormat("%04d%02d%02d", d.year(), d.month(), d.day()); }

bool IsStaffCaller(const Caller& caller) { return caller.Has(Role::kStaff) || caller.Has(Role::kAdmin); }

std::vector<std::string> ValidateNameList(absl::string_view field,
                                          const google::protobuf::RepeatedPtrField<std::string>& names,
                                          absl::string_view congress, absl::string_view collection, int min, int max,
                                          Validator& v) {
  std::vector<std::string> ids;
  if (names.size() < min || names.size() > max) {
    v.Add(field, absl::StrCat("must name ", min, " to ", max, " ", collection, " (got ", names.size(), ")"));
    return ids;
  }
  std::set<std::string> seen;
  for (int i = 0; i < names.size(); ++i) {
    const std::string f = absl::StrCat(field, "[", i, "]");
    Validator one;
    ResourceName n = ParseResourceName(f, names[i], collection, one);
    if (!one.ok()) {
      v.Add(f, absl::StrCat("must be 'congresses/", congress, "/", collection, "/{id}'"));
      continue;
    }
    if (n.congress != congress) {
      v.Add(f, absl::StrCat("is not in congress '", congress, "'"));
      continue;
    }
    if (!seen.insert(n.id).second) {
      v.Add(f, absl::StrCat("names ", names[i], " a second time"));
      continue;
    }
    ids.push_back(n.id);
  }
  return ids;
}

// ---- Leaders and quotas ----

void ValidateLeaderFields(const v1::Leader& l, Validator& v) {
  v.Text("leader.display_name", l.display_name(), 64, true)
      .Enum("leader.post", l.post(), v1::LeaderPost_descriptor(), true)
      .Text("leader.subject", l.subject(), 128, true);
}

v1::Leader NewLeader(const v1::Leader& input, const std::string& name, absl::Time now) {
  v1::Leader l;
  l.set_name(name);
  l.set_display_name(input.display_name());
  l.set_post(input.post());
  l.set_subject(input.subject());
  *l.mutable_create_time() = ToProtoTime(now);
  *l.mutable_update_time() = ToProtoTime(now);
  return l;
}

std::vector<std::string> LeaderIndexes(const v1::Leader&) { return {kLeaderCollection}; }

v1::ContactQuotas DefaultQuotas(absl::string_view congress) {
  v1::ContactQuotas q;
  q.set_name(ResourceNameOf(congress, kQuotasCollection, kQuotasId));
  q.set_council_of_chairpersons_member(kDefaultChairpersonsQuota);
  q.set_full_time_committee_member(kDefaultCommitteeQuota);
  q.set_etag("0");
  return q;
}

void ValidateQuotas(const v1::ContactQuotas& q, Validator& v) {
  v.Range("quotas.council_of_chairpersons_member", q.council_of_chairpersons_member(), 1, 50, false)
      .Range("quotas.full_time_committee_member", q.full_time_committee_member(), 1, 50, false);
}

int QuotaFor(const v1::ContactQuotas& q, v1::LeaderPost post) {
  switch (post) {
    case v1::LEADER_POST_COUNCIL_OF_CHAIRPERSONS_MEMBER:
      return q.council_of_chairpersons_member();
    case v1::LEADER_POST_FULL_TIME_COMMITTEE_MEMBER:
      return q.full_time_committee_member();
    default:
      return 0;
  }
}

// ---- Assignments ----

std::string AssignmentId(absl::string_view leader_id, absl::string_view deputy_id, int term) {
  const std::string digest =
      HmacSha256("renda contact assignment", absl::StrCat(leader_id, "\n", deputy_id, "\n", term));
  return absl::StrCat("a", absl::BytesToHexString(digest).substr(0, 31));
}

std::vector<std::string> AssignmentIndexes(const v1::ContactAssignment& a, absl::string_view leader_id) {
  std::vector<std::string> out = {kAllAssignmentsIndex, absl::StrCat("contactAssignments:leader:", leader_id)};
  if (a.active()) out.push_back("contactAssignments:active");
  return out;
}

std::pair<std::string, std::string> ValidateAssignmentFields(const v1::ContactAssignment& a,
                                                             absl::string_view congress, Validator& v) {
  ResourceName leader = ParseResourceName("assignment.leader", a.leader(), kLeaderCollection, v);
  ResourceName deputy = ParseResourceName("assignment.deputy", a.deputy(), "deputies", v);
  if (!leader.id.empty() && leader.congress != congress) v.Add("assignment.leader", "is in another congress");
  if (!deputy.id.empty() && deputy.congress != congress) v.Add("assignment.deputy", "is in another congress");
  v.Range("assignment.term", a.term(), 1, 99, false);
  ValidateDate(a.start_date(), "assignment.start_date", true, v);
  if (HasCalendarDate(a.end_date())) v.Add("assignment.end_date", "is set by EndContactAssignment; leave it unset");
  return {leader.id, deputy.id};
}

absl::Status CheckGrassroots(const v1::Deputy& deputy) {
  if (deputy.grassroots()) return absl::OkStatus();
  return MakeError(absl::StatusCode::kFailedPrecondition, "DEPUTY_NOT_GRASSROOTS",
                   absl::StrCat(deputy.display_name(), " (", deputy.name(),
                                ") is not a grassroots deputy; only grassroots deputies are contacted"));
}

absl::StatusOr<v1::Leader> AddContact(const v1::Leader& current, const std::string& deputy, int quota,
                                      absl::Time now) {
  for (const auto& d : current.contacted_deputies()) {
    if (d == deputy) {
      return MakeError(absl::StatusCode::kAlreadyExists, "ASSIGNMENT_EXISTS",
                       absl::StrCat(current.display_name(), " already contacts ", deputy));
    }
  }
  if (current.contacted_deputies_size() >= quota) {
    return MakeError(absl::StatusCode::kFailedPrecondition, "QUOTA_REACHED",
                     absl::StrCat(current.display_name(), " (", current.name(), ") already contacts ",
                                  current.contacted_deputies_size(), " deputies, the quota of the post is ", quota,
                                  "; end an assignment or raise the quota first"));
  }
  v1::Leader next = current;
  next.add_contacted_deputies(deputy);
  *next.mutable_update_time() = ToProtoTime(now);
  return next;
}

v1::Leader RemoveContact(const v1::Leader& current, const std::string& deputy, absl::Time now) {
  v1::Leader next = current;
  next.clear_contacted_deputies();
  for (const auto& d : current.contacted_deputies()) {
    if (d != deputy) next.add_contacted_deputies(d);
  }
  *next.mutable_update_time() = ToProtoTime(now);
  return next;
}

absl::StatusOr<v1::ContactAssignment> EndAssignment(const v1::ContactAssignment& current, const Date& end,
                                                    absl::Time now) {
  if (!current.active()) {
    return MakeError(absl::StatusCode::kFailedPrecondition, "ASSIGNMENT_ENDED",
                     absl::StrCat(current.name(), " already ended on ", DateKey(current.end_date())));
  }
  if (CompareDates(end, current.start_date()) < 0) {
    Validator v;
    v.Add("end_date", absl::StrCat("is before the assignment's start date ", DateKey(current.start_date())));
    return v.status();
  }
  v1::ContactAssignment next = current;
  next.set_active(false);
  *next.mutable_end_date() = end;
  *next.mutable_update_time() = ToProtoTime(now);
  return next;
}

// ---- Visits ----

void ValidateVisitFields(const v1::Visit& visit, const Date& today, Validator& v) {
  ValidateDate(visit.date(), "visit.date", true, v);
  if (HasCalendarDate(visit.date()) && CompareDates(visit.date(), today) > 0) v.Add("visit.date", "is in the future");
  v.Enum("visit.form", visit.form(), v1::VisitForm_descriptor(), true).Text("visit.notes", visit.notes(), 4000, false);
  if (visit.opinions_size() > 50) v.Add("visit.opinions", "has more than 50 entries");
  for (int i = 0; i < visit.opinions_size() && i < 50; ++i) {
    v.Text(absl::StrCat("visit.opinions[", i, "]"), visit.opinions(i), 1000, true);
  }
}

absl::StatusOr<v1::ContactAssignment> ApplyVisit(const v1::ContactAssignment& current, const Date& date,
                                                 absl::Time now) {
  if (!current.active()) {
    return MakeError(absl::StatusCode::kFailedPrecondition, "ASSIGNMENT_ENDED",
                     absl::StrCat(current.name(), " ended on ", DateKey(current.end_date()),
                                  "; visits are logged on active assignments"));
  }
  if (CompareDates(date, current.start_date()) < 0) {
    Validator v;
    v.Add("visit.date", absl::StrCat("is before the assignment started (", DateKey(current.start_date()), ")"));
    return v.status();
  }
  v1::ContactAssignment next = current;
  next.set_visit_count(current.visit_count() + 1);
  auto* years = next.mutable_visited_years();
  if (std::find(years->begin(), years->end(), date.year()) == years->end()) {
    years->Add(date.year());
    std::sort(years->begin(), years->end());
  }
  *next.mutable_update_time() = ToProtoTime(now);
  return next;
}

std::vector<std::string> VisitIndexes(const v1::Visit&, absl::string_view assignment_id) {
  return {kVisitCollection, absl::StrCat("visits:assignment:", assignment_id)};
}

v1::DutyRecord VisitDutyRecord(const v1::Visit& visit, const v1::Leader& leader) {
  v1::DutyRecord r;
  r.set_deputy(visit.deputy());
  r.set_type(v1::DUTY_RECORD_TYPE_CONTACT_VISIT_RECEIVED);
  *r.mutable_date() = visit.date();
  const char* form = visit.form() == v1::VISIT_FORM_PHONE   ? "电话联系"
                     : visit.form() == v1::VISIT_FORM_FORUM ? "座谈联系"
                                                            : "走访";
  r.set_title(absl::StrCat("接受", leader.display_name(), form));
  r.set_detail(visit.notes());
  return r;
}

// ---- Coverage ----

double Percent(int part, int whole) {
  if (whole <= 0) return 0;
  return std::round(1000.0 * part / whole) / 10.0;
}

namespace {

struct DeputyContact {
  std::vector<std::string> active_leaders;
  bool visited = false;
};

// What the assignments say about each deputy (by resource name).
std::map<std::string, DeputyContact> ContactsByDeputy(const std::vector<v1::ContactAssignment>& assignments,
                                                      int year) {
  std::map<std::string, DeputyContact> out;
  for (const auto& a : assignments) {
    DeputyContact& c = out[a.deputy()];
    if (a.active()) c.active_leaders.push_back(a.leader());
    for (int y : a.visited_years()) {
      if (y == year) c.visited = true;
    }
  }
  return out;
}

}  // namespace

v1::GetContactCoverageResponse ComputeCoverage(const std::vector<v1::Deputy>& grassroots,
                                               const std::vector<v1::ContactAssignment>& assignments, int year) {
  const auto contacts = ContactsByDeputy(assignments, year);
  v1::GetContactCoverageResponse out;
  out.set_year(year);
  int covered = 0, visited = 0;
  for (const auto& d : grassroots) {
    auto it = contacts.find(d.name());
    if (it == contacts.end()) continue;
    if (!it->second.active_leaders.empty()) ++covered;
    if (it->second.visited) ++visited;
  }
  const int total = static_cast<int>(grassroots.size());
  out.set_grassroots_deputies(total);
  out.set_covered_deputies(covered);
  out.set_visited_deputies(visited);
  out.set_covered_percent(Percent(covered, total));
  out.set_visited_percent(Percent(visited, total));
  out.set_full_coverage(total > 0 && covered == total);
  return out;
}

std::vector<v1::UnvisitedDeputy> FindUnvisited(const std::vector<v1::Deputy>& grassroots,
                                               const std::vector<v1::ContactAssignment>& assignments, int year) {
  const auto contacts = ContactsByDeputy(assignments, year);
  std::vector<v1::UnvisitedDeputy> out;
  for (const auto& d : grassroots) {
    auto it = contacts.find(d.name());
    if (it == contacts.end() || it->second.active_leaders.empty() || it->second.visited) continue;
    v1::UnvisitedDeputy u;
    u.set_deputy(d.name());
    u.set_display_name(d.display_name());
    for (const auto& l : it->second.active_leaders) u.add_leaders(l);
    out.push_back(std::move(u));
  }
  return out;
}

v1::ListQuotaShortfallsResponse FindShortfalls(const std::vector<v1::Leader>& leaders,
                                               const v1::ContactQuotas& quotas) {
  v1::ListQuotaShortfallsResponse out;
  int total = 0;
  for (const auto& l : leaders) {
    const int quota = QuotaFor(quotas, l.post());
    const int assigned = l.contacted_deputies_size();
    if (assigned >= quota) continue;
    auto* s = out.add_shortfalls();
    s->set_leader(l.name());
    s->set_display_name(l.display_name());
    s->set_post(l.post());
    s->set_quota(quota);
    s->set_assigned(assigned);
    s->set_missing(quota - assigned);
    total += quota - assigned;
  }
  out.set_total_missing(total);
  return out;
}

}  // namespace renda::representatives
