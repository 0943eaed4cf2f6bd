#include "services/representatives/evaluation_logic.h"

#include <algorithm>
#include <climits>
#include <map>
#include <set>
#include <tuple>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "services/common/crypto.h"
#include "services/common/errors.h"
#include "services/common/names.h"
#include "services/common/time_util.h"
#include "services/representatives/deputy_logic.h"
#include "services/representatives/duty_logic.h"
#include "services/representatives/duty_records.h"

namespace renda::representatives {
namespace {

using renda::type::v1::Date;

bool ByDateThenName(const v1::DutyRecord& a, const v1::DutyRecord& b) {
  return std::make_tuple(a.date().year(), a.date().month(), a.date().day(), a.name()) <
         std::make_tuple(b.date().year(), b.date().month(), b.date().day(), b.name());
}

bool IsMeeting(v1::DutyRecordType t) {
  return t == v1::DUTY_RECORD_TYPE_SESSION_ATTENDANCE || t == v1::DUTY_RECORD_TYPE_STANDING_COMMITTEE_MEETING;
}

const char* GroundCode(v1::ExitGround g) {
  switch (g) {
    case v1::EXIT_GROUND_TWO_SESSIONS_MISSED_WITHOUT_APPROVAL: return "absence";
    case v1::EXIT_GROUND_SCORE_BELOW_THRESHOLD: return "score";
    case v1::EXIT_GROUND_NO_DUTY_RECORD_FOR_MONTHS: return "inactive";
    default: return "other";
  }
}

absl::Status WrongState(const v1::ExitCase& c, absl::string_view action, absl::string_view needs) {
  return MakeError(absl::StatusCode::kFailedPrecondition, "EXIT_CASE_WRONG_STATE",
                   absl::StrCat(c.name(), " is ", v1::ExitCaseState_Name(c.state()), "; it can be ", action,
                                " only when ", needs));
}

v1::ExitCase Step(const v1::ExitCase& current, v1::ExitCaseState state, absl::string_view note,
                  absl::string_view actor, absl::Time now) {
  v1::ExitCase c = current;
  c.set_state(state);
  auto* s = c.add_steps();
  s->set_state(state);
  s->set_actor(std::string(actor));
  *s->mutable_time() = ToProtoTime(now);
  s->set_note(std::string(note));
  *c.mutable_update_time() = ToProtoTime(now);
  return c;
}

}  // namespace

void ValidateScoringRules(const v1::ScoringRules& r, Validator& v) {
  v.Text("scoring_rules.description", r.description(), 500, false)
      .Range("scoring_rules.absence_penalty", r.absence_penalty(), 0, 1000, true);
  if (r.type_rules_size() > 50) v.Add("scoring_rules.type_rules", "at most 50 rules");
  std::set<int> seen;
  for (int i = 0; i < r.type_rules_size() && i < 50; ++i) {
    const auto& t = r.type_rules(i);
    const std::string f = absl::StrCat("scoring_rules.type_rules[", i, "]");
    v.Enum(absl::StrCat(f, ".type"), t.type(), v1::DutyRecordType_descriptor(), true)
        .Range(absl::StrCat(f, ".points"), t.points(), 0, 1000, true)
        .Range(absl::StrCat(f, ".yearly_cap"), t.yearly_cap(), 0, 100000, true);
    if (t.type() != v1::DUTY_RECORD_TYPE_UNSPECIFIED && !seen.insert(t.type()).second) {
      v.Add(absl::StrCat(f, ".type"), absl::StrCat(v1::DutyRecordType_Name(t.type()), " is listed twice"));
    }
  }
  const auto& x = r.exit_thresholds();
  if (x.has_min_score()) v.Range("scoring_rules.exit_thresholds.min_score", x.min_score(), -100000, 100000, true);
  v.Range("scoring_rules.exit_thresholds.inactive_months", x.inactive_months(), 0, 60, true)
      .Range("scoring_rules.exit_thresholds.missed_sessions", x.missed_sessions(), 1, 10, true);
}

std::string RulesId(int version) { return absl::StrFormat("%06d", version); }

v1::ScoringRules NewScoringRules(const v1::ScoringRules& input, absl::string_view congress, int version,
                                 absl::string_view actor, absl::Time now) {
  v1::ScoringRules r = input;
  r.set_name(ResourceNameOf(congress, kRulesCollection, RulesId(version)));
  r.set_version(version);
  r.set_created_by(std::string(actor));
  *r.mutable_create_time() = ToProtoTime(now);
  r.clear_etag();
  if (r.exit_thresholds().missed_sessions() == 0) r.mutable_exit_thresholds()->set_missed_sessions(kDefaultMissedSessions);
  return r;
}

int MissedSessionsLimit(const v1::ScoringRules* rules) {
  if (rules == nullptr || rules->exit_thresholds().missed_sessions() <= 0) return kDefaultMissedSessions;
  return rules->exit_thresholds().missed_sessions();
}

v1::DeputyScore ScoreDeputy(const v1::ScoringRules& rules, absl::string_view deputy, int year,
                            const std::vector<v1::DutyRecord>& records) {
  std::map<int, const v1::TypeRule*> by_type;
  for (const auto& t : rules.type_rules()) by_type[t.type()] = &t;
  std::vector<const v1::DutyRecord*> counted;
  for (const auto& r : records) {
    if (r.state() == v1::DUTY_RECORD_STATE_CONFIRMED && r.date().year() == year) counted.push_back(&r);
  }
  std::sort(counted.begin(), counted.end(),
            [](const v1::DutyRecord* a, const v1::DutyRecord* b) { return ByDateThenName(*a, *b); });

  v1::DeputyScore score;
  score.set_deputy(std::string(deputy));
  score.set_year(year);
  score.set_rules_version(rules.version());
  std::map<int, v1::TypeSubtotal> subtotals;
  int64_t total = 0;
  for (const v1::DutyRecord* r : counted) {
    auto* item = score.add_items();
    item->set_record(r->name());
    item->set_type(r->type());
    *item->mutable_date() = r->date();
    item->set_title(r->title());
    v1::TypeSubtotal& sub = subtotals[r->type()];
    sub.set_type(r->type());
    sub.set_records(sub.records() + 1);
    auto rule = by_type.find(r->type());
    const int points = rule == by_type.end() ? 0 : rule->second->points();
    const int cap = rule == by_type.end() ? 0 : rule->second->yearly_cap();
    int awarded = 0;
    if (r->type() == v1::DUTY_RECORD_TYPE_SESSION_ATTENDANCE && r->attendance() == v1::ATTENDANCE_ABSENT) {
      awarded = -rules.absence_penalty();
      item->set_reason(absl::StrCat("session missed without approval: -", rules.absence_penalty()));
    } else if (IsMeeting(r->type()) && r->attendance() == v1::ATTENDANCE_EXCUSED) {
      item->set_reason("excused absence (leave approved): 0");
    } else if (IsMeeting(r->type()) && r->attendance() == v1::ATTENDANCE_ABSENT) {
      item->set_reason("standing-committee meeting missed: 0");
    } else if (rule == by_type.end()) {
      item->set_reason("the rules give this type no points");
    } else {
      awarded = points;
      if (cap > 0 && sub.points() + points > cap) {
        awarded = std::max(0, cap - sub.points());
        item->set_capped(true);
        sub.set_capped(true);
        item->set_reason(absl::StrCat(points, " points, cut to ", awarded, " by the yearly cap of ", cap));
      } else {
        item->set_reason(absl::StrCat(points, " points"));
      }
    }
    item->set_points(awarded);
    sub.set_points(sub.points() + awarded);
    total += awarded;
  }
  for (auto& [type, sub] : subtotals) *score.add_subtotals() = sub;
  score.set_total(static_cast<int32_t>(std::clamp<int64_t>(total, INT32_MIN, INT32_MAX)));
  return score;
}

std::vector<v1::RankedDeputy> RankByScore(std::vector<v1::RankedDeputy> d) {
  std::sort(d.begin(), d.end(), [](const v1::RankedDeputy& a, const v1::RankedDeputy& b) {
    if (a.score() != b.score()) return a.score() > b.score();
    return a.deputy() < b.deputy();
  });
  for (size_t i = 0; i < d.size(); ++i) {
    d[i].set_rank(i > 0 && d[i].score() == d[i - 1].score() ? d[i - 1].rank() : static_cast<int32_t>(i + 1));
  }
  return d;
}

std::string ExitCaseId(absl::string_view deputy_id, v1::ExitGround ground, int year) {
  // The suffix has a fixed form, so different deputies never share an id; a deputy id too long
  // to fit is replaced by a digest of it.
  const std::string suffix = absl::StrCat("-", GroundCode(ground), "-", year);
  if (deputy_id.size() + suffix.size() <= 63) return absl::StrCat(deputy_id, suffix);
  return absl::StrCat("d", absl::BytesToHexString(HmacSha256("renda exit case deputy", deputy_id)).substr(0, 24),
                      suffix);
}

std::vector<std::string> ExitCaseIndexes(const v1::ExitCase& c) {
  Validator v;
  ResourceName deputy = ParseResourceName("deputy", c.deputy(), kDeputyCollection, v);
  std::vector<std::string> out = ExitCaseListIndexes(deputy.id, c.state());
  if (out.back() != "exitCases") out.push_back("exitCases");
  return out;
}

std::vector<std::string> ExitCaseListIndexes(absl::string_view deputy_id, v1::ExitCaseState state) {
  std::vector<std::string> out;
  if (!deputy_id.empty()) out.push_back(absl::StrCat("exitCases:deputy:", deputy_id));
  if (state != v1::EXIT_CASE_STATE_UNSPECIFIED) out.push_back(absl::StrCat("exitCases:state:", static_cast<int>(state)));
  if (out.empty()) out.push_back("exitCases");
  return out;
}

v1::ExitCase NewExitCase(absl::string_view congress, absl::string_view deputy_id, v1::ExitGround ground, int year,
                         std::vector<std::string> evidence, std::string detail, int rules_version,
                         absl::string_view actor, absl::Time now) {
  v1::ExitCase c;
  c.set_name(ResourceNameOf(congress, kExitCaseCollection, ExitCaseId(deputy_id, ground, year)));
  c.set_deputy(ResourceNameOf(congress, kDeputyCollection, deputy_id));
  c.set_ground(ground);
  c.set_year(year);
  for (auto& e : evidence) c.add_evidence(std::move(e));
  c.set_rules_version(rules_version);
  *c.mutable_create_time() = ToProtoTime(now);
  c.set_state(v1::EXIT_CASE_STATE_UNSPECIFIED);
  c = Step(c, v1::EXIT_CASE_STATE_OPENED, detail, actor, now);
  c.set_detail(std::move(detail));
  return c;
}

std::optional<v1::ExitCase> MissedSessionsCase(absl::string_view congress, absl::string_view deputy_id,
                                               std::vector<v1::DutyRecord> absences, int limit, int rules_version,
                                               const Date* as_of, absl::string_view actor, absl::Time now) {
  std::sort(absences.begin(), absences.end(), ByDateThenName);
  std::vector<const v1::DutyRecord*> counted;
  for (size_t i = 0; i < absences.size(); ++i) {
    const auto& r = absences[i];
    if (!IsCountedAbsence(r)) continue;
    if (as_of != nullptr && DateBefore(*as_of, r.date())) continue;
    if (!counted.empty() && counted.back()->name() == r.name()) continue;
    counted.push_back(&r);
  }
  if (limit <= 0 || static_cast<int>(counted.size()) < limit) return std::nullopt;
  std::vector<std::string> evidence;
  std::string dates;
  for (int i = 0; i < limit; ++i) {
    evidence.push_back(counted[i]->name());
    absl::StrAppend(&dates, i == 0 ? "" : ", ", DateText(counted[i]->date()));
  }
  const int year = counted[limit - 1]->date().year();
  return NewExitCase(congress, deputy_id, v1::EXIT_GROUND_TWO_SESSIONS_MISSED_WITHOUT_APPROVAL, year,
                     std::move(evidence),
                     absl::StrCat(limit, " congress sessions missed without approval (", dates, ")"), rules_version,
                     actor, now);
}

std::optional<v1::ExitCase> LowScoreCase(absl::string_view congress, absl::string_view deputy_id,
                                         const v1::DeputyScore& score, const v1::ScoringRules& rules,
                                         absl::string_view actor, absl::Time now) {
  if (!rules.exit_thresholds().has_min_score() || score.total() >= rules.exit_thresholds().min_score()) {
    return std::nullopt;
  }
  return NewExitCase(congress, deputy_id, v1::EXIT_GROUND_SCORE_BELOW_THRESHOLD, score.year(), {},
                     absl::StrCat("score ", score.total(), " for ", score.year(), " is below ",
                                  rules.exit_thresholds().min_score(), " (rules version ", rules.version(), ")"),
                     rules.version(), actor, now);
}

Date MonthsBefore(const Date& date, int months) {
  absl::CivilMonth m = absl::CivilMonth(date.year(), date.month()) - months;
  const int last_day = (absl::CivilDay(m + 1) - 1).day();
  Date out;
  out.set_year(static_cast<int32_t>(m.year()));
  out.set_month(m.month());
  out.set_day(std::min(date.day(), last_day));
  return out;
}

std::optional<v1::ExitCase> InactivityCase(absl::string_view congress, absl::string_view deputy_id,
                                           const Date& registered, const Date& as_of, bool has_record_in_window,
                                           const v1::ScoringRules& rules, absl::string_view actor, absl::Time now) {
  const int months = rules.exit_thresholds().inactive_months();
  if (months <= 0 || has_record_in_window) return std::nullopt;
  const Date start = MonthsBefore(as_of, months);
  if (DateBefore(start, registered)) return std::nullopt;
  return NewExitCase(congress, deputy_id, v1::EXIT_GROUND_NO_DUTY_RECORD_FOR_MONTHS, as_of.year(), {},
                     absl::StrCat("no confirmed duty record from ", DateText(start), " to ", DateText(as_of), " (",
                                  months, " months; rules version ", rules.version(), ")"),
                     rules.version(), actor, now);
}

absl::StatusOr<v1::ExitCase> NotifyCase(const v1::ExitCase& current, absl::string_view note, absl::string_view actor,
                                        absl::Time now) {
  if (current.state() != v1::EXIT_CASE_STATE_OPENED) return WrongState(current, "notified", "OPENED");
  return Step(current, v1::EXIT_CASE_STATE_DEPUTY_NOTIFIED, note, actor, now);
}

absl::StatusOr<v1::ExitCase> RecordCaseStatement(const v1::ExitCase& current, absl::string_view statement,
                                                 absl::string_view actor, absl::Time now) {
  if (current.state() != v1::EXIT_CASE_STATE_DEPUTY_NOTIFIED) {
    return WrongState(current, "given a statement", "DEPUTY_NOTIFIED (the deputy was told and has not answered yet)");
  }
  return Step(current, v1::EXIT_CASE_STATE_STATEMENT_RECEIVED, statement, actor, now);
}

absl::StatusOr<v1::ExitCase> DecideCase(const v1::ExitCase& current, v1::ExitDecision decision,
                                        absl::string_view note, absl::string_view actor, absl::Time now) {
  if (current.state() != v1::EXIT_CASE_STATE_DEPUTY_NOTIFIED &&
      current.state() != v1::EXIT_CASE_STATE_STATEMENT_RECEIVED) {
    return WrongState(current, "decided", "the deputy was notified (DEPUTY_NOTIFIED or STATEMENT_RECEIVED)");
  }
  v1::ExitCase c = Step(current, v1::EXIT_CASE_STATE_DECIDED,
                        absl::StrCat(v1::ExitDecision_Name(decision), ": ", note), actor, now);
  c.set_decision(decision);
  return c;
}

absl::StatusOr<v1::Deputy> TerminateDeputy(const v1::Deputy& deputy, absl::string_view case_name,
                                           absl::string_view note, absl::string_view actor, absl::Time now) {
  if (deputy.status() != v1::DEPUTY_STATUS_SERVING) {
    return MakeError(absl::StatusCode::kFailedPrecondition, "DEPUTY_NOT_SERVING",
                     absl::StrCat(deputy.name(), " is ", v1::DeputyStatus_Name(deputy.status()),
                                  ", not serving; decide the case otherwise (KEPT records no change)"));
  }
  v1::Deputy d = deputy;
  d.set_status(v1::DEPUTY_STATUS_TERMINATED);
  auto* h = d.add_status_history();
  h->set_status(v1::DEPUTY_STATUS_TERMINATED);
  *h->mutable_effective_date() = DateOf(now);
  h->set_reason(absl::StrCat("exit case ", case_name, ": ", note));
  h->set_actor(std::string(actor));
  *h->mutable_record_time() = ToProtoTime(now);
  *d.mutable_update_time() = ToProtoTime(now);
  return d;
}

v1::AnnualDutyReport BuildAnnualReport(const v1::Deputy& deputy, int year, const std::vector<v1::DutyRecord>& records,
                                       const v1::DeputyScore* score) {
  v1::AnnualDutyReport out;
  *out.mutable_deputy() = deputy;
  out.set_year(year);
  out.set_liaison_station(deputy.liaison_station());
  std::vector<v1::DutyRecord> sorted;
  for (const auto& r : records) {
    if (r.date().year() != year) continue;
    if (r.state() == v1::DUTY_RECORD_STATE_PENDING) out.set_pending_records(out.pending_records() + 1);
    if (r.state() == v1::DUTY_RECORD_STATE_CONFIRMED) sorted.push_back(r);
  }
  std::sort(sorted.begin(), sorted.end(), ByDateThenName);
  std::map<int, v1::RecordsOfType> by_type;
  for (const auto& r : sorted) {
    v1::RecordsOfType& group = by_type[r.type()];
    group.set_type(r.type());
    group.set_count(group.count() + 1);
    *group.add_records() = r;
    switch (r.type()) {
      case v1::DUTY_RECORD_TYPE_SESSION_ATTENDANCE: {
        auto* s = out.mutable_sessions();
        if (r.attendance() == v1::ATTENDANCE_PRESENT) s->set_present(s->present() + 1);
        if (r.attendance() == v1::ATTENDANCE_EXCUSED) s->set_excused(s->excused() + 1);
        if (r.attendance() == v1::ATTENDANCE_ABSENT) s->set_absent(s->absent() + 1);
        break;
      }
      case v1::DUTY_RECORD_TYPE_SUGGESTION_FILED: *out.add_suggestions() = r; break;
      case v1::DUTY_RECORD_TYPE_BILL_FILED: *out.add_bills() = r; break;
      case v1::DUTY_RECORD_TYPE_CONTACT_VISIT_RECEIVED: *out.add_contact_visits() = r; break;
      case v1::DUTY_RECORD_TYPE_STATION_RECEPTION: *out.add_station_receptions() = r; break;
      default: break;
    }
  }
  for (auto& [type, group] : by_type) *out.add_records_by_type() = std::move(group);
  if (score != nullptr) *out.mutable_score() = *score;
  return out;
}

}  // namespace renda::representatives
