// The pure rules of evaluation and the exit mechanism: scoring with caps and penalties, ranks,
// which cases the records call for, the exit-case state machine, the annual report's data.
#include <gtest/gtest.h>

#include <set>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "google/protobuf/descriptor.h"
#include "renda/representatives/v1/duty.pb.h"
#include "services/common/errors.h"
#include "services/representatives/duty_service.h"
#include "services/representatives/evaluation_service.h"
#include "services/representatives/duty_logic.h"
#include "services/representatives/evaluation_logic.h"
#include "tests/support/suite.h"

namespace renda::representatives {
namespace {

using renda::type::v1::Date;

const absl::Time kNow = absl::FromCivil(absl::CivilSecond(2026, 3, 1, 10, 0, 0), absl::UTCTimeZone());

Date D(int y, int m, int d) { return testing::Day(y, m, d); }

v1::DutyRecord Rec(const std::string& id, v1::DutyRecordType type, Date date,
                   v1::Attendance attendance = v1::ATTENDANCE_UNSPECIFIED,
                   v1::DutyRecordState state = v1::DUTY_RECORD_STATE_CONFIRMED) {
  v1::DutyRecord r;
  r.set_name(absl::StrCat("congresses/hz/dutyRecords/", id));
  r.set_deputy("congresses/hz/deputies/wang");
  r.set_type(type);
  *r.mutable_date() = date;
  r.set_title(id);
  r.set_attendance(attendance);
  r.set_state(state);
  return r;
}

v1::ScoringRules Rules(int version) {
  v1::ScoringRules r;
  r.set_version(version);
  auto* research = r.add_type_rules();
  research->set_type(v1::DUTY_RECORD_TYPE_RESEARCH);
  research->set_points(10);
  research->set_yearly_cap(25);
  auto* session = r.add_type_rules();
  session->set_type(v1::DUTY_RECORD_TYPE_SESSION_ATTENDANCE);
  session->set_points(5);
  r.set_absence_penalty(8);
  return r;
}

TEST(ScoreDeputyTest, YearlyCapCutsTheLatestRecordsOfAType) {
  std::vector<v1::DutyRecord> records = {
      Rec("d", v1::DUTY_RECORD_TYPE_RESEARCH, D(2025, 9, 1)),
      Rec("a", v1::DUTY_RECORD_TYPE_RESEARCH, D(2025, 1, 1)),
      Rec("c", v1::DUTY_RECORD_TYPE_RESEARCH, D(2025, 6, 1)),
      Rec("b", v1::DUTY_RECORD_TYPE_RESEARCH, D(2025, 3, 1)),
  };
  v1::DeputyScore s = ScoreDeputy(Rules(1), "congresses/hz/deputies/wang", 2025, records);
  EXPECT_EQ(s.total(), 25);
  EXPECT_EQ(s.rules_version(), 1);
  ASSERT_EQ(s.items_size(), 4);
  // Date order: a, b count in full, c is cut to 5, d to 0.
  EXPECT_EQ(s.items(0).record(), "congresses/hz/dutyRecords/a");
  EXPECT_EQ(s.items(0).points(), 10);
  EXPECT_FALSE(s.items(0).capped());
  EXPECT_EQ(s.items(1).points(), 10);
  EXPECT_EQ(s.items(2).record(), "congresses/hz/dutyRecords/c");
  EXPECT_EQ(s.items(2).points(), 5);
  EXPECT_TRUE(s.items(2).capped());
  EXPECT_EQ(s.items(3).points(), 0);
  EXPECT_TRUE(s.items(3).capped());
  ASSERT_EQ(s.subtotals_size(), 1);
  EXPECT_EQ(s.subtotals(0).records(), 4);
  EXPECT_EQ(s.subtotals(0).points(), 25);
  EXPECT_TRUE(s.subtotals(0).capped());
}

TEST(ScoreDeputyTest, ExcusedSessionCostsNothingAbsentCostsThePenalty) {
  std::vector<v1::DutyRecord> records = {
      Rec("p", v1::DUTY_RECORD_TYPE_SESSION_ATTENDANCE, D(2025, 1, 10), v1::ATTENDANCE_PRESENT),
      Rec("e", v1::DUTY_RECORD_TYPE_SESSION_ATTENDANCE, D(2025, 2, 10), v1::ATTENDANCE_EXCUSED),
      Rec("x", v1::DUTY_RECORD_TYPE_SESSION_ATTENDANCE, D(2025, 3, 10), v1::ATTENDANCE_ABSENT),
  };
  v1::DeputyScore s = ScoreDeputy(Rules(1), "d", 2025, records);
  ASSERT_EQ(s.items_size(), 3);
  EXPECT_EQ(s.items(0).points(), 5);
  EXPECT_EQ(s.items(1).points(), 0);
  EXPECT_EQ(s.items(2).points(), -8);
  EXPECT_EQ(s.total(), -3);
  // An excused absence is not an unexcused one: two sessions missed, one with leave, no case.
  std::vector<v1::DutyRecord> absences = {records[1], records[2]};
  EXPECT_FALSE(MissedSessionsCase("hz", "wang", absences, 2, 1, nullptr, "staff", kNow).has_value());
}

TEST(ScoreDeputyTest, OnlyConfirmedRecordsOfTheYearCount) {
  std::vector<v1::DutyRecord> records = {
      Rec("ok", v1::DUTY_RECORD_TYPE_RESEARCH, D(2025, 1, 1)),
      Rec("pending", v1::DUTY_RECORD_TYPE_RESEARCH, D(2025, 1, 2), v1::ATTENDANCE_UNSPECIFIED,
          v1::DUTY_RECORD_STATE_PENDING),
      Rec("rejected", v1::DUTY_RECORD_TYPE_RESEARCH, D(2025, 1, 3), v1::ATTENDANCE_UNSPECIFIED,
          v1::DUTY_RECORD_STATE_REJECTED),
      Rec("last-year", v1::DUTY_RECORD_TYPE_RESEARCH, D(2024, 12, 31)),
      Rec("unlisted", v1::DUTY_RECORD_TYPE_TRAINING, D(2025, 5, 1)),
  };
  v1::DeputyScore s = ScoreDeputy(Rules(1), "d", 2025, records);
  EXPECT_EQ(s.total(), 10);
  ASSERT_EQ(s.items_size(), 2);
  EXPECT_EQ(s.items(1).record(), "congresses/hz/dutyRecords/unlisted");
  EXPECT_EQ(s.items(1).points(), 0);
  EXPECT_EQ(s.items(1).reason(), "the rules give this type no points");
}

TEST(RankByScoreTest, EqualScoresShareARankAndTheNextSkips) {
  std::vector<v1::RankedDeputy> in;
  for (auto [name, score] : std::vector<std::pair<std::string, int>>{{"c", 8}, {"a", 5}, {"d", 10}, {"b", 8}}) {
    v1::RankedDeputy r;
    r.set_deputy(name);
    r.set_score(score);
    in.push_back(r);
  }
  auto out = RankByScore(in);
  ASSERT_EQ(out.size(), 4u);
  EXPECT_EQ(out[0].deputy(), "d");
  EXPECT_EQ(out[0].rank(), 1);
  EXPECT_EQ(out[1].deputy(), "b");
  EXPECT_EQ(out[1].rank(), 2);
  EXPECT_EQ(out[2].deputy(), "c");
  EXPECT_EQ(out[2].rank(), 2);
  EXPECT_EQ(out[3].deputy(), "a");
  EXPECT_EQ(out[3].rank(), 4);
}

TEST(MissedSessionsTest, TheSecondUnexcusedAbsenceOpensACaseForItsYear) {
  auto first = Rec("x1", v1::DUTY_RECORD_TYPE_SESSION_ATTENDANCE, D(2024, 1, 10), v1::ATTENDANCE_ABSENT);
  auto second = Rec("x2", v1::DUTY_RECORD_TYPE_SESSION_ATTENDANCE, D(2025, 1, 12), v1::ATTENDANCE_ABSENT);
  EXPECT_FALSE(MissedSessionsCase("hz", "wang", {first}, 2, 1, nullptr, "staff", kNow).has_value());
  // The same record twice (the one being written is also in the index) is one absence.
  EXPECT_FALSE(MissedSessionsCase("hz", "wang", {first, first}, 2, 1, nullptr, "staff", kNow).has_value());
  auto c = MissedSessionsCase("hz", "wang", {second, first}, 2, 1, nullptr, "staff", kNow);
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->name(), "congresses/hz/exitCases/wang-absence-2025");
  EXPECT_EQ(c->deputy(), "congresses/hz/deputies/wang");
  EXPECT_EQ(c->ground(), v1::EXIT_GROUND_TWO_SESSIONS_MISSED_WITHOUT_APPROVAL);
  EXPECT_EQ(c->year(), 2025);
  ASSERT_EQ(c->evidence_size(), 2);
  EXPECT_EQ(c->evidence(0), first.name());
  EXPECT_EQ(c->state(), v1::EXIT_CASE_STATE_OPENED);
  EXPECT_EQ(ExitCaseIndexes(*c), (std::vector<std::string>{"exitCases:deputy:wang", "exitCases:state:1", "exitCases"}));
  ASSERT_EQ(c->steps_size(), 1);
  EXPECT_EQ(c->steps(0).actor(), "staff");
  // Evaluated as of a day before the second absence: not yet.
  Date before = D(2024, 12, 31);
  EXPECT_FALSE(MissedSessionsCase("hz", "wang", {first, second}, 2, 1, &before, "staff", kNow).has_value());
  // Rules that want three.
  EXPECT_FALSE(MissedSessionsCase("hz", "wang", {first, second}, 3, 1, nullptr, "staff", kNow).has_value());
  // A pending absence does not count.
  auto pending = Rec("x3", v1::DUTY_RECORD_TYPE_SESSION_ATTENDANCE, D(2025, 2, 1), v1::ATTENDANCE_ABSENT,
                     v1::DUTY_RECORD_STATE_PENDING);
  EXPECT_FALSE(MissedSessionsCase("hz", "wang", {first, pending}, 2, 1, nullptr, "staff", kNow).has_value());
}

TEST(ExitCaseIdTest, OnePerDeputyGroundAndYearAndAlwaysAValidId) {
  EXPECT_EQ(ExitCaseId("wang", v1::EXIT_GROUND_SCORE_BELOW_THRESHOLD, 2025), "wang-score-2025");
  EXPECT_NE(ExitCaseId("wang", v1::EXIT_GROUND_SCORE_BELOW_THRESHOLD, 2025),
            ExitCaseId("wang", v1::EXIT_GROUND_NO_DUTY_RECORD_FOR_MONTHS, 2025));
  const std::string long_id(63, 'a');
  const std::string id = ExitCaseId(long_id, v1::EXIT_GROUND_NO_DUTY_RECORD_FOR_MONTHS, 2025);
  EXPECT_LE(id.size(), 63u);
  EXPECT_TRUE(Validator().Id("id", id, true).ok()) << id;
  EXPECT_EQ(id, ExitCaseId(long_id, v1::EXIT_GROUND_NO_DUTY_RECORD_FOR_MONTHS, 2025));
  EXPECT_NE(id, ExitCaseId(std::string(63, 'b'), v1::EXIT_GROUND_NO_DUTY_RECORD_FOR_MONTHS, 2025));
}

TEST(ExitCaseStateTest, StepsGoInOrderAndAnythingElseIsRefused) {
  v1::ExitCase c = NewExitCase("hz", "wang", v1::EXIT_GROUND_SCORE_BELOW_THRESHOLD, 2025, {}, "low", 1, "staff", kNow);
  EXPECT_EQ(ErrorReason(RecordCaseStatement(c, "x", "wang", kNow).status()), "EXIT_CASE_WRONG_STATE");
  EXPECT_EQ(DecideCase(c, v1::EXIT_DECISION_KEPT, "x", "staff", kNow).status().code(),
            absl::StatusCode::kFailedPrecondition);
  auto notified = NotifyCase(c, "by letter", "staff", kNow);
  ASSERT_TRUE(notified.ok());
  EXPECT_EQ(notified->state(), v1::EXIT_CASE_STATE_DEPUTY_NOTIFIED);
  EXPECT_EQ(NotifyCase(*notified, "again", "staff", kNow).status().code(), absl::StatusCode::kFailedPrecondition);
  // A deputy who does not answer can still be decided on.
  EXPECT_TRUE(DecideCase(*notified, v1::EXIT_DECISION_KEPT, "ok", "staff", kNow).ok());
  auto stated = RecordCaseStatement(*notified, "I was ill", "wang", kNow);
  ASSERT_TRUE(stated.ok());
  auto decided = DecideCase(*stated, v1::EXIT_DECISION_RESIGNATION_ADVISED, "advice", "staff", kNow);
  ASSERT_TRUE(decided.ok());
  EXPECT_EQ(decided->state(), v1::EXIT_CASE_STATE_DECIDED);
  EXPECT_EQ(decided->decision(), v1::EXIT_DECISION_RESIGNATION_ADVISED);
  ASSERT_EQ(decided->steps_size(), 4);
  EXPECT_EQ(decided->steps(2).note(), "I was ill");
  EXPECT_EQ(decided->steps(2).actor(), "wang");
  EXPECT_EQ(DecideCase(*decided, v1::EXIT_DECISION_KEPT, "x", "staff", kNow).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(ExitCaseStateTest, TerminationChangesAServingDeputyOnly) {
  v1::Deputy d;
  d.set_name("congresses/hz/deputies/wang");
  d.set_status(v1::DEPUTY_STATUS_SERVING);
  auto t = TerminateDeputy(d, "congresses/hz/exitCases/wang-absence-2025", "resolution 12", "staff", kNow);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->status(), v1::DEPUTY_STATUS_TERMINATED);
  ASSERT_EQ(t->status_history_size(), 1);
  EXPECT_EQ(t->status_history(0).actor(), "staff");
  EXPECT_NE(t->status_history(0).reason().find("resolution 12"), std::string::npos);
  d.set_status(v1::DEPUTY_STATUS_RESIGNED);
  EXPECT_EQ(ErrorReason(TerminateDeputy(d, "c", "n", "staff", kNow).status()), "DEPUTY_NOT_SERVING");
}

TEST(InactivityTest, WindowIsMonthsBeforeAsOfAndNeedsARegistrationBeforeIt) {
  EXPECT_EQ(DateText(MonthsBefore(D(2024, 8, 31), 6)), "2024-02-29");
  EXPECT_EQ(DateText(MonthsBefore(D(2025, 3, 15), 6)), "2024-09-15");
  v1::ScoringRules rules = Rules(2);
  rules.mutable_exit_thresholds()->set_inactive_months(6);
  auto c = InactivityCase("hz", "wang", D(2024, 1, 1), D(2025, 3, 15), false, rules, "staff", kNow);
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->ground(), v1::EXIT_GROUND_NO_DUTY_RECORD_FOR_MONTHS);
  EXPECT_EQ(c->year(), 2025);
  EXPECT_FALSE(InactivityCase("hz", "wang", D(2024, 1, 1), D(2025, 3, 15), true, rules, "staff", kNow));
  EXPECT_FALSE(InactivityCase("hz", "wang", D(2024, 10, 1), D(2025, 3, 15), false, rules, "staff", kNow));
  rules.mutable_exit_thresholds()->set_inactive_months(0);
  EXPECT_FALSE(InactivityCase("hz", "wang", D(2024, 1, 1), D(2025, 3, 15), false, rules, "staff", kNow));
}

TEST(LowScoreTest, OnlyWhenTheRulesSetAMinimumAndTheScoreIsBelowIt) {
  v1::ScoringRules rules = Rules(3);
  v1::DeputyScore score;
  score.set_year(2025);
  score.set_total(9);
  EXPECT_FALSE(LowScoreCase("hz", "wang", score, rules, "staff", kNow).has_value());
  rules.mutable_exit_thresholds()->set_min_score(9);
  EXPECT_FALSE(LowScoreCase("hz", "wang", score, rules, "staff", kNow).has_value());
  rules.mutable_exit_thresholds()->set_min_score(10);
  auto c = LowScoreCase("hz", "wang", score, rules, "staff", kNow);
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->rules_version(), 3);
  EXPECT_EQ(c->name(), "congresses/hz/exitCases/wang-score-2025");
}

