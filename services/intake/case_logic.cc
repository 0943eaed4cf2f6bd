#include "services/intake/case_logic.h"

#include <algorithm>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/strip.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "google/protobuf/util/time_util.h"
#include "services/common/errors.h"
#include "services/common/text_index.h"
#include "services/common/time_util.h"
#include "services/intake/disclosure.h"

namespace renda::intake {
namespace {

using v1::OpinionState;

std::string StateName(OpinionState s) {
  absl::string_view name = v1::OpinionState_Name(s);
  absl::ConsumePrefix(&name, "OPINION_STATE_");
  return std::string(name);
}

bool In(OpinionState s, std::initializer_list<OpinionState> states) {
  return std::find(states.begin(), states.end(), s) != states.end();
}

absl::Status NotNow(const Opinion& o, absl::string_view what, absl::string_view needed) {
  return MakeError(absl::StatusCode::kFailedPrecondition, "CASE_STATE",
                   absl::StrCat("cannot ", what, " ", o.name(), ": it is ", StateName(o.state()), "; ", needed));
}



absl::flat_hash_set<std::string> Pairs(absl::string_view text) {
  absl::flat_hash_set<std::string> out;
  const std::vector<std::string> chars = Utf8Chars(text);
  for (size_t i = 0; i + 1 < chars.size(); ++i) {
    if (absl::ascii_isspace(static_cast<unsigned char>(chars[i][0])) ||
        absl::ascii_isspace(static_cast<unsigned char>(chars[i + 1][0]))) {
      continue;
    }
    out.insert(absl::StrCat(chars[i], chars[i + 1]));
  }
  return out;
}

}  // namespace

int DeadlineDays(const CasePolicy& policy, v1::Grade grade) {
  switch (grade) {
    case v1::GRADE_URGENT: return policy.urgent_days;
    case v1::GRADE_IMPORTANT: return policy.important_days;
    default: return policy.normal_days;
  }
}

absl::StatusOr<absl::Time> WorkingDeadline(const WorkingCalendar& calendar, absl::Time now, int n) {
  const absl::CivilDay today = absl::ToCivilDay(now, ChinaTime());
  auto day = calendar.AddWorkingDays(today, n);
  if (!day.ok()) return day.status();
  return absl::FromCivil(*day + 1, ChinaTime());
}





absl::StatusOr<Opinion> ApplyClassify(const Opinion& current, const std::string& category, v1::Grade grade,
                                      absl::string_view note, const Caller& caller, absl::Time now,
                                      const WorkingCalendar& calendar, const CasePolicy& policy) {
  using namespace v1;  // NOLINT
  if (!In(current.state(), {OPINION_STATE_RECEIVED, OPINION_STATE_ACCEPTED, OPINION_STATE_ASSIGNED,
                            OPINION_STATE_IN_PROGRESS, OPINION_STATE_REOPENED})) {
    return NotNow(current, "classify", "only a case not yet replied to, closed, rejected or merged can be classified");
  }
  Opinion o = current;
  const bool regraded_while_assigned = current.has_deadline() && current.grade() != grade &&
                                       In(current.state(), {OPINION_STATE_ASSIGNED, OPINION_STATE_IN_PROGRESS});
  if (regraded_while_assigned) {
    // The deadline follows the grade: counted again from the current assignment with the new
    // grade's working days. A case no longer overdue under the new deadline starts escalation over.
    absl::Time assigned = FromProtoTime(current.update_time());
    for (auto it = current.history().rbegin(); it != current.history().rend(); ++it) {
      if (it->action() == "assign" || it->action() == "transfer") {
        assigned = FromProtoTime(it->time());
        break;
      }
    }
    auto deadline = WorkingDeadline(calendar, assigned, DeadlineDays(policy, grade));
    if (!deadline.ok()) return deadline.status();
    *o.mutable_deadline() = ToProtoTime(*deadline);
    if (*deadline > now) o.set_escalation_level(ESCALATION_LEVEL_UNSPECIFIED);
  }
  o.set_category(category);
  o.set_grade(grade);
  o.set_classified(true);
  std::string what = note.empty() ? absl::StrCat(category, " / ", Grade_Name(grade)) : std::string(note);
  if (regraded_while_assigned) {
    absl::StrAppend(&what, " (deadline now ", absl::FormatTime("%Y-%m-%d", FromProtoTime(o.deadline()) - absl::Seconds(1), ChinaTime()),
                    ")");
  }
  Transit(o, o.state(), "classify", caller, now, what);
  return o;
}

absl::StatusOr<Opinion> ApplyReview(const Opinion& current, bool accept, absl::string_view note, const Caller& caller,
                                    absl::Time now) {
  if (current.state() != v1::OPINION_STATE_RECEIVED) {
    return NotNow(current, accept ? "accept" : "reject", "only a RECEIVED case is reviewed");
  }
  Opinion o = current;
  if (accept) {
    Transit(o, v1::OPINION_STATE_ACCEPTED, "accept", caller, now, note);
  } else {
    o.set_rejection_reason(std::string(note));
    Transit(o, v1::OPINION_STATE_REJECTED, "reject", caller, now, note);
  }
  return o;
}

absl::StatusOr<Opinion> ApplyAssign(const Opinion& current, const std::string& unit, absl::string_view note,
                                    const Caller& caller, absl::Time now, const WorkingCalendar& calendar,
                                    const CasePolicy& policy) {
  using namespace v1;  // NOLINT
  const bool transfer = In(current.state(), {OPINION_STATE_ASSIGNED, OPINION_STATE_IN_PROGRESS});
  if (!transfer && !In(current.state(), {OPINION_STATE_ACCEPTED, OPINION_STATE_REOPENED})) {
    return NotNow(current, "assign", "accept it first (an ACCEPTED or REOPENED case is assigned; an ASSIGNED or "
                                     "IN_PROGRESS one is transferred)");
  }
  if (!current.classified()) {
    return MakeError(absl::StatusCode::kFailedPrecondition, "NOT_CLASSIFIED",
                     absl::StrCat(current.name(), " has no confirmed category and grade; classify it first (the "
                                                  "grade sets the deadline)"));
  }
  if (transfer && current.handling_unit() == unit) {
    return MakeError(absl::StatusCode::kFailedPrecondition, "SAME_UNIT",
                     absl::StrCat(current.name(), " is already with ", unit));
  }
  auto deadline = WorkingDeadline(calendar, now, DeadlineDays(policy, current.grade()));
  if (!deadline.ok()) return deadline.status();
  Opinion o = current;
  o.set_handling_unit(unit);
  *o.mutable_deadline() = ToProtoTime(*deadline);
  o.set_escalation_level(ESCALATION_LEVEL_UNSPECIFIED);
  Transit(o, OPINION_STATE_ASSIGNED, transfer ? "transfer" : "assign", caller, now, note);
  return o;
}

absl::StatusOr<Opinion> ApplyStartHandling(const Opinion& current, absl::string_view note, const Caller& caller,
                                           absl::Time now) {
  if (current.state() != v1::OPINION_STATE_ASSIGNED) {
    return NotNow(current, "start handling", "only an ASSIGNED case can be started");
  }
  Opinion o = current;
  Transit(o, v1::OPINION_STATE_IN_PROGRESS, "start", caller, now, note);
  return o;
}

absl::StatusOr<Opinion> ApplyReply(const Opinion& current, const std::string& text, const Caller& caller,
                                   absl::Time now, const CasePolicy& policy) {
  if (!In(current.state(), {v1::OPINION_STATE_ASSIGNED, v1::OPINION_STATE_IN_PROGRESS})) {
    return NotNow(current, "reply to", "only an ASSIGNED or IN_PROGRESS case is replied to");
  }
  Opinion o = current;
  if (o.has_reply()) *o.add_earlier_replies() = o.reply();
  v1::Reply* reply = o.mutable_reply();
  reply->set_text(text);
  reply->set_unit(o.handling_unit());
  *reply->mutable_time() = ToProtoTime(now);
  *o.mutable_feedback_due_time() = ToProtoTime(now + absl::Hours(24) * policy.feedback_days);
  o.clear_feedback_note();
  Transit(o, v1::OPINION_STATE_REPLIED, "reply", caller, now, "");
  return o;
}

absl::StatusOr<Opinion> ApplyFeedback(const Opinion& current, bool satisfied, absl::string_view note,
                                      const Caller& caller, absl::Time now) {
  if (current.state() != v1::OPINION_STATE_REPLIED) {
    return NotNow(current, "give feedback on", "feedback is given on a REPLIED case");
  }
  Opinion o = current;
  o.set_feedback_note(std::string(note));
  o.clear_feedback_due_time();
  if (satisfied) {
    o.set_closure(v1::CLOSURE_SATISFIED);
    Transit(o, v1::OPINION_STATE_CLOSED, "feedback", caller, now, note.empty() ? "satisfied" : note);
  } else {
    o.set_reopen_count(o.reopen_count() + 1);
    o.clear_deadline();
    o.set_escalation_level(v1::ESCALATION_LEVEL_UNSPECIFIED);
    Transit(o, v1::OPINION_STATE_REOPENED, "feedback", caller, now, note.empty() ? "not satisfied" : note);
  }
  return o;
}

absl::StatusOr<Opinion> ApplyMergeFrom(const Opinion& current, const Opinion& into, absl::string_view note,
                                       const Caller& caller, absl::Time now) {
  using namespace v1;  // NOLINT
  if (!In(current.state(), {OPINION_STATE_RECEIVED, OPINION_STATE_ACCEPTED, OPINION_STATE_REOPENED,
                            OPINION_STATE_ASSIGNED})) {
    return NotNow(current, "merge", "a case merges while RECEIVED, ACCEPTED, REOPENED or ASSIGNED (not yet started)");
  }
  if (current.merged_from_size() > 0) {
    return MakeError(absl::StatusCode::kFailedPrecondition, "HAS_MERGED_CASES",
                     absl::StrCat(current.name(), " has cases merged into it; merge the other case into it instead"));
  }
  Opinion o = current;
  o.set_merged_into(into.name());
  o.clear_deadline();
  Transit(o, OPINION_STATE_MERGED, "merge", caller, now, note.empty() ? absl::StrCat("merged into ", into.name()) : note);
  return o;
}

absl::StatusOr<Opinion> ApplyMergeInto(const Opinion& current, const Opinion& from, const Caller& caller,
                                       absl::Time now, const CasePolicy& policy) {
  using namespace v1;  // NOLINT
  if (In(current.state(), {OPINION_STATE_REJECTED, OPINION_STATE_MERGED, OPINION_STATE_CLOSED})) {
    return NotNow(current, "merge a case into", "a case joins an open case (not REJECTED, MERGED or CLOSED)");
  }
  if (current.merged_from_size() >= policy.max_merged) {
    return MakeError(absl::StatusCode::kFailedPrecondition, "TOO_MANY_MERGED",
                     absl::StrCat(current.name(), " already has ", current.merged_from_size(),
                                  " merged cases, the most allowed"));
  }
  Opinion o = current;
  o.add_merged_from(from.name());
  Transit(o, o.state(), "absorb", caller, now, absl::StrCat("merged in ", from.name()));
  return o;
}

std::optional<Opinion> FollowMergeTarget(const Opinion& merged, const Opinion& target, absl::Time now) {
  if (merged.state() != v1::OPINION_STATE_MERGED || merged.merged_into() != target.name()) return std::nullopt;
  const bool reply_changed = target.has_reply() && !(merged.has_reply() &&
                                                     merged.reply().SerializeAsString() == target.reply().SerializeAsString());
  const bool closure_changed = target.closure() != merged.closure();
  if (!reply_changed && !closure_changed) return std::nullopt;
  Opinion o = merged;
  if (reply_changed) *o.mutable_reply() = target.reply();
  o.set_closure(target.closure());
  TransitBySystem(o, o.state(), "follow",
                  now, closure_changed && target.closure() != v1::CLOSURE_UNSPECIFIED
                           ? absl::StrCat(target.name(), " was closed")
                           : absl::StrCat(target.name(), " was replied to"));
  return o;
}

std::optional<Opinion> ApplySweep(const Opinion& current, absl::Time now, const WorkingCalendar& calendar,
                                  const CasePolicy& policy) {
  using namespace v1;  // NOLINT
  if (current.state() == OPINION_STATE_REPLIED) {
    if (!current.has_feedback_due_time() || now < FromProtoTime(current.feedback_due_time())) return std::nullopt;
    Opinion o = current;
    o.set_closure(CLOSURE_NO_RESPONSE);
    o.clear_feedback_due_time();
    TransitBySystem(o, OPINION_STATE_CLOSED, "close", now, "no feedback within the feedback period");
    return o;
  }
  if (!In(current.state(), {OPINION_STATE_ASSIGNED, OPINION_STATE_IN_PROGRESS}) || !current.has_deadline()) {
    return std::nullopt;
  }
  const absl::Time deadline = FromProtoTime(current.deadline());
  // The deadline is the first instant after the last working day; the levels count working
  // days from that day.
  const absl::CivilDay last_day = absl::ToCivilDay(deadline - absl::Seconds(1), ChinaTime());
  auto level_time = [&](int days) -> absl::Time {
    auto d = calendar.AddWorkingDays(last_day, days);
    return d.ok() ? absl::FromCivil(*d + 1, ChinaTime()) : absl::InfiniteFuture();
  };
  int due = 0;
  if (now >= deadline) due = 1;
  if (now >= level_time(policy.supervised_after_days)) due = 2;
  if (now >= level_time(policy.supervised_after_days + policy.leader_after_days)) due = 3;
  if (due <= current.escalation_level()) return std::nullopt;
  Opinion o = current;
  static constexpr const char* kNotes[] = {"", "overdue: reminder to the handling unit",
                                           "overdue: supervised handling by staff", "overdue: referred to a leader"};
  for (int level = current.escalation_level() + 1; level <= due; ++level) {
    o.set_escalation_level(static_cast<EscalationLevel>(level));
    TransitBySystem(o, o.state(), "escalate", now, kNotes[level]);
  }
  return o;
}

double TextSimilarity(absl::string_view a, absl::string_view b) {
  const auto pa = Pairs(a);
  const auto pb = Pairs(b);
  if (pa.empty() && pb.empty()) return a == b ? 1.0 : 0.0;
  size_t common = 0;
  for (const auto& p : pa) common += pb.contains(p);
  return static_cast<double>(common) / static_cast<double>(pa.size() + pb.size() - common);
}

Opinion CitizenView(Opinion o) {
  o.clear_submitter();
  o.clear_merged_from();
  for (auto& t : *o.mutable_history()) t.clear_actor();
  return o;
}

v1::Publication MakePublication(const Opinion& o, absl::Time now) {
  MaskContext known;
  known.name = o.submitter().display_name();
  known.phone = o.submitter().phone();
  if (!o.submitter().email().empty()) known.other.push_back(o.submitter().email());
  v1::Publication p;
  p.set_title(MaskPersonalData(o.title(), known));
  p.set_content(MaskPersonalData(o.content(), known));
  p.set_reply(MaskPersonalData(o.reply().text(), known));
  p.set_category(o.category());
  p.set_district(o.district());
  *p.mutable_publish_time() = ToProtoTime(now);
  p.set_opinion(o.name());
  return p;
}

absl::Status CheckPublishable(const Opinion& o) {
  if (o.state() != v1::OPINION_STATE_CLOSED) return NotNow(o, "publish", "only a CLOSED case is published");
  return absl::OkStatus();
}

std::string NormalizeTrackingCode(absl::string_view code) {
  std::string out;
  for (char c : code) {
    if (c == ' ' || c == '-') continue;
    c = absl::ascii_toupper(static_cast<unsigned char>(c));
    if (!absl::StrContains(kTrackingCodeAlphabet, c)) return "";
    out.push_back(c);
  }
  return out.size() == kTrackingCodeLength ? out : "";
}

}  // namespace renda::intake
