#include "services/supervision/obligation_logic.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/errors.h"
#include "services/common/time_util.h"
#include "services/supervision/problem_logic.h"
#include "services/supervision/supervision_logic.h"

namespace renda::supervision {
namespace {

void AddStep(ReportingObligation& o, const std::string& action, const std::string& actor, const std::string& note,
             absl::Time now) {
  auto* step = o.add_history();
  *step->mutable_time() = ToProtoTime(now);
  step->set_actor(actor);
  step->set_action(action);
  step->set_note(note);
  step->set_escalation_level(o.escalation_level());
  *o.mutable_update_time() = ToProtoTime(now);
}

}  // namespace

void ValidateObligationFields(const ReportingObligation& o, absl::CivilDay today, Validator& v) {
  v.Enum("reporting_obligation.kind", o.kind(), v1::ObligationKind_descriptor(), true)
      .Text("reporting_obligation.title", o.title(), 200, true)
      .Text("reporting_obligation.basis", o.basis(), 5000, false)
      .Id("reporting_obligation.body", o.body(), true);
  CheckDate("reporting_obligation.due_date", o.due_date(), true, today, v);
}

ReportingObligation NewObligation(const ReportingObligation& input, const std::string& name, const std::string& actor,
                                  absl::Time now) {
  ReportingObligation o;
  o.set_name(name);
  o.set_kind(input.kind());
  o.set_title(input.title());
  o.set_basis(input.basis());
  o.set_body(input.body());
  *o.mutable_due_date() = input.due_date();
  o.set_state(v1::OBLIGATION_STATE_PENDING);
  *o.mutable_create_time() = ToProtoTime(now);
  AddStep(o, "create", actor, absl::StrCat("期限 ", DateText(input.due_date())), now);
  return o;
}

absl::StatusOr<ReportingObligation> ApplySubmitObligation(const ReportingObligation& o,
                                                          const v1::SubmitObligationReportRequest& req,
                                                          const std::string& actor, absl::Time now) {
  if (o.state() != v1::OBLIGATION_STATE_PENDING) {
    return MakeError(absl::StatusCode::kFailedPrecondition, "OBLIGATION_ALREADY_SUBMITTED",
                     absl::StrCat(o.name(), " is ", v1::ObligationState_Name(o.state()), "; its report was submitted"));
  }
  ReportingObligation next = o;
  next.set_state(v1::OBLIGATION_STATE_SUBMITTED);
  next.set_report(req.report());
  *next.mutable_attachments() = req.attachments();
  *next.mutable_submit_time() = ToProtoTime(now);
  const auto due = DayOfDate(o.due_date());
  const absl::CivilDay today = ChinaDayOf(now);
  next.set_submitted_late(due.has_value() && today > *due);
  AddStep(next, "submit", actor, next.submitted_late() ? DelayText(o.due_date(), today) : "按期报送", now);
  return next;
}

std::optional<ReportingObligation> ApplyObligationEscalation(const ReportingObligation& o, absl::CivilDay today,
                                                             absl::Time now) {
  if (o.state() != v1::OBLIGATION_STATE_PENDING) return std::nullopt;
  const int due = EscalationLevelDue(o.due_date(), today);
  if (due <= o.escalation_level()) return std::nullopt;
  ReportingObligation next = o;
  next.set_escalation_level(due);
  AddStep(next, "escalate", "system", DelayText(o.due_date(), today), now);
  return next;
}

std::string ObligationStateIndex(v1::ObligationState state) {
  return absl::StrCat("obligations:state:", static_cast<int>(state));
}

std::vector<std::string> ObligationIndexes(const ReportingObligation& o) {
  return {"obligations", absl::StrCat("obligations:body:", o.body()), ObligationStateIndex(o.state())};
}

void ValidateListObligations(const v1::ListReportingObligationsRequest& r, Validator& v) {
  v.PageSize("page_size", r.page_size(), 500)
      .Id("body", r.body(), false)
      .Enum("state", r.state(), v1::ObligationState_descriptor(), false);
}

std::vector<std::string> ListObligationsIndexes(const v1::ListReportingObligationsRequest& r, const std::string& body) {
  std::vector<std::string> out;
  if (!body.empty()) out.push_back(absl::StrCat("obligations:body:", body));
  if (r.state() != v1::OBLIGATION_STATE_UNSPECIFIED) out.push_back(ObligationStateIndex(r.state()));
  if (out.empty()) out.push_back("obligations");
  return out;
}

std::string ListObligationsScope(const v1::ListReportingObligationsRequest& r, const std::string& body) {
  return absl::StrCat("ListReportingObligations|", r.parent(), "|",
                      absl::StrJoin(ListObligationsIndexes(r, body), "|"));
}

}  // namespace renda::supervision