TEST(ScoringRulesTest, ValidationNamesEveryBadField) {
  v1::ScoringRules r = Rules(0);
  Validator ok;
  ValidateScoringRules(r, ok);
  EXPECT_TRUE(ok.ok());
  r.add_type_rules()->set_type(v1::DUTY_RECORD_TYPE_RESEARCH);
  r.mutable_type_rules(0)->set_points(5000);
  r.mutable_exit_thresholds()->set_missed_sessions(11);
  r.set_absence_penalty(-1);
  Validator v;
  ValidateScoringRules(r, v);
  auto fields = FieldViolations(v.status());
  std::set<std::string> names;
  for (const auto& f : fields) names.insert(f.field);
  EXPECT_TRUE(names.count("scoring_rules.type_rules[2].type")) << v.status();
  EXPECT_TRUE(names.count("scoring_rules.type_rules[0].points"));
  EXPECT_TRUE(names.count("scoring_rules.exit_thresholds.missed_sessions"));
  EXPECT_TRUE(names.count("scoring_rules.absence_penalty"));
  EXPECT_EQ(NewScoringRules(Rules(0), "hz", 7, "admin", kNow).name(), "congresses/hz/scoringRules/000007");
  EXPECT_EQ(NewScoringRules(Rules(0), "hz", 7, "admin", kNow).exit_thresholds().missed_sessions(), 2);
}

