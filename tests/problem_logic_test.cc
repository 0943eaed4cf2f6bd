// Unit tests of the problem-list and reporting-obligation rules: validation, the rectification
// lifecycle with its history, the look-back date, escalation and late reports. No gRPC, no Redis.
#include "services/supervision/problem_logic.h"

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/errors.h"
#include "services/common/time_util.h"
#include "services/supervision/obligation_logic.h"
#include "services/supervision/supervision_logic.h"

namespace renda::supervision {
namespace {

using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

std::vector<std::string> ViolatedFields(const absl::Status& status) {
  std::vector<std::string> out;
  for (const auto& v : FieldViolations(status)) out.push_back(v.field);
  return out;
}

// 2025-03-01 10:00 China time.
absl::Time March1() { return absl::FromCivil(absl::CivilSecond(2025, 3, 1, 10, 0, 0), ChinaTime()); }

Problem Issued() {
  Problem input;
  input.set_title("截污纳管进度滞后");
  input.set_responsible_unit("hz-water");
  input.set_severity(v1::PROBLEM_SEVERITY_SERIOUS);
  *input.mutable_deadline() = DateOfDay(absl::CivilDay(2025, 4, 1));
  return NewProblem(input, "congresses/hz/problems/i1-p1", "congresses/hz/supervisionItems/i1", "staff-1", March1());
}

google::protobuf::RepeatedPtrField<v1::Evidence> OneEvidence() {
  google::protobuf::RepeatedPtrField<v1::Evidence> e;
  e.Add()->set_title("验收报告");
  return e;
}

TEST(ProblemValidation, NamesEveryBadField) {
  Problem p;
  p.set_responsible_unit("Bad Unit");
  *p.mutable_deadline() = DateOfDay(absl::CivilDay(2025, 2, 1));
  p.add_opinions("congresses/sh/opinions/o1");
  p.add_opinions("opinions/o2");
  Validator v;
  ValidateProblemFields("problems[0].", p, "hz", absl::CivilDay(2025, 3, 1), v);
  EXPECT_THAT(ViolatedFields(v.status()),
              UnorderedElementsAre("problems[0].title", "problems[0].responsible_unit", "problems[0].severity",
                                   "problems[0].deadline", "problems[0].opinions[0]", "problems[0].opinions[1]"));
}

TEST(ProblemValidation, AnImpossibleDateIsRefused) {
  Validator v;
  Date d;
  d.set_year(2025);
  d.set_month(2);
  d.set_day(30);
  EXPECT_FALSE(CheckDate("deadline", d, true, std::nullopt, v));
  EXPECT_THAT(ViolatedFields(v.status()), ElementsAre("deadline"));
}

TEST(ProblemLifecycle, ARejectionSendsItBackAnyNumberOfTimes) {
  Problem p = Issued();
  EXPECT_EQ(p.state(), v1::PROBLEM_STATE_RECTIFYING);
  for (int round = 1; round <= 3; ++round) {
    auto submitted = ApplySubmitRectification(p, "已整改", OneEvidence(), "unit-user", March1());
    ASSERT_TRUE(submitted.ok()) << submitted.status();
    EXPECT_EQ(submitted->rectification().round(), round);
    auto rejected = ApplyReviewRectification(*submitted, false, "证据不足", Date(), Date(), "staff-1", March1());
    ASSERT_TRUE(rejected.ok()) << rejected.status();
    EXPECT_EQ(rejected->state(), v1::PROBLEM_STATE_RECTIFYING);
    p = *rejected;
  }
  EXPECT_EQ(p.submissions(), 3);
  EXPECT_EQ(p.history_size(), 7);
  EXPECT_EQ(p.history(6).note(), "证据不足");
}

TEST(ProblemLifecycle, AcceptedThenLookBackReopensWithANewDeadline) {
  auto p = ApplySubmitRectification(Issued(), "已整改", OneEvidence(), "unit-user", March1());
  const Date look_back = DateOfDay(absl::CivilDay(2025, 6, 1));
  p = ApplyReviewRectification(*p, true, "", look_back, Date(), "staff-1", March1());
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->state(), v1::PROBLEM_STATE_ACCEPTED);
  EXPECT_EQ(p->look_back_date().month(), 6);
  auto early = ApplyLookBack(*p, true, "", Date(), "staff-1", March1());
  EXPECT_EQ(ErrorReason(early.status()), "LOOK_BACK_NOT_DUE");
  const absl::Time june = absl::FromCivil(absl::CivilSecond(2025, 6, 1, 9, 0, 0), ChinaTime());
  auto reopened = ApplyLookBack(*p, false, "仍有溢流", DateOfDay(absl::CivilDay(2025, 7, 1)), "staff-1", june);
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  EXPECT_EQ(reopened->state(), v1::PROBLEM_STATE_RECTIFYING);
  EXPECT_EQ(reopened->deadline().month(), 7);
  EXPECT_FALSE(reopened->has_look_back_date());
}

TEST(ProblemLifecycle, IllegalStepsNameTheState) {
  const Problem p = Issued();
  auto review = ApplyReviewRectification(p, true, "", DateOfDay(absl::CivilDay(2025, 6, 1)), Date(), "s", March1());
  EXPECT_EQ(ErrorReason(review.status()), "ILLEGAL_PROBLEM_TRANSITION");
  EXPECT_NE(review.status().message().find("RECTIFYING"), std::string::npos);
  EXPECT_EQ(ErrorReason(ApplyLookBack(p, true, "", Date(), "s", March1()).status()), "ILLEGAL_PROBLEM_TRANSITION");
}

TEST(ProblemEscalation, RisesOnceALevelAndOnlyWhileRectifying) {
  const Problem p = Issued();  // due 2025-04-01
  EXPECT_FALSE(ApplyProblemEscalation(p, absl::CivilDay(2025, 4, 1), March1()).has_value());
  auto late = ApplyProblemEscalation(p, absl::CivilDay(2025, 4, 2), March1());
  ASSERT_TRUE(late.has_value());
  EXPECT_EQ(late->escalation_level(), 1);
  EXPECT_EQ(late->history(late->history_size() - 1).action(), "escalate");
  EXPECT_FALSE(ApplyProblemEscalation(*late, absl::CivilDay(2025, 4, 3), March1()).has_value());
  auto submitted = ApplySubmitRectification(*late, "已整改", OneEvidence(), "u", March1());
  EXPECT_FALSE(ApplyProblemEscalation(*submitted, absl::CivilDay(2025, 5, 30), March1()).has_value())
      << "a submitted problem waits for staff, not for the unit";
}

TEST(ProblemAccess, AUnitSeesOnlyItsOwn) {
  Caller unit;
  unit.anonymous = false;
  unit.claims.roles = Roles{Role::kHandlingUnit};
  unit.claims.unit_id = "hz-water";
  EXPECT_FALSE(UnitMayNotSee(unit, "hz-water"));
  EXPECT_TRUE(UnitMayNotSee(unit, "hz-jtj"));
  Caller staff = unit;
  staff.claims.roles = Roles{Role::kStaff};
  EXPECT_FALSE(UnitMayNotSee(staff, "hz-jtj"));
}

TEST(ReportingObligations, ALateReportIsMarkedAndEscalationStopsOnSubmission) {
  v1::ReportingObligation input;
  input.set_kind(v1::OBLIGATION_KIND_MAJOR_DECISION);
  input.set_title("重大事项决策前报告");
  input.set_body("hz-gov");
  *input.mutable_due_date() = DateOfDay(absl::CivilDay(2025, 3, 10));
  Validator v;
  ValidateObligationFields(input, absl::CivilDay(2025, 3, 1), v);
  EXPECT_TRUE(v.ok()) << v.status();
  auto o = NewObligation(input, "congresses/hz/reportingObligations/o1", "staff-1", March1());
  EXPECT_EQ(o.state(), v1::OBLIGATION_STATE_PENDING);
  auto escalated = ApplyObligationEscalation(o, absl::CivilDay(2025, 3, 26), March1());
  ASSERT_TRUE(escalated.has_value());
  EXPECT_EQ(escalated->escalation_level(), 2);
  v1::SubmitObligationReportRequest req;
  req.set_report("报告");
  const absl::Time late = absl::FromCivil(absl::CivilSecond(2025, 3, 26, 9, 0, 0), ChinaTime());
  auto submitted = ApplySubmitObligation(*escalated, req, "unit", late);
  ASSERT_TRUE(submitted.ok());
  EXPECT_TRUE(submitted->submitted_late());
  EXPECT_FALSE(ApplyObligationEscalation(*submitted, absl::CivilDay(2025, 5, 1), late).has_value());
  EXPECT_EQ(ErrorReason(ApplySubmitObligation(*submitted, req, "unit", late).status()), "OBLIGATION_ALREADY_SUBMITTED");
}

TEST(ReportingObligations, ValidationNamesEveryBadField) {
  v1::ReportingObligation o;
  *o.mutable_due_date() = DateOfDay(absl::CivilDay(2025, 2, 1));
  Validator v;
  ValidateObligationFields(o, absl::CivilDay(2025, 3, 1), v);
  EXPECT_THAT(ViolatedFields(v.status()),
              UnorderedElementsAre("reporting_obligation.kind", "reporting_obligation.title",
                                   "reporting_obligation.body", "reporting_obligation.due_date"));
}

}  // namespace
}  // namespace renda::supervision
