// Evaluation, exit cases and the annual report end to end: a real Redis, the representatives
// services on port 0 with a hand-moved clock, real gRPC.
#include <gtest/gtest.h>

#include <functional>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "google/protobuf/util/message_differencer.h"
#include "renda/representatives/v1/duty.grpc.pb.h"
#include "renda/representatives/v1/evaluation.grpc.pb.h"
#include "renda/representatives/v1/representatives.grpc.pb.h"
#include "services/common/auth.h"
#include "services/representatives/deputy_logic.h"
#include "services/representatives/duty_service.h"
#include "services/representatives/evaluation_service.h"
#include "services/representatives/representatives_service.h"
#include "tests/support/representatives_fixture.h"

namespace renda {
namespace {

using namespace representatives::v1;  // NOLINT: test brevity
using google::protobuf::util::MessageDifferencer;
using testing::ContextWith;
using testing::Day;
using testing::DeputyName;
using testing::TokenFor;
using Code = grpc::StatusCode;

ServiceFactory Services() {
  return testing::ServicesOf<representatives::RepresentativesService, representatives::DutyRecordService,
                             representatives::EvaluationService>();
}

absl::Time At(int y, int m, int d) { return absl::FromCivil(absl::CivilSecond(y, m, d, 2, 0, 0), absl::UTCTimeZone()); }

class EvaluationTest : public testing::RepresentativesFixture {
 protected:
  EvaluationTest() : RepresentativesFixture(At(2025, 1, 5)) {}

  void SetUp() override {
    // Deputies are registered early in 2025; the tests then run in January 2026 and look back.
    clock_.Set(At(2025, 1, 5));
    StartServices(Services());
    duty_ = DutyRecordService::NewStub(channel_);
    eval_ = EvaluationService::NewStub(channel_);
    for (const auto& [id, delegation] : std::vector<std::pair<std::string, std::string>>{
             {"wang", "hz-xihu"}, {"li", "hz-xihu"}, {"zhao", "hz-xihu"}, {"chen", "hz-gongshu"}}) {
      CreateDeputyRequest req;
      req.set_parent("congresses/hz");
      req.set_deputy_id(id);
      req.mutable_deputy()->set_display_name("代表" + id);
      req.mutable_deputy()->set_term(14);
      req.mutable_deputy()->set_electoral_unit("西湖区");
      req.mutable_deputy()->set_delegation(delegation);
      if (id == "wang") {
        req.mutable_deputy()->set_liaison_station("xihu-1");
        req.mutable_deputy()->set_phone("13800000000");
      }
      CreateDeputyResponse resp;
      grpc::Status s = deputies_->CreateDeputy(ContextWith(staff_).get(), req, &resp);
      ASSERT_TRUE(s.ok()) << s.error_message();
    }
    clock_.Set(At(2026, 1, 10));
  }

  DutyRecord Record(const std::string& deputy, DutyRecordType type, renda::type::v1::Date date,
                    Attendance attendance = ATTENDANCE_UNSPECIFIED) {
    DutyRecord r;
    r.set_deputy(DeputyName(deputy));
    r.set_type(type);
    *r.mutable_date() = date;
    r.set_title(absl::StrCat(DutyRecordType_Name(type), " ", date.month(), "-", date.day()));
    r.set_attendance(attendance);
    return r;
  }