TEST(AnnualReportTest, GroupsConfirmedRecordsAndCountsSessions) {
  v1::Deputy d;
  d.set_name("congresses/hz/deputies/wang");
  d.set_liaison_station("xihu-1");
  std::vector<v1::DutyRecord> records = {
      Rec("s1", v1::DUTY_RECORD_TYPE_SESSION_ATTENDANCE, D(2025, 1, 10), v1::ATTENDANCE_PRESENT),
      Rec("s2", v1::DUTY_RECORD_TYPE_SESSION_ATTENDANCE, D(2025, 6, 10), v1::ATTENDANCE_EXCUSED),
      Rec("g1", v1::DUTY_RECORD_TYPE_SUGGESTION_FILED, D(2025, 1, 11)),
      Rec("b1", v1::DUTY_RECORD_TYPE_BILL_FILED, D(2025, 1, 12)),
      Rec("v1", v1::DUTY_RECORD_TYPE_CONTACT_VISIT_RECEIVED, D(2025, 4, 1)),
      Rec("r1", v1::DUTY_RECORD_TYPE_STATION_RECEPTION, D(2025, 5, 1)),
      Rec("p1", v1::DUTY_RECORD_TYPE_RESEARCH, D(2025, 5, 2), v1::ATTENDANCE_UNSPECIFIED,
          v1::DUTY_RECORD_STATE_PENDING),
  };
  v1::AnnualDutyReport r = BuildAnnualReport(d, 2025, records, nullptr);
  EXPECT_EQ(r.liaison_station(), "xihu-1");
  EXPECT_EQ(r.sessions().present(), 1);
  EXPECT_EQ(r.sessions().excused(), 1);
  EXPECT_EQ(r.sessions().absent(), 0);
  EXPECT_EQ(r.suggestions_size(), 1);
  EXPECT_EQ(r.bills_size(), 1);
  EXPECT_EQ(r.contact_visits_size(), 1);
  EXPECT_EQ(r.station_receptions_size(), 1);
  EXPECT_EQ(r.pending_records(), 1);
  EXPECT_FALSE(r.has_score());
  ASSERT_EQ(r.records_by_type_size(), 5);
  EXPECT_EQ(r.records_by_type(0).type(), v1::DUTY_RECORD_TYPE_SESSION_ATTENDANCE);
  EXPECT_EQ(r.records_by_type(0).count(), 2);
}

