#include "services/supervision/problem_logic.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/entities.h"
#include "services/common/errors.h"
#include "services/common/names.h"
#include "services/common/time_util.h"
#include "services/supervision/supervision_logic.h"

namespace renda::supervision {
namespace {

constexpr int kMaxOpinions = 20;
constexpr int kMaxEvidence = 50;
constexpr int kMaxNote = 5000;
constexpr int kMaxReport = 20000;

using State = v1::ProblemState;

absl::Status Illegal(const Problem& p, absl::string_view what, absl::string_view wanted) {
  return MakeError(absl::StatusCode::kFailedPrecondition, "ILLEGAL_PROBLEM_TRANSITION",
                   absl::StrCat(p.name(), " is ", v1::ProblemState_Name(p.state()), "; ", what, " needs it ", wanted));
}

// The problem moved to `to` by `action`, the step in its history.
Problem Stepped(const Problem& p, State to, const std::string& action, const std::string& actor,
                const std::string& note, absl::Time now) {
  Problem next = p;
  auto* step = next.add_history();
  *step->mutable_time() = ToProtoTime(now);
  step->set_actor(actor);
  step->set_action(action);
  step->set_from_state(p.state());
  step->set_to_state(to);
  step->set_note(note);
  next.set_state(to);
  *next.mutable_update_time() = ToProtoTime(now);
  step->set_escalation_level(next.escalation_level());
  return next;
}

// A new deadline: set, and the escalation starts again from it.
void NewDeadline(Problem& p, const renda::type::v1::Date& deadline) {
  *p.mutable_deadline() = deadline;
  p.set_escalation_level(0);
  if (p.history_size() > 0) p.mutable_history(p.history_size() - 1)->set_escalation_level(0);
}

}  // namespace

void ValidateProblemFields(const std::string& prefix, const Problem& p, absl::string_view congress,
                           absl::CivilDay today, Validator& v) {
  v.Text(prefix + "title", p.title(), 200, true)
      .Text(prefix + "description", p.description(), 5000, false)
      .Id(prefix + "responsible_unit", p.responsible_unit(), true)
      .Enum(prefix + "severity", p.severity(), v1::ProblemSeverity_descriptor(), true);
  CheckDate(prefix + "deadline", p.deadline(), true, today, v);
  if (p.opinions_size() > kMaxOpinions) v.Add(prefix + "opinions", absl::StrCat("at most ", kMaxOpinions));
  std::set<std::string> seen;
  for (int i = 0; i < p.opinions_size(); ++i) {
    const std::string field = absl::StrCat(prefix, "opinions[", i, "]");
    const ResourceName n = ParseResourceName(field, p.opinions(i), "opinions", v);
    if (!n.congress.empty() && n.congress != congress)
      v.Add(field, absl::StrCat("must be an opinion of congresses/", congress));
    if (!seen.insert(p.opinions(i)).second) v.Add(field, "is named twice");
  }
}

void ValidateEvidence(const std::string& field, const google::protobuf::RepeatedPtrField<v1::Evidence>& evidence,
                      Validator& v) {
  if (evidence.size() > kMaxEvidence) v.Add(field, absl::StrCat("at most ", kMaxEvidence, " pieces"));
  for (int i = 0; i < evidence.size(); ++i) {
    v.Text(absl::StrCat(field, "[", i, "].title"), evidence[i].title(), 200, true)
        .Text(absl::StrCat(field, "[", i, "].uri"), evidence[i].uri(), 1000, false);
  }
}

std::string ProblemId(const std::string& item_id, int n) { return absl::StrCat(item_id, "-p", n); }

Problem NewProblem(const Problem& input, const std::string& name, const std::string& item, const std::string& actor,
                   absl::Time now) {
  Problem p;
  p.set_name(name);
  p.set_item(item);
  p.set_title(input.title());
  p.set_description(input.description());
  p.set_responsible_unit(input.responsible_unit());
  p.set_severity(input.severity());
  *p.mutable_deadline() = input.deadline();
  *p.mutable_opinions() = input.opinions();
  *p.mutable_create_time() = ToProtoTime(now);
  return Stepped(p, v1::PROBLEM_STATE_RECTIFYING, "issue", actor, absl::StrCat("期限 ", DateText(input.deadline())),
                 now);
}

absl::StatusOr<Problem> ApplySubmitRectification(const Problem& p, const std::string& report,
                                                 const google::protobuf::RepeatedPtrField<v1::Evidence>& evidence,
                                                 const std::string& actor, absl::Time now) {
  if (p.state() != v1::PROBLEM_STATE_RECTIFYING) return Illegal(p, "a rectification report", "RECTIFYING");
  Problem next = Stepped(p, v1::PROBLEM_STATE_SUBMITTED, "submit", actor,
                         absl::StrCat("第", p.submissions() + 1, "次整改报告，证据 ", evidence.size(), " 件"), now);
  next.set_submissions(p.submissions() + 1);
  auto* r = next.mutable_rectification();
  r->Clear();
  r->set_report(report);
  *r->mutable_evidence() = evidence;
  *r->mutable_submit_time() = ToProtoTime(now);
  r->set_submitted_by(actor);
  r->set_round(next.submissions());
  return next;
}

absl::StatusOr<Problem> ApplyReviewRectification(const Problem& p, bool accept, const std::string& reason,
                                                 const renda::type::v1::Date& look_back_date,
                                                 const renda::type::v1::Date& new_deadline, const std::string& actor,
                                                 absl::Time now) {
  if (p.state() != v1::PROBLEM_STATE_SUBMITTED) return Illegal(p, "a review", "SUBMITTED");
  if (accept) {
    Problem next = Stepped(p, v1::PROBLEM_STATE_ACCEPTED, "accept", actor,
                           absl::StrCat(reason.empty() ? "" : reason + "；", "回头看 ", DateText(look_back_date)), now);
    *next.mutable_look_back_date() = look_back_date;
    next.set_escalation_level(0);
    return next;
  }
  Problem next = Stepped(p, v1::PROBLEM_STATE_RECTIFYING, "reject", actor, reason, now);
  if (new_deadline.year() != 0) NewDeadline(next, new_deadline);
  return next;
}

absl::StatusOr<Problem> ApplyLookBack(const Problem& p, bool confirmed, const std::string& note,
                                      const renda::type::v1::Date& new_deadline, const std::string& actor,
                                      absl::Time now) {
  if (p.state() != v1::PROBLEM_STATE_ACCEPTED) return Illegal(p, "a look-back", "ACCEPTED");
  const auto due = DayOfDate(p.look_back_date());
  if (due.has_value() && ChinaDayOf(now) < *due) {
    return MakeError(absl::StatusCode::kFailedPrecondition, "LOOK_BACK_NOT_DUE",
                     absl::StrCat(p.name(), ": the look-back is due on ", DateText(p.look_back_date())));
  }
  if (confirmed) return Stepped(p, v1::PROBLEM_STATE_CLOSED, "confirm", actor, note, now);
  Problem next = Stepped(p, v1::PROBLEM_STATE_RECTIFYING, "reopen", actor, note, now);
  NewDeadline(next, new_deadline);
  next.clear_look_back_date();
  return next;
}

std::optional<Problem> ApplyProblemEscalation(const Problem& p, absl::CivilDay today, absl::Time now) {
  if (p.state() != v1::PROBLEM_STATE_RECTIFYING) return std::nullopt;
  const int due = EscalationLevelDue(p.deadline(), today);
  if (due <= p.escalation_level()) return std::nullopt;
  Problem next = p;
  next.set_escalation_level(due);
  next = Stepped(next, p.state(), "escalate", "system", DelayText(p.deadline(), today), now);
  return next;
}

bool ActsOnlyForOwnUnit(const Caller& c) {
  return c.Has(Role::kHandlingUnit) && !c.Has(Role::kStaff) && !c.Has(Role::kLeader) && !c.Has(Role::kAdmin) &&
         !c.Has(Role::kService);
}

bool UnitMayNotSee(const Caller& c, const std::string& unit) {
  return ActsOnlyForOwnUnit(c) && (c.claims.unit_id.empty() || c.claims.unit_id != unit);
}

std::string ItemProblemsIndex(const std::string& item_id) { return absl::StrCat("problems:item:", item_id); }
std::string ProblemStateIndex(v1::ProblemState state) {
  return absl::StrCat("problems:state:", static_cast<int>(state));
}

std::vector<std::string> ProblemIndexes(const Problem& p) {
  return {"problems", ItemProblemsIndex(SplitEntityName(p.item()).id),
          absl::StrCat("problems:unit:", p.responsible_unit()), ProblemStateIndex(p.state())};
}

void ValidateListProblems(const v1::ListProblemsRequest& r, absl::string_view congress, Validator& v) {
  v.PageSize("page_size", r.page_size(), 500)
      .Id("responsible_unit", r.responsible_unit(), false)
      .Enum("state", r.state(), v1::ProblemState_descriptor(), false);
  if (!r.item().empty()) {
    const ResourceName n = ParseResourceName("item", r.item(), "supervisionItems", v);
    if (!n.congress.empty() && n.congress != congress) v.Add("item", "must be an item of the same congress");
  }
}

std::vector<std::string> ListProblemsIndexes(const v1::ListProblemsRequest& r, const std::string& unit) {
  std::vector<std::string> out;
  if (!r.item().empty()) out.push_back(ItemProblemsIndex(SplitEntityName(r.item()).id));
  if (!unit.empty()) out.push_back(absl::StrCat("problems:unit:", unit));
  if (r.state() != v1::PROBLEM_STATE_UNSPECIFIED) out.push_back(ProblemStateIndex(r.state()));
  if (out.empty()) out.push_back("problems");
  return out;
}

std::string ListProblemsScope(const v1::ListProblemsRequest& r, const std::string& unit) {
  return absl::StrCat("ListProblems|", r.parent(), "|", absl::StrJoin(ListProblemsIndexes(r, unit), "|"));
}

}  // namespace renda::supervision