  std::string Add(const DutyRecord& r, const std::string& token = "") {
    CreateDutyRecordRequest req;
    req.set_parent("congresses/hz");
    *req.mutable_duty_record() = r;
    CreateDutyRecordResponse resp;
    grpc::Status s = duty_->CreateDutyRecord(ContextWith(token.empty() ? staff_ : token).get(), req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return resp.duty_record().name();
  }

  std::string Absent(const std::string& deputy, renda::type::v1::Date date, Attendance a = ATTENDANCE_ABSENT,
                     const std::string& token = "") {
    return Add(Record(deputy, DUTY_RECORD_TYPE_SESSION_ATTENDANCE, date, a), token);
  }

  void Confirm(const std::string& name) {
    ConfirmDutyRecordRequest req;
    req.set_name(name);
    ConfirmDutyRecordResponse resp;
    grpc::Status s = duty_->ConfirmDutyRecord(ContextWith(staff_).get(), req, &resp);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  ScoringRules CreateRules(const ScoringRules& rules) {
    CreateScoringRulesRequest req;
    req.set_parent("congresses/hz");
    *req.mutable_scoring_rules() = rules;
    CreateScoringRulesResponse resp;
    grpc::Status s = eval_->CreateScoringRules(ContextWith(TokenFor(Role::kAdmin)).get(), req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return resp.scoring_rules();
  }

  static ScoringRules Rules(int research_points, int research_cap, int penalty) {
    ScoringRules r;
    r.set_description("test rules");
    auto* research = r.add_type_rules();
    research->set_type(DUTY_RECORD_TYPE_RESEARCH);
    research->set_points(research_points);
    research->set_yearly_cap(research_cap);
    auto* session = r.add_type_rules();
    session->set_type(DUTY_RECORD_TYPE_SESSION_ATTENDANCE);
    session->set_points(5);
    r.set_absence_penalty(penalty);
    return r;
  }

  grpc::Status Score(const std::string& deputy, int year, int version, DeputyScore* out,
                     const std::string& token = "") {
    GetDeputyScoreRequest req;
    req.set_deputy(DeputyName(deputy));
    req.set_year(year);
    req.set_rules_version(version);
    GetDeputyScoreResponse resp;
    grpc::Status s = eval_->GetDeputyScore(ContextWith(token.empty() ? staff_ : token).get(), req, &resp);
    *out = resp.score();
    return s;
  }

  std::vector<ExitCase> Cases(const std::string& deputy = "") {
    ListExitCasesRequest req;
    req.set_parent("congresses/hz");
    if (!deputy.empty()) req.set_deputy(DeputyName(deputy));
    ListExitCasesResponse resp;
    grpc::Status s = eval_->ListExitCases(ContextWith(staff_).get(), req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return {resp.exit_cases().begin(), resp.exit_cases().end()};
  }

  // Every case EvaluateExitRules opens over all pages, and the deputies it checked.
  std::set<std::string> Evaluate(int year, int page_size, int* checked = nullptr) {
    EvaluateExitRulesRequest req;
    req.set_parent("congresses/hz");
    req.set_year(year);
    req.set_page_size(page_size);
    std::set<std::string> opened;
    int total = 0;
    for (int pages = 0; pages < 20; ++pages) {
      EvaluateExitRulesResponse resp;
      grpc::Status s = eval_->EvaluateExitRules(ContextWith(staff_).get(), req, &resp);
      EXPECT_TRUE(s.ok()) << s.error_message();
      if (!s.ok()) break;
      for (const auto& c : resp.opened()) opened.insert(c.name().substr(std::string("congresses/hz/exitCases/").size()));
      total += resp.deputies_checked();
      if (resp.next_page_token().empty()) break;
      req.set_page_token(resp.next_page_token());
    }
    if (checked) *checked = total;
    return opened;
  }

  Deputy GetDeputy(const std::string& id) {
    GetDeputyRequest req;
    req.set_name(DeputyName(id));
    GetDeputyResponse resp;
    EXPECT_TRUE(deputies_->GetDeputy(ContextWith(staff_).get(), req, &resp).ok());
    return resp.deputy();
  }

  const std::string staff_ = TokenFor(Role::kStaff);
  std::unique_ptr<DutyRecordService::Stub> duty_;
  std::unique_ptr<EvaluationService::Stub> eval_;
};

TEST_F(EvaluationTest, ScoresApplyCapsAndPenaltiesAndAnOldRulesVersionReproducesItsScore) {
  DeputyScore score;
  grpc::Status s = Score("wang", 2025, 0, &score);
  EXPECT_EQ(s.error_code(), Code::NOT_FOUND) << "no rules yet";

  ScoringRules v1 = CreateRules(Rules(10, 20, 3));
  EXPECT_EQ(v1.version(), 1);
  EXPECT_EQ(v1.name(), "congresses/hz/scoringRules/000001");
  EXPECT_EQ(v1.exit_thresholds().missed_sessions(), 2);

  Add(Record("wang", DUTY_RECORD_TYPE_RESEARCH, Day(2025, 3, 1)));
  Add(Record("wang", DUTY_RECORD_TYPE_RESEARCH, Day(2025, 4, 1)));
  const std::string third = Add(Record("wang", DUTY_RECORD_TYPE_RESEARCH, Day(2025, 5, 1)));
  Absent("wang", Day(2025, 1, 10), ATTENDANCE_PRESENT);
  Absent("wang", Day(2025, 6, 10), ATTENDANCE_EXCUSED);
  const std::string missed = Absent("wang", Day(2025, 9, 10), ATTENDANCE_ABSENT);
  Add(Record("wang", DUTY_RECORD_TYPE_RESEARCH, Day(2025, 7, 1)), testing::DeputyTokenFor("wang"));  // pending: no points
  Add(Record("wang", DUTY_RECORD_TYPE_RESEARCH, Day(2024, 7, 1)));                        // another year

  DeputyScore first;
  ASSERT_TRUE(Score("wang", 2025, 0, &first).ok());
  EXPECT_EQ(first.rules_version(), 1);
  EXPECT_EQ(first.total(), 20 + 5 + 0 - 3);
  ASSERT_EQ(first.items_size(), 6) << first.DebugString();
  std::map<std::string, ScoreItem> items;
  for (const auto& i : first.items()) items[i.record()] = i;
  EXPECT_EQ(items[third].points(), 0);
  EXPECT_TRUE(items[third].capped());
  EXPECT_EQ(items[missed].points(), -3);
  EXPECT_FALSE(items[missed].capped());

  // A new version changes today's score; version 1 still gives exactly the old one.
  ScoringRules v2 = CreateRules(Rules(4, 0, 10));
  EXPECT_EQ(v2.version(), 2);
  DeputyScore latest;
  ASSERT_TRUE(Score("wang", 2025, 0, &latest).ok());
  EXPECT_EQ(latest.rules_version(), 2);
  EXPECT_EQ(latest.total(), 12 + 5 + 0 - 10);
  DeputyScore again;
  ASSERT_TRUE(Score("wang", 2025, 1, &again).ok());
  EXPECT_TRUE(MessageDifferencer::Equals(first, again)) << again.DebugString();

  GetScoringRulesRequest get;
  get.set_parent("congresses/hz");
  GetScoringRulesResponse rules;
  ASSERT_TRUE(eval_->GetScoringRules(ContextWith(testing::DeputyTokenFor("li")).get(), get, &rules).ok());
  EXPECT_EQ(rules.scoring_rules().version(), 2);
  get.set_version(1);
  ASSERT_TRUE(eval_->GetScoringRules(ContextWith(staff_).get(), get, &rules).ok());
  EXPECT_EQ(rules.scoring_rules().type_rules(0).points(), 10) << "old versions are kept unchanged";
  get.set_version(3);
  EXPECT_EQ(eval_->GetScoringRules(ContextWith(staff_).get(), get, &rules).error_code(), Code::NOT_FOUND);

  // A deputy reads their own score only.
  EXPECT_TRUE(Score("wang", 2025, 0, &score, testing::DeputyTokenFor("wang")).ok());
  EXPECT_EQ(Score("wang", 2025, 0, &score, testing::DeputyTokenFor("li")).error_code(), Code::PERMISSION_DENIED);
  // No records: zero for a deputy, NOT_FOUND for nobody.
  ASSERT_TRUE(Score("chen", 2025, 0, &score).ok());
  EXPECT_EQ(score.total(), 0);
  EXPECT_EQ(Score("nobody", 2025, 0, &score).error_code(), Code::NOT_FOUND);
}

TEST_F(EvaluationTest, RankingSharesRanksBetweenEqualScores) {
  CreateRules(Rules(10, 0, 3));
  for (const std::string id : {"wang", "li"}) {
    Add(Record(id, DUTY_RECORD_TYPE_RESEARCH, Day(2025, 3, 1)));
    Add(Record(id, DUTY_RECORD_TYPE_RESEARCH, Day(2025, 4, 1)));
  }
  Add(Record("zhao", DUTY_RECORD_TYPE_RESEARCH, Day(2025, 3, 1)));
  for (int m = 1; m <= 3; ++m) Add(Record("chen", DUTY_RECORD_TYPE_RESEARCH, Day(2025, m, 2)));

  RankDeputiesRequest req;
  req.set_parent("congresses/hz");
  req.set_year(2025);
  req.set_delegation("hz-xihu");
  RankDeputiesResponse resp;
  grpc::Status s = eval_->RankDeputies(ContextWith(TokenFor(Role::kLeader)).get(), req, &resp);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(resp.rules_version(), 1);
  ASSERT_EQ(resp.deputies_size(), 3);
  EXPECT_EQ(resp.deputies(0).deputy(), DeputyName("li"));
  EXPECT_EQ(resp.deputies(0).rank(), 1);
  EXPECT_EQ(resp.deputies(1).deputy(), DeputyName("wang"));
  EXPECT_EQ(resp.deputies(1).rank(), 1);
  EXPECT_EQ(resp.deputies(1).score(), 20);
  EXPECT_EQ(resp.deputies(2).deputy(), DeputyName("zhao"));
  EXPECT_EQ(resp.deputies(2).rank(), 3);

  req.clear_delegation();
  req.set_term(14);
  ASSERT_TRUE(eval_->RankDeputies(ContextWith(staff_).get(), req, &resp).ok());
  ASSERT_EQ(resp.deputies_size(), 4);
  EXPECT_EQ(resp.deputies(0).deputy(), DeputyName("chen"));
  EXPECT_EQ(resp.deputies(0).score(), 30);
}

TEST_F(EvaluationTest, TwoUnexcusedAbsencesOpenACaseInTheSameWriteAndExcusedOnesDoNot) {
  // wang: two sessions missed without approval, over two years.
  const std::string a1 = Absent("wang", Day(2024, 3, 5));
  EXPECT_TRUE(Cases("wang").empty());
  const std::string a2 = Absent("wang", Day(2025, 3, 5));
  auto cases = Cases("wang");
  ASSERT_EQ(cases.size(), 1u);
  EXPECT_EQ(cases[0].name(), "congresses/hz/exitCases/wang-absence-2025");
  EXPECT_EQ(cases[0].ground(), EXIT_GROUND_TWO_SESSIONS_MISSED_WITHOUT_APPROVAL);
  EXPECT_EQ(cases[0].state(), EXIT_CASE_STATE_OPENED);
  ASSERT_EQ(cases[0].evidence_size(), 2);
  EXPECT_EQ(cases[0].evidence(0), a1);
  EXPECT_EQ(cases[0].evidence(1), a2);
  EXPECT_EQ(cases[0].rules_version(), 0) << "no rules yet: the law's two sessions";

  // li: one absent, one excused: no case.
  Absent("li", Day(2024, 3, 5), ATTENDANCE_EXCUSED);
  Absent("li", Day(2025, 3, 5), ATTENDANCE_ABSENT);
  EXPECT_TRUE(Cases("li").empty());

  // zhao reports two absences; they count once staff confirm them, and the second confirmation
  // opens the case.
  const std::string z1 = Absent("zhao", Day(2024, 3, 5), ATTENDANCE_ABSENT, testing::DeputyTokenFor("zhao"));
  const std::string z2 = Absent("zhao", Day(2025, 3, 5), ATTENDANCE_ABSENT, testing::DeputyTokenFor("zhao"));
  EXPECT_TRUE(Cases("zhao").empty());
  Confirm(z1);
  EXPECT_TRUE(Cases("zhao").empty());
  Confirm(z2);
  ASSERT_EQ(Cases("zhao").size(), 1u);

  // A third absence opens nothing new for the same year; the rules run finds nothing new either.
  const int64_t before = FeedLength();
  Absent("wang", Day(2025, 11, 5));
  EXPECT_EQ(FeedLength(), before + 1) << "only the record was written";
  EXPECT_EQ(Cases().size(), 2u);
  ScoringRules rules;
  rules.mutable_exit_thresholds()->set_missed_sessions(2);
  CreateRules(rules);
  EXPECT_TRUE(Evaluate(2025, 50).empty());
}

TEST_F(EvaluationTest, ExitCaseRunsToTerminationAndTheDeputyGetsNoMoreRecords) {
  Absent("wang", Day(2024, 3, 5));
  Absent("wang", Day(2025, 3, 5));
  const std::string name = "congresses/hz/exitCases/wang-absence-2025";

  DecideExitCaseRequest decide;
  decide.set_name(name);
  decide.set_decision(EXIT_DECISION_TERMINATED);
  decide.set_note("常委会第12次会议决定：代表资格终止");
  DecideExitCaseResponse decided;
  EXPECT_EQ(eval_->DecideExitCase(ContextWith(staff_).get(), decide, &decided).error_code(), Code::FAILED_PRECONDITION)
      << "the deputy must be told first";
  RecordStatementRequest statement;
  statement.set_name(name);
  statement.set_statement("两次缺席均因出差，未及时请假");
  RecordStatementResponse stated;
  EXPECT_EQ(eval_->RecordStatement(ContextWith(testing::DeputyTokenFor("wang")).get(), statement, &stated).error_code(),
            Code::FAILED_PRECONDITION);

  NotifyDeputyRequest notify;
  notify.set_name(name);
  notify.set_note("书面通知，2026-01-10 送达");
  NotifyDeputyResponse notified;
  ASSERT_TRUE(eval_->NotifyDeputy(ContextWith(staff_).get(), notify, &notified).ok());
  EXPECT_EQ(notified.exit_case().state(), EXIT_CASE_STATE_DEPUTY_NOTIFIED);
  EXPECT_EQ(eval_->NotifyDeputy(ContextWith(staff_).get(), notify, &notified).error_code(), Code::FAILED_PRECONDITION);

  // Only the deputy of the case (or staff) answers it; a deputy reads only their own case.
  EXPECT_EQ(eval_->RecordStatement(ContextWith(testing::DeputyTokenFor("li")).get(), statement, &stated).error_code(),
            Code::PERMISSION_DENIED);
  GetExitCaseRequest get;
  get.set_name(name);
  GetExitCaseResponse got;
  EXPECT_EQ(eval_->GetExitCase(ContextWith(testing::DeputyTokenFor("li")).get(), get, &got).error_code(), Code::PERMISSION_DENIED);
  ASSERT_TRUE(eval_->RecordStatement(ContextWith(testing::DeputyTokenFor("wang")).get(), statement, &stated).ok());
  EXPECT_EQ(stated.exit_case().state(), EXIT_CASE_STATE_STATEMENT_RECEIVED);
  ASSERT_TRUE(eval_->GetExitCase(ContextWith(testing::DeputyTokenFor("wang")).get(), get, &got).ok());
  EXPECT_EQ(got.exit_case().steps(2).actor(), "user-wang");

  grpc::Status s = eval_->DecideExitCase(ContextWith(staff_).get(), decide, &decided);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(decided.exit_case().state(), EXIT_CASE_STATE_DECIDED);
  EXPECT_EQ(decided.exit_case().decision(), EXIT_DECISION_TERMINATED);
  ASSERT_EQ(decided.exit_case().steps_size(), 4);

  Deputy wang = GetDeputy("wang");
  EXPECT_EQ(wang.status(), DEPUTY_STATUS_TERMINATED);
  ASSERT_GE(wang.status_history_size(), 2);
  EXPECT_EQ(wang.status_history(wang.status_history_size() - 1).status(), DEPUTY_STATUS_TERMINATED);
  EXPECT_NE(wang.status_history(wang.status_history_size() - 1).reason().find(name), std::string::npos);
  // The deputy's indexes followed: listed among the terminated, no longer among the serving.
  ListDeputiesRequest list;
  list.set_parent("congresses/hz");
  list.set_status(DEPUTY_STATUS_TERMINATED);
  ListDeputiesResponse page;
  ASSERT_TRUE(deputies_->ListDeputies(ContextWith(staff_).get(), list, &page).ok());
  ASSERT_EQ(page.deputies_size(), 1);
  EXPECT_EQ(page.deputies(0).name(), DeputyName("wang"));

  const int64_t feed = FeedLength();
  EXPECT_EQ(eval_->DecideExitCase(ContextWith(staff_).get(), decide, &decided).error_code(), Code::FAILED_PRECONDITION);
  CreateDutyRecordRequest create;
  create.set_parent("congresses/hz");
  *create.mutable_duty_record() = Record("wang", DUTY_RECORD_TYPE_RESEARCH, Day(2026, 1, 8));
  CreateDutyRecordResponse created;
  EXPECT_EQ(duty_->CreateDutyRecord(ContextWith(staff_).get(), create, &created).error_code(),
            Code::FAILED_PRECONDITION);
  EXPECT_EQ(FeedLength(), feed);
}

TEST_F(EvaluationTest, ExitRulesRunPagedOverServingDeputiesAndOpenEachCaseOnce) {
  ScoringRules rules = Rules(10, 0, 3);
  rules.mutable_exit_thresholds()->set_min_score(10);
  rules.mutable_exit_thresholds()->set_inactive_months(6);
  CreateRules(rules);
  Add(Record("wang", DUTY_RECORD_TYPE_RESEARCH, Day(2025, 10, 1)));  // fine
  Add(Record("li", DUTY_RECORD_TYPE_TRAINING, Day(2025, 11, 1)));    // active, but scores 0
  Add(Record("zhao", DUTY_RECORD_TYPE_RESEARCH, Day(2025, 2, 1)));   // scores 10, idle since
  // chen: nothing at all. sun: nothing, but resigned, so not checked.
  {
    CreateDeputyRequest req;
    req.set_parent("congresses/hz");
    req.set_deputy_id("sun");
    req.mutable_deputy()->set_display_name("代表sun");
    req.mutable_deputy()->set_term(14);
    req.mutable_deputy()->set_electoral_unit("西湖区");
    CreateDeputyResponse resp;
    clock_.Set(At(2025, 1, 5));
    ASSERT_TRUE(deputies_->CreateDeputy(ContextWith(staff_).get(), req, &resp).ok());
    clock_.Set(At(2026, 1, 10));
    ChangeDeputyStatusRequest change;
    change.set_name(DeputyName("sun"));
    change.set_status(DEPUTY_STATUS_RESIGNED);
    *change.mutable_effective_date() = Day(2026, 1, 9);
    change.set_reason("辞职");
    ChangeDeputyStatusResponse changed;
    grpc::Status s = deputies_->ChangeDeputyStatus(ContextWith(staff_).get(), change, &changed);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  int checked = 0;
  EXPECT_EQ(Evaluate(2025, 2, &checked),
            (std::set<std::string>{"li-score-2025", "zhao-inactive-2025", "chen-score-2025", "chen-inactive-2025"}));
  EXPECT_EQ(checked, 4);
  const int64_t feed = FeedLength();
  EXPECT_TRUE(Evaluate(2025, 50).empty()) << "each case opens once";
  EXPECT_EQ(FeedLength(), feed);

  ListExitCasesRequest list;
  list.set_parent("congresses/hz");
  list.set_state(EXIT_CASE_STATE_OPENED);
  ListExitCasesResponse page;
  ASSERT_TRUE(eval_->ListExitCases(ContextWith(TokenFor(Role::kLeader)).get(), list, &page).ok());
  EXPECT_EQ(page.exit_cases_size(), 4);
  list.set_deputy(DeputyName("chen"));
  ASSERT_TRUE(eval_->ListExitCases(ContextWith(testing::DeputyTokenFor("chen")).get(), list, &page).ok());
  EXPECT_EQ(page.exit_cases_size(), 2);
}

TEST_F(EvaluationTest, AnnualReportHoldsTheYearsRecordsScoreAndPublicProfile) {
  CreateRules(Rules(10, 0, 3));
  Add(Record("wang", DUTY_RECORD_TYPE_SUGGESTION_FILED, Day(2025, 1, 12)));
  Add(Record("wang", DUTY_RECORD_TYPE_BILL_FILED, Day(2025, 1, 13)));
  Add(Record("wang", DUTY_RECORD_TYPE_CONTACT_VISIT_RECEIVED, Day(2025, 4, 2)));
  Add(Record("wang", DUTY_RECORD_TYPE_STATION_RECEPTION, Day(2025, 5, 3)));
  Add(Record("wang", DUTY_RECORD_TYPE_STATION_RECEPTION, Day(2025, 8, 3)));
  Absent("wang", Day(2025, 1, 10), ATTENDANCE_PRESENT);
  Add(Record("wang", DUTY_RECORD_TYPE_RESEARCH, Day(2025, 3, 1)));
  Add(Record("wang", DUTY_RECORD_TYPE_RESEARCH, Day(2025, 9, 1)), testing::DeputyTokenFor("wang"));  // pending
  Add(Record("wang", DUTY_RECORD_TYPE_RESEARCH, Day(2024, 9, 1)));                        // last year

  GetAnnualDutyReportRequest req;
  req.set_deputy(DeputyName("wang"));
  req.set_year(2025);
  GetAnnualDutyReportResponse resp;
  grpc::Status s = eval_->GetAnnualDutyReport(ContextWith(TokenFor(Role::kService)).get(), req, &resp);
  ASSERT_TRUE(s.ok()) << s.error_message();
  const AnnualDutyReport& r = resp.report();
  EXPECT_EQ(r.deputy().display_name(), "代表wang");
  EXPECT_EQ(r.deputy().phone(), "") << "the report carries the public profile only";
  EXPECT_EQ(r.year(), 2025);
  EXPECT_EQ(r.liaison_station(), "xihu-1");
  EXPECT_EQ(r.suggestions_size(), 1);
  EXPECT_EQ(r.bills_size(), 1);
  EXPECT_EQ(r.contact_visits_size(), 1);
  EXPECT_EQ(r.station_receptions_size(), 2);
  EXPECT_EQ(r.sessions().present(), 1);
  EXPECT_EQ(r.pending_records(), 1);
  int counted = 0;
  for (const auto& group : r.records_by_type()) {
    EXPECT_EQ(group.count(), group.records_size());
    counted += group.count();
  }
  EXPECT_EQ(counted, 7);
  EXPECT_EQ(r.score().total(), 10 + 5);
  EXPECT_EQ(r.score().items_size(), 7);

  EXPECT_TRUE(eval_->GetAnnualDutyReport(ContextWith(testing::DeputyTokenFor("wang")).get(), req, &resp).ok());
  EXPECT_EQ(eval_->GetAnnualDutyReport(ContextWith(testing::DeputyTokenFor("li")).get(), req, &resp).error_code(),
            Code::PERMISSION_DENIED);
  req.set_deputy(DeputyName("nobody"));
  EXPECT_EQ(eval_->GetAnnualDutyReport(ContextWith(staff_).get(), req, &resp).error_code(), Code::NOT_FOUND);
}

// Every refusal, per RPC: its code, and nothing written.
TEST_F(EvaluationTest, BadInputAndWrongRolesAreRefusedAndWriteNothing) {
  CreateRules(Rules(10, 0, 3));
  Absent("wang", Day(2024, 3, 5));
  Absent("wang", Day(2025, 3, 5));
  const std::string case_name = "congresses/hz/exitCases/wang-absence-2025";
  const int64_t feed = FeedLength();
  const std::string admin = TokenFor(Role::kAdmin);
  const std::string other_congress = TokenFor(Role::kStaff, "sh");

  using Row = testing::RefusedCall;
  auto create_rules = [&](std::function<void(ScoringRules&)> mutate, std::string token) {
    return [=, this] {
      CreateScoringRulesRequest req;
      req.set_parent("congresses/hz");
      *req.mutable_scoring_rules() = Rules(10, 0, 3);
      mutate(*req.mutable_scoring_rules());
      CreateScoringRulesResponse resp;
      return eval_->CreateScoringRules(ContextWith(token).get(), req, &resp);
    };
  };
  auto score = [&](std::string deputy, int year, int version, std::string token) {
    return [=, this] {
      GetDeputyScoreRequest req;
      req.set_deputy(deputy);
      req.set_year(year);
      req.set_rules_version(version);
      GetDeputyScoreResponse resp;
      return eval_->GetDeputyScore(ContextWith(token).get(), req, &resp);
    };
  };
  auto rank = [&](std::string delegation, int term, std::string token) {
    return [=, this] {
      RankDeputiesRequest req;
      req.set_parent("congresses/hz");
      req.set_year(2025);
      req.set_delegation(delegation);
      req.set_term(term);
      RankDeputiesResponse resp;
      return eval_->RankDeputies(ContextWith(token).get(), req, &resp);
    };
  };
  auto evaluate = [&](std::function<void(EvaluateExitRulesRequest&)> mutate, std::string token) {
    return [=, this] {
      EvaluateExitRulesRequest req;
      req.set_parent("congresses/hz");
      req.set_year(2025);
      mutate(req);
      EvaluateExitRulesResponse resp;
      return eval_->EvaluateExitRules(ContextWith(token).get(), req, &resp);
    };
  };
  auto notify = [&](std::string name, std::string note, std::string token) {
    return [=, this] {
      NotifyDeputyRequest req;
      req.set_name(name);
      req.set_note(note);
      NotifyDeputyResponse resp;
      return eval_->NotifyDeputy(ContextWith(token).get(), req, &resp);
    };
  };
  auto state = [&](std::string name, std::string text, std::string token) {
    return [=, this] {
      RecordStatementRequest req;
      req.set_name(name);
      req.set_statement(text);
      RecordStatementResponse resp;
      return eval_->RecordStatement(ContextWith(token).get(), req, &resp);
    };
  };
  auto decide = [&](std::string name, ExitDecision d, std::string note, std::string token) {
    return [=, this] {
      DecideExitCaseRequest req;
      req.set_name(name);
      req.set_decision(d);
      req.set_note(note);
      DecideExitCaseResponse resp;
      return eval_->DecideExitCase(ContextWith(token).get(), req, &resp);
    };
  };
  auto report = [&](std::string deputy, int year, std::string token) {
    return [=, this] {
      GetAnnualDutyReportRequest req;
      req.set_deputy(deputy);
      req.set_year(year);
      GetAnnualDutyReportResponse resp;
      return eval_->GetAnnualDutyReport(ContextWith(token).get(), req, &resp);
    };
  };
  auto get_case = [&](std::string name, std::string token) {
    return [=, this] {
      GetExitCaseRequest req;
      req.set_name(name);
      GetExitCaseResponse resp;
      return eval_->GetExitCase(ContextWith(token).get(), req, &resp);
    };
  };
  auto list_cases = [&](std::string deputy, int page_size, std::string token) {
    return [=, this] {
      ListExitCasesRequest req;
      req.set_parent("congresses/hz");
      req.set_deputy(deputy);
      req.set_page_size(page_size);
      ListExitCasesResponse resp;
      return eval_->ListExitCases(ContextWith(token).get(), req, &resp);
    };
  };
  auto get_rules = [&](std::string parent, int version, std::string token) {
    return [=, this] {
      GetScoringRulesRequest req;
      req.set_parent(parent);
      req.set_version(version);
      GetScoringRulesResponse resp;
      return eval_->GetScoringRules(ContextWith(token).get(), req, &resp);
    };
  };
  const std::string wang = DeputyName("wang");
  const std::vector<Row> rows = {
      {"rules: a type twice", create_rules([](auto& r) { *r.add_type_rules() = r.type_rules(0); }, admin),
       Code::INVALID_ARGUMENT},
      {"rules: points out of range", create_rules([](auto& r) { r.mutable_type_rules(0)->set_points(-1); }, admin),
       Code::INVALID_ARGUMENT},
      {"rules: type unset", create_rules([](auto& r) { r.mutable_type_rules(0)->clear_type(); }, admin),
       Code::INVALID_ARGUMENT},
      {"rules: 11 missed sessions",
       create_rules([](auto& r) { r.mutable_exit_thresholds()->set_missed_sessions(11); }, admin),
       Code::INVALID_ARGUMENT},
      {"rules: deputy", create_rules([](auto&) {}, testing::DeputyTokenFor("wang")), Code::PERMISSION_DENIED},
      {"rules: leader", create_rules([](auto&) {}, TokenFor(Role::kLeader)), Code::PERMISSION_DENIED},
      {"rules: other congress", create_rules([](auto&) {}, other_congress), Code::PERMISSION_DENIED},
      {"get rules: bad parent", get_rules("hz", 0, staff_), Code::INVALID_ARGUMENT},
      {"get rules: negative version", get_rules("congresses/hz", -1, staff_), Code::INVALID_ARGUMENT},
      {"get rules: anonymous", get_rules("congresses/hz", 0, ""), Code::UNAUTHENTICATED},
      {"score: no year", score(wang, 0, 0, staff_), Code::INVALID_ARGUMENT},
      {"score: bad deputy", score("wang", 2025, 0, staff_), Code::INVALID_ARGUMENT},
      {"score: unknown version", score(wang, 2025, 9, staff_), Code::NOT_FOUND},
      {"score: citizen", score(wang, 2025, 0, TokenFor(Role::kCitizen)), Code::PERMISSION_DENIED},
      {"score: handling unit", score(wang, 2025, 0, TokenFor(Role::kHandlingUnit)), Code::PERMISSION_DENIED},
      {"rank: no filter", rank("", 0, staff_), Code::INVALID_ARGUMENT},
      {"rank: bad delegation", rank("Bad Id", 0, staff_), Code::INVALID_ARGUMENT},
      {"rank: deputy", rank("hz-xihu", 0, testing::DeputyTokenFor("wang")), Code::PERMISSION_DENIED},
      {"evaluate: future as_of",
       evaluate([](auto& r) { *r.mutable_as_of() = Day(2026, 2, 1); }, staff_), Code::INVALID_ARGUMENT},
      {"evaluate: page size 51", evaluate([](auto& r) { r.set_page_size(51); }, staff_), Code::INVALID_ARGUMENT},
      {"evaluate: no year", evaluate([](auto& r) { r.set_year(0); }, staff_), Code::INVALID_ARGUMENT},
      {"evaluate: forged token", evaluate([](auto& r) { r.set_page_token("Zm9yZ2VkLXRva2VuLXRoYXQtaXM"); }, staff_),
       Code::INVALID_ARGUMENT},
      {"evaluate: unknown rules", evaluate([](auto& r) { r.set_rules_version(5); }, staff_), Code::NOT_FOUND},
      {"evaluate: leader", evaluate([](auto&) {}, TokenFor(Role::kLeader)), Code::PERMISSION_DENIED},
      {"get case: bad name", get_case("exitCases/x", staff_), Code::INVALID_ARGUMENT},
      {"get case: unknown", get_case("congresses/hz/exitCases/nobody-score-2025", staff_), Code::NOT_FOUND},
      {"get case: citizen", get_case(case_name, TokenFor(Role::kCitizen)), Code::PERMISSION_DENIED},
      {"list cases: deputy without deputy filter", list_cases("", 0, testing::DeputyTokenFor("wang")), Code::PERMISSION_DENIED},
      {"list cases: another deputy's", list_cases(wang, 0, testing::DeputyTokenFor("li")), Code::PERMISSION_DENIED},
      {"list cases: page size", list_cases("", 201, staff_), Code::INVALID_ARGUMENT},
      {"notify: no note", notify(case_name, "", staff_), Code::INVALID_ARGUMENT},
      {"notify: unknown case", notify("congresses/hz/exitCases/nobody-score-2025", "n", staff_), Code::NOT_FOUND},
      {"notify: deputy", notify(case_name, "n", testing::DeputyTokenFor("wang")), Code::PERMISSION_DENIED},
      {"notify: other congress", notify(case_name, "n", other_congress), Code::PERMISSION_DENIED},
      {"statement: empty", state(case_name, " ", testing::DeputyTokenFor("wang")), Code::INVALID_ARGUMENT},
      {"statement: not notified", state(case_name, "s", testing::DeputyTokenFor("wang")), Code::FAILED_PRECONDITION},
      {"statement: leader", state(case_name, "s", TokenFor(Role::kLeader)), Code::PERMISSION_DENIED},
      {"decide: no decision", decide(case_name, EXIT_DECISION_UNSPECIFIED, "n", staff_), Code::INVALID_ARGUMENT},
      {"decide: no note", decide(case_name, EXIT_DECISION_KEPT, "", staff_), Code::INVALID_ARGUMENT},
      {"decide: not notified", decide(case_name, EXIT_DECISION_KEPT, "n", staff_), Code::FAILED_PRECONDITION},
      {"decide: deputy", decide(case_name, EXIT_DECISION_KEPT, "n", testing::DeputyTokenFor("wang")), Code::PERMISSION_DENIED},
      {"report: no year", report(wang, 0, staff_), Code::INVALID_ARGUMENT},
      {"report: citizen", report(wang, 2025, TokenFor(Role::kCitizen)), Code::PERMISSION_DENIED},
      {"report: other congress", report(wang, 2025, other_congress), Code::PERMISSION_DENIED},
  };
  testing::ExpectRefused(rows);
  EXPECT_EQ(FeedLength(), feed);
  GetScoringRulesRequest latest;
  latest.set_parent("congresses/hz");
  GetScoringRulesResponse rules;
  ASSERT_TRUE(eval_->GetScoringRules(ContextWith(staff_).get(), latest, &rules).ok());
  EXPECT_EQ(rules.scoring_rules().version(), 1) << "still one version of the rules";
  GetExitCaseRequest get_case_req;
  get_case_req.set_name(case_name);
  GetExitCaseResponse exit_case;
  ASSERT_TRUE(eval_->GetExitCase(ContextWith(staff_).get(), get_case_req, &exit_case).ok());
  EXPECT_EQ(exit_case.exit_case().etag(), "1");
  EXPECT_EQ(GetDeputy("wang").status(), DEPUTY_STATUS_SERVING);
}

}  // namespace
}  // namespace renda
