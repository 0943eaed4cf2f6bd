#include "services/supervision/supervision_logic.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "services/common/errors.h"
#include "services/common/names.h"
#include "services/common/time_util.h"

namespace renda::supervision {
namespace {

constexpr int kFirstYear = 2000;
constexpr int kLastYear = 2100;
constexpr int kMaxOverseenBodies = 20;
constexpr int kMaxParticipants = 200;
constexpr int kMaxNote = 5000;
constexpr int kMaxReport = 20000;
// Days late from which each escalation level applies (level i+1 from kEscalationDays[i]).
constexpr int kEscalationDays[] = {1, 15, 30};

using State = v1::SupervisionItemState;

std::string StateName(State s) { return v1::SupervisionItemState_Name(s); }

absl::Status Illegal(const SupervisionItem& item, State target) {
  return MakeError(
      absl::StatusCode::kFailedPrecondition, "ILLEGAL_ITEM_TRANSITION",
      absl::StrCat(item.name(), " is ", StateName(item.state()), "; it cannot move to ", StateName(target)));
}

// The item in `to`, with the step kept in its history.
SupervisionItem Moved(const SupervisionItem& item, State to, const std::string& actor, const std::string& note,
                      absl::Time now) {
  SupervisionItem next = item;
  auto* step = next.add_history();
  *step->mutable_time() = ToProtoTime(now);
  step->set_actor(actor);
  step->set_from_state(item.state());
  step->set_to_state(to);
  step->set_note(note);
  next.set_state(to);
  *next.mutable_update_time() = ToProtoTime(now);
  return next;
}

}  // namespace

absl::CivilDay ChinaDayOf(absl::Time t) { return absl::ToCivilDay(t, ChinaTime()); }

Date DateOfDay(absl::CivilDay day) {
  Date d;
  d.set_year(static_cast<int32_t>(day.year()));
  d.set_month(day.month());
  d.set_day(day.day());
  return d;
}

std::optional<absl::CivilDay> DayOfDate(const Date& date) {
  const absl::CivilDay day(date.year(), date.month(), date.day());
  if (day.year() != date.year() || day.month() != date.month() || day.day() != date.day()) return std::nullopt;
  return day;
}

std::string DateText(const Date& d) { return absl::StrFormat("%04d-%02d-%02d", d.year(), d.month(), d.day()); }

bool CheckDate(absl::string_view field, const Date& date, bool required, std::optional<absl::CivilDay> not_before,
               Validator& v) {
  if (date.year() == 0 && date.month() == 0 && date.day() == 0) {
    if (required) v.Add(field, "is required");
    return false;
  }
  const auto day = DayOfDate(date);
  if (!day.has_value() || date.year() < kFirstYear || date.year() > kLastYear) {
    v.Add(field, "must be a calendar day between 2000 and 2100");
    return false;
  }
  if (not_before.has_value() && *day < *not_before) {
    v.Add(field, absl::StrCat("must not be before ", DateText(DateOfDay(*not_before))));
    return false;
  }
  return true;
}

void ValidateItemFields(const SupervisionItem& item, Validator& v, absl::string_view congress) {
  v.Text("supervision_item.title", item.title(), 200, true)
      .Text("supervision_item.description", item.description(), 5000, false)
      .Enum("supervision_item.area", item.area(), v1::SupervisionArea_descriptor(), true)
      .Enum("supervision_item.form", item.form(), v1::SupervisionForm_descriptor(), true)
      .Text("supervision_item.responsible_body", item.responsible_body(), 128, false)
      .Text("supervision_item.responsible_committee", item.responsible_committee(), 128, false);
  if (item.year() == 0) {
    v.Add("supervision_item.year", "is required");
  } else {
    v.Range("supervision_item.year", item.year(), kFirstYear, kLastYear, false);
  }
  if (item.overseen_bodies_size() > kMaxOverseenBodies) {
    v.Add("supervision_item.overseen_bodies", absl::StrCat("at most ", kMaxOverseenBodies));
  }
  std::set<std::string> bodies;
  for (int i = 0; i < item.overseen_bodies_size(); ++i) {
    const std::string field = absl::StrCat("supervision_item.overseen_bodies[", i, "]");
    v.Id(field, item.overseen_bodies(i), true);
    if (!bodies.insert(item.overseen_bodies(i)).second) v.Add(field, "is named twice");
  }
  const bool start = CheckDate("supervision_item.start_date", item.start_date(), false, std::nullopt, v);
  const bool end = CheckDate("supervision_item.end_date", item.end_date(), false, std::nullopt, v);
  if (start && end && *DayOfDate(item.end_date()) < *DayOfDate(item.start_date())) {
    v.Add("supervision_item.end_date", "must not be before start_date");
  }
  if (item.participants_size() > kMaxParticipants) {
    v.Add("supervision_item.participants", absl::StrCat("at most ", kMaxParticipants));
  }
  std::set<std::string> deputies;
  for (int i = 0; i < item.participants_size(); ++i) {
    const std::string field = absl::StrCat("supervision_item.participants[", i, "].deputy");
    const ResourceName n = ParseResourceName(field, item.participants(i).deputy(), "deputies", v);
    if (!n.congress.empty() && !congress.empty() && n.congress != congress) {
      v.Add(field, absl::StrCat("must be a deputy of congresses/", congress));
    }
    if (!deputies.insert(item.participants(i).deputy()).second) v.Add(field, "is named twice");
  }
}

SupervisionItem NewItem(const SupervisionItem& input, const std::string& name, absl::Time now,
                        const std::string& actor) {
  SupervisionItem item;
  item.set_name(name);
  item.set_title(input.title());
  item.set_description(input.description());
  item.set_area(input.area());
  item.set_form(input.form());
  item.set_year(input.year());
  item.set_responsible_body(input.responsible_body());
  item.set_responsible_committee(input.responsible_committee());
  *item.mutable_overseen_bodies() = input.overseen_bodies();
  if (input.has_start_date()) *item.mutable_start_date() = input.start_date();
  if (input.has_end_date()) *item.mutable_end_date() = input.end_date();
  for (const auto& p : input.participants()) item.add_participants()->set_deputy(p.deputy());
  item.set_state(v1::SUPERVISION_ITEM_STATE_PLANNED);
  auto* step = item.add_history();
  *step->mutable_time() = ToProtoTime(now);
  step->set_actor(actor);
  step->set_to_state(v1::SUPERVISION_ITEM_STATE_PLANNED);
  step->set_note("planned");
  *item.mutable_create_time() = ToProtoTime(now);
  *item.mutable_update_time() = ToProtoTime(now);
  return item;
}

ProblemTally TallyProblems(const std::vector<v1::Problem>& problems) {
  ProblemTally t;
  for (const auto& p : problems) {
    ++t.total;
    if (p.state() == v1::PROBLEM_STATE_ACCEPTED || p.state() == v1::PROBLEM_STATE_CLOSED) ++t.accepted;
    if (p.state() == v1::PROBLEM_STATE_CLOSED) ++t.closed;
  }
  return t;
}

absl::StatusOr<SupervisionItem> ApplyAdvance(const SupervisionItem& item, State target, const std::string& note,
                                             const std::string& report, const ProblemTally& problems,
                                             const std::string& actor, absl::Time now) {
  Validator v;
  v.Text("note", note, kMaxNote, target == v1::SUPERVISION_ITEM_STATE_REVIEWED);
  if (target == v1::SUPERVISION_ITEM_STATE_REPORTED) v.Text("report", report, kMaxReport, true);
  if (!v.ok()) return v.status();
  const State from = item.state();
  switch (target) {
    case v1::SUPERVISION_ITEM_STATE_IN_PROGRESS:
      if (from != v1::SUPERVISION_ITEM_STATE_PLANNED) return Illegal(item, target);
      return Moved(item, target, actor, note, now);
    case v1::SUPERVISION_ITEM_STATE_REPORTED: {
      if (from != v1::SUPERVISION_ITEM_STATE_IN_PROGRESS) return Illegal(item, target);
      SupervisionItem next = Moved(item, target, actor, note, now);
      next.set_report(report);
      return next;
    }
    case v1::SUPERVISION_ITEM_STATE_REVIEWED: {
      if (from != v1::SUPERVISION_ITEM_STATE_REPORTED) return Illegal(item, target);
      SupervisionItem next = Moved(item, target, actor, note, now);
      next.set_review_opinion(note);
      return next;
    }
    case v1::SUPERVISION_ITEM_STATE_LOOK_BACK:
      if (from != v1::SUPERVISION_ITEM_STATE_RECTIFYING) return Illegal(item, target);
      if (problems.total == 0 || problems.accepted < problems.total) {
        return MakeError(absl::StatusCode::kFailedPrecondition, "PROBLEMS_NOT_DONE",
                         absl::StrCat(item.name(), ": ", problems.total - problems.accepted, " of its ", problems.total,
                                      " problems are not accepted yet"));
      }
      return Moved(item, target, actor, note, now);
    case v1::SUPERVISION_ITEM_STATE_CLOSED:
      if (from == v1::SUPERVISION_ITEM_STATE_REVIEWED) {
        if (problems.total > 0 || item.problem_count() > 0) {
          return MakeError(absl::StatusCode::kFailedPrecondition, "PROBLEMS_NOT_DONE",
                           absl::StrCat(item.name(), " has problems; it closes when their look-backs confirm them"));
        }
        return Moved(item, target, actor, note, now);
      }
      if (from != v1::SUPERVISION_ITEM_STATE_LOOK_BACK) return Illegal(item, target);
      if (problems.closed < problems.total) {
        return MakeError(absl::StatusCode::kFailedPrecondition, "PROBLEMS_NOT_DONE",
                         absl::StrCat(item.name(), ": ", problems.total - problems.closed, " of its ", problems.total,
                                      " problems wait for their look-back"));
      }
      return Moved(item, target, actor, note, now);
    case v1::SUPERVISION_ITEM_STATE_RECTIFYING:
      return MakeError(absl::StatusCode::kFailedPrecondition, "ILLEGAL_ITEM_TRANSITION",
                       absl::StrCat(item.name(), " is ", StateName(from),
                                    "; an item becomes RECTIFYING when its problem list is issued (IssueProblems)"));
    default:
      return InvalidRequest({{"target_state", "must be IN_PROGRESS, REPORTED, REVIEWED, LOOK_BACK or CLOSED"}});
  }
}

absl::StatusOr<SupervisionItem> ApplyIssue(const SupervisionItem& item, int count, const std::string& actor,
                                           absl::Time now) {
  if (item.state() != v1::SUPERVISION_ITEM_STATE_REVIEWED && item.state() != v1::SUPERVISION_ITEM_STATE_RECTIFYING) {
    return MakeError(absl::StatusCode::kFailedPrecondition, "ILLEGAL_ITEM_TRANSITION",
                     absl::StrCat(item.name(), " is ", StateName(item.state()),
                                  "; problems are issued for a REVIEWED or RECTIFYING item"));
  }
  SupervisionItem next =
      Moved(item, v1::SUPERVISION_ITEM_STATE_RECTIFYING, actor, absl::StrCat(count, " problems issued"), now);
  next.set_problem_count(item.problem_count() + count);
  return next;
}

std::optional<SupervisionItem> FollowProblems(const SupervisionItem& item, const ProblemTally& problems,
                                              absl::Time now) {
  const State from = item.state();
  if (from != v1::SUPERVISION_ITEM_STATE_RECTIFYING && from != v1::SUPERVISION_ITEM_STATE_LOOK_BACK) {
    return std::nullopt;
  }
  if (problems.total == 0) return std::nullopt;
  State to = v1::SUPERVISION_ITEM_STATE_RECTIFYING;
  std::string note = "a problem is under rectification again";
  if (problems.closed == problems.total) {
    to = v1::SUPERVISION_ITEM_STATE_CLOSED;
    note = "every problem's look-back confirmed";
  } else if (problems.accepted == problems.total) {
    to = v1::SUPERVISION_ITEM_STATE_LOOK_BACK;
    note = "every problem's rectification accepted";
  }
  if (to == from) return std::nullopt;
  return Moved(item, to, "system", note, now);
}

absl::StatusOr<SupervisionItem> AddParticipants(const SupervisionItem& item, const std::vector<NewParticipant>& added,
                                                absl::CivilDay day, absl::Time now) {
  if (item.state() == v1::SUPERVISION_ITEM_STATE_CLOSED) {
    return MakeError(absl::StatusCode::kFailedPrecondition, "ITEM_CLOSED",
                     absl::StrCat(item.name(), " is CLOSED; nobody joins it any more"));
  }
  SupervisionItem next = item;
  for (const auto& a : added) {
    const bool there = std::any_of(item.participants().begin(), item.participants().end(),
                                   [&](const v1::ItemParticipant& p) { return p.deputy() == a.deputy; });
    if (there) continue;
    auto* p = next.add_participants();
    p->set_deputy(a.deputy);
    p->set_display_name(a.display_name);
    *p->mutable_join_date() = DateOfDay(day);
  }
  if (next.participants_size() > kMaxParticipants) {
    return InvalidRequest({{"deputies", absl::StrCat("an item has at most ", kMaxParticipants, " participants")}});
  }
  *next.mutable_update_time() = ToProtoTime(now);
  return next;
}

std::vector<std::string> ItemIndexes(const SupervisionItem& item) {
  return {"items", absl::StrCat("items:year:", item.year()), absl::StrCat("items:area:", static_cast<int>(item.area())),
          absl::StrCat("items:state:", static_cast<int>(item.state()))};
}

void ValidateListRequest(const v1::ListSupervisionItemsRequest& r, Validator& v) {
  v.PageSize("page_size", r.page_size(), 500)
      .Range("year", r.year(), kFirstYear, kLastYear, /*allow_zero=*/true)
      .Enum("area", r.area(), v1::SupervisionArea_descriptor(), false)
      .Enum("state", r.state(), v1::SupervisionItemState_descriptor(), false);
}

std::vector<std::string> ListIndexes(const v1::ListSupervisionItemsRequest& r) {
  std::vector<std::string> out;
  if (r.year() != 0) out.push_back(absl::StrCat("items:year:", r.year()));
  if (r.area() != v1::SUPERVISION_AREA_UNSPECIFIED)
    out.push_back(absl::StrCat("items:area:", static_cast<int>(r.area())));
  if (r.state() != v1::SUPERVISION_ITEM_STATE_UNSPECIFIED) {
    out.push_back(absl::StrCat("items:state:", static_cast<int>(r.state())));
  }
  // With a filter, the "all" index adds nothing; the filters alone decide.
  if (out.empty()) out.push_back("items");
  return out;
}

std::string ListScope(const v1::ListSupervisionItemsRequest& r) {
  return absl::StrCat("ListSupervisionItems|", r.parent(), "|", absl::StrJoin(ListIndexes(r), "|"));
}

int EscalationLevelDue(const Date& due, absl::CivilDay today) {
  const auto day = DayOfDate(due);
  if (!day.has_value()) return 0;
  const int64_t late = today - *day;
  int level = 0;
  for (int i = 0; i < 3; ++i) {
    if (late >= kEscalationDays[i]) level = i + 1;
  }
  return level;
}

std::string DelayText(const Date& due, absl::CivilDay today) {
  const auto day = DayOfDate(due);
  return absl::StrCat("逾期 ", day.has_value() ? today - *day : 0, " 天（期限 ", DateText(due), "）");
}

}  // namespace renda::supervision