TEST(DutyRecordRulesTest, FutureDatesAndMissingAttendanceAreRefused) {
  v1::DutyRecord r = Rec("x", v1::DUTY_RECORD_TYPE_SESSION_ATTENDANCE, D(2026, 3, 2));
  Validator v;
  EXPECT_EQ(ValidateNewDutyRecord("hz", r, D(2026, 3, 1), v), "wang");
  std::set<std::string> names;
  for (const auto& f : FieldViolations(v.status())) names.insert(f.field);
  EXPECT_TRUE(names.count("duty_record.date"));
  EXPECT_TRUE(names.count("duty_record.attendance"));
  Validator other;
  EXPECT_EQ(ValidateNewDutyRecord("sh", r, D(2026, 3, 5), other), "");
  EXPECT_FALSE(other.ok());
  EXPECT_NE(DutySourceKey("", "a", "r1", "n"), DutySourceKey("", "b", "r1", "n"));
  EXPECT_NE(DutySourceKey("r1", "a", "", "n"), DutySourceKey("", "a", "r1", "n"));
}

TEST(AccessTest, EveryRpcOfBothServicesHasAnAccessEntry) {
  const std::vector<std::pair<std::string, const AccessTable*>> services = {
      {"renda.representatives.v1.DutyRecordService", &DutyRecordAccess()},
      {"renda.representatives.v1.EvaluationService", &EvaluationAccess()},
  };
  for (const auto& [name, table] : services) {
    const auto* service = google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(name);
    ASSERT_NE(service, nullptr) << name;
    EXPECT_EQ(table->size(), static_cast<size_t>(service->method_count())) << name;
    for (int i = 0; i < service->method_count(); ++i) {
      auto it = table->find(service->method(i)->name());
      ASSERT_NE(it, table->end()) << service->method(i)->full_name();
      EXPECT_FALSE(it->second.Has(Role::kAnonymous)) << service->method(i)->full_name();
      EXPECT_FALSE(it->second.Has(Role::kCitizen) && service->method(i)->name() != "GetScoringRules")
          << service->method(i)->full_name();
    }
  }
}

}  // namespace
}  // namespace renda::representatives
