// The supervision plan end to end on a real Redis: the representatives services (registry,
// deputies), the intake services (citizens' opinions a problem links) and the supervision
// services in-process on port 0 on one fake clock, and the representatives' follower of
// supervision's feed that gives participating deputies their duty records. An item runs its whole
// lifecycle (plan → report → problem list → rejected rectification → accepted → look-back
// reopens → accepted → closed), overdue problems and reports escalate, and every RPC's refusals
// have their code and write nothing.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "renda/feed/v1/feed.grpc.pb.h"
#include "renda/intake/v1/intake.grpc.pb.h"
#include "renda/supervision/v1/obligations.grpc.pb.h"
#include "renda/supervision/v1/problems.grpc.pb.h"
#include "renda/supervision/v1/supervision.grpc.pb.h"
#include "services/common/time_util.h"
#include "services/representatives/supervision_follower.h"
#include "services/supervision/services.h"
#include "services/supervision/supervision_logic.h"
#include "services/supervision/supervision_service.h"
#include "tests/support/intake_fixture.h"
#include "tests/support/storage.h"

namespace renda {
namespace {

using namespace supervision::v1;  // NOLINT: test brevity
namespace rep = representatives::v1;
namespace in = intake::v1;
using testing::CallAs;
using testing::ContextWith;
using testing::DeputyName;
using testing::RefusedCall;
using Date = renda::type::v1::Date;

class SupervisionTest : public testing::IntakeFixture {
 protected:
  void SetUp() override {
    StartServices();
    StartIntake();
    supervision::SupervisionOptions options;
    options.representatives_addr = host_->address();
    options.intake_addr = intake_host_->address();
    sup_host_ = testing::StartHost(
        redis_.address(), [options](const Runtime& rt) { return supervision::MakeSupervisionServices(rt, options); },
        &clock_);
    ASSERT_TRUE(testing::WaitServing(*sup_host_));
    auto channel = testing::ChannelTo(*sup_host_);
    items_ = SupervisionService::NewStub(channel);
    problems_ = ProblemService::NewStub(channel);
    obligations_ = ObligationService::NewStub(channel);
    sup_feed_ = renda::feed::v1::ChangeFeedService::NewStub(channel);
    opinions_ = in::IntakeService::NewStub(intake_channel_);
  }

  void StartFollower() {
    ServerOptions server;
    server.redis = redis_.address();
    server.token_key = testing::kTestTokenKey;
    representatives::SupervisionFollowOptions follow;
    follow.supervision_addr = sup_host_->address();
    auto f = representatives::StartSupervisionFollowers(server, follow, &clock_);
    ASSERT_TRUE(f.ok()) << f.status();
    followers_ = *std::move(f);
  }
  bool WaitCaughtUp() {
    return followers_->WaitApplied("hz", testing::LastChangeCursor(*sup_feed_, ServiceTokenAt(clock_)),
                                   absl::Seconds(10));
  }

  std::string Staff() { return Token(Role::kStaff); }
  std::string Leader() { return Token(Role::kLeader, "leader-1"); }

  // The number of events in supervision's change feed of hz: unchanged means nothing written.
  int64_t SupFeedLength() {
    return static_cast<int64_t>(testing::AllChanges(*sup_feed_, ServiceTokenAt(clock_)).size());
  }

  void AddDeputy(const std::string& id, rep::DeputyStatus status = rep::DEPUTY_STATUS_SERVING) {
    rep::CreateDeputyRequest req;
    req.set_parent("congresses/hz");
    req.set_deputy_id(id);
    req.mutable_deputy()->set_display_name(absl::StrCat("代表", id));
    req.mutable_deputy()->set_term(14);
    req.mutable_deputy()->set_electoral_unit("西湖区");
    req.mutable_deputy()->set_status(status);
    rep::CreateDeputyResponse resp;
    auto s = deputies_->CreateDeputy(ContextWith(Staff()).get(), req, &resp);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  std::string SubmitOpinion() {
    in::SubmitOpinionRequest req;
    req.set_parent("congresses/hz");
    req.mutable_opinion()->set_title("小区周边河道异味");
    req.mutable_opinion()->set_content("河道夏季异味明显，希望尽快治理。");
    req.mutable_opinion()->set_channel(in::CHANNEL_ONLINE);
    in::SubmitOpinionResponse resp;
    auto s = opinions_->SubmitOpinion(ContextWith(Staff()).get(), req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return resp.opinion().name();
  }

  Date DaysFromNow(int days) { return supervision::DateOfDay(supervision::ChinaDayOf(clock_.Now()) + days); }

  static CreateSupervisionItemRequest ItemRequest(int year = 2024,
                                                  SupervisionForm form = SUPERVISION_FORM_SPECIAL_WORK_REPORT) {
    CreateSupervisionItemRequest req;
    req.set_parent("congresses/hz");
    auto* item = req.mutable_supervision_item();
    item->set_title("听取和审议市政府关于水环境治理工作情况的报告");
    item->set_area(SUPERVISION_AREA_ENVIRONMENT);
    item->set_form(form);
    item->set_year(year);
    item->set_responsible_body("杭州市人民政府");
    item->set_responsible_committee("城乡建设环境保护委员会");
    item->add_overseen_bodies("hz-gov");
    return req;
  }

  SupervisionItem CreateItem(CreateSupervisionItemRequest req, const std::string& token = "") {
    CreateSupervisionItemResponse resp;
    auto s = items_->CreateSupervisionItem(ContextWith(token.empty() ? Staff() : token).get(), req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return resp.supervision_item();
  }

  grpc::Status Advance(const std::string& name, SupervisionItemState target, SupervisionItem* out = nullptr,
                       const std::string& note = "", const std::string& report = "") {
    AdvanceSupervisionItemRequest req;
    req.set_name(name);
    req.set_target_state(target);
    req.set_note(note);
    req.set_report(report);
    AdvanceSupervisionItemResponse resp;
    auto s = items_->AdvanceSupervisionItem(ContextWith(Leader()).get(), req, &resp);
    if (out != nullptr) *out = resp.supervision_item();
    return s;
  }

  // An item moved through to REVIEWED.
  SupervisionItem ReviewedItem() {
    SupervisionItem item = CreateItem(ItemRequest());
    EXPECT_TRUE(Advance(item.name(), SUPERVISION_ITEM_STATE_IN_PROGRESS).ok());
    EXPECT_TRUE(Advance(item.name(), SUPERVISION_ITEM_STATE_REPORTED, nullptr, "", "市政府报告了水环境治理情况").ok());
    EXPECT_TRUE(Advance(item.name(), SUPERVISION_ITEM_STATE_REVIEWED, &item, "审议意见：加快截污纳管").ok());
    return item;
  }

  Problem ProblemFor(const std::string& unit, int deadline_days, const std::vector<std::string>& opinions = {}) {
    Problem p;
    p.set_title(absl::StrCat("截污纳管进度滞后（", unit, "）"));
    p.set_description("部分区域雨污分流改造未按计划完成。");
    p.set_responsible_unit(unit);
    p.set_severity(PROBLEM_SEVERITY_SIGNIFICANT);
    *p.mutable_deadline() = DaysFromNow(deadline_days);
    for (const auto& o : opinions) p.add_opinions(o);
    return p;
  }

  grpc::Status Issue(const std::string& item, const std::vector<Problem>& problems, IssueProblemsResponse* out) {
    IssueProblemsRequest req;
    req.set_parent(item);
    for (const auto& p : problems) *req.add_problems() = p;
    return problems_->IssueProblems(ContextWith(Staff()).get(), req, out);
  }

  grpc::Status Submit(const std::string& unit, const std::string& name, Problem* out = nullptr) {
    SubmitRectificationRequest req;
    req.set_name(name);
    req.set_report("已完成12公里管网改造，整改到位。");
    auto* e = req.add_evidence();
    e->set_title("验收报告");
    e->set_uri("https://example.gov.cn/acceptance.pdf");
    SubmitRectificationResponse resp;
    auto s = problems_->SubmitRectification(ContextWith(UnitToken(unit)).get(), req, &resp);
    if (out != nullptr) *out = resp.problem();
    return s;
  }

  grpc::Status Review(const std::string& name, bool accept, Problem* out = nullptr, int look_back_days = 30) {
    ReviewRectificationRequest req;
    req.set_name(name);
    req.set_accept(accept);
    if (accept) {
      *req.mutable_look_back_date() = DaysFromNow(look_back_days);
    } else {
      req.set_reason("证据不足，缺少第三方检测报告");
    }
    ReviewRectificationResponse resp;
    auto s = problems_->ReviewRectification(ContextWith(Staff()).get(), req, &resp);
    if (out != nullptr) *out = resp.problem();
    return s;
  }

  grpc::Status LookBack(const std::string& name, bool confirmed, Problem* out = nullptr) {
    RecordLookBackRequest req;
    req.set_name(name);
    req.set_confirmed(confirmed);
    if (!confirmed) {
      req.set_note("回头看发现部分点位仍有溢流");
      *req.mutable_new_deadline() = DaysFromNow(30);
    }
    RecordLookBackResponse resp;
    auto s = problems_->RecordLookBack(ContextWith(Staff()).get(), req, &resp);
    if (out != nullptr) *out = resp.problem();
    return s;
  }

  SupervisionItem GetItem(const std::string& name) {
    GetSupervisionItemRequest req;
    req.set_name(name);
    GetSupervisionItemResponse resp;
    EXPECT_TRUE(items_->GetSupervisionItem(ContextWith(Token(Role::kDeputy)).get(), req, &resp).ok());
    return resp.supervision_item();
  }

  Problem GetProblem(const std::string& name, const std::string& token = "") {
    GetProblemRequest req;
    req.set_name(name);
    GetProblemResponse resp;
    auto s = problems_->GetProblem(ContextWith(token.empty() ? Staff() : token).get(), req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return resp.problem();
  }

  std::vector<Problem> ListProblems(const std::string& token, ListProblemsRequest req = {}) {
    req.set_parent("congresses/hz");
    ListProblemsResponse resp;
    auto s = problems_->ListProblems(ContextWith(token).get(), req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return {resp.problems().begin(), resp.problems().end()};
  }

  ReportingObligation CreateObligation(const std::string& body, int due_days) {
    CreateReportingObligationRequest req;
    req.set_parent("congresses/hz");
    auto* o = req.mutable_reporting_obligation();
    o->set_kind(OBLIGATION_KIND_RESOLUTION_IMPLEMENTATION);
    o->set_title("关于执行市人大常委会生态环境保护决定情况的报告");
    o->set_basis("市人大常委会关于生态环境保护的决定");
    o->set_body(body);
    *o->mutable_due_date() = DaysFromNow(due_days);
    CreateReportingObligationResponse resp;
    auto s = obligations_->CreateReportingObligation(ContextWith(Staff()).get(), req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return resp.reporting_obligation();
  }

  SweepSupervisionDeadlinesResponse Sweep() {
    SweepSupervisionDeadlinesRequest req;
    req.set_parent("congresses/hz");
    SweepSupervisionDeadlinesResponse resp;
    auto s = items_->SweepSupervisionDeadlines(ContextWith(Staff()).get(), req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return resp;
  }

  std::vector<SupervisionItemState> StatesOf(const SupervisionItem& item) {
    std::vector<SupervisionItemState> out;
    for (const auto& step : item.history()) out.push_back(step.to_state());
    return out;
  }

  // Each call is refused with its code and a message, and supervision's feed does not grow.
  void ExpectRefusedWritingNothingHere(const std::vector<RefusedCall>& calls) {
    const int64_t before = SupFeedLength();
    for (const auto& c : calls) {
      grpc::Status s = c.call();
      EXPECT_EQ(s.error_code(), c.want) << c.what << ": " << s.error_message();
      EXPECT_FALSE(s.error_message().empty()) << c.what;
    }
    EXPECT_EQ(SupFeedLength(), before) << "a refused call writes nothing";
  }

  std::unique_ptr<ServiceHost> sup_host_;
  std::unique_ptr<SupervisionService::Stub> items_;
  std::unique_ptr<ProblemService::Stub> problems_;
  std::unique_ptr<ObligationService::Stub> obligations_;
  std::unique_ptr<renda::feed::v1::ChangeFeedService::Stub> sup_feed_;
  std::unique_ptr<in::IntakeService::Stub> opinions_;
  std::unique_ptr<representatives::DutyFeedFollowers> followers_;  // stops before the hosts
};

TEST_F(SupervisionTest, StaffPlanAnItemAndDeputiesReadIt) {
  CreateItem(ItemRequest(2026));
  auto second = ItemRequest(2025);
  second.mutable_supervision_item()->set_area(SUPERVISION_AREA_FINANCE);
  const SupervisionItem created = CreateItem(second, Leader());
  EXPECT_EQ(created.state(), SUPERVISION_ITEM_STATE_PLANNED);
  EXPECT_EQ(created.responsible_committee(), "城乡建设环境保护委员会");
  EXPECT_EQ(GetItem(created.name()).year(), 2025);

  ListSupervisionItemsRequest list;
  list.set_parent("congresses/hz");
  list.set_year(2026);
  ListSupervisionItemsResponse page;
  ASSERT_TRUE(items_->ListSupervisionItems(ContextWith(Token(Role::kDeputy)).get(), list, &page).ok());
  ASSERT_EQ(page.supervision_items_size(), 1);
  EXPECT_EQ(page.supervision_items(0).area(), SUPERVISION_AREA_ENVIRONMENT);
}

TEST_F(SupervisionTest, AnItemRunsFromPlanThroughReboundRectificationAndLookBackToClosed) {
  const std::string opinion = SubmitOpinion();
  SupervisionItem item = ReviewedItem();
  EXPECT_EQ(item.review_opinion(), "审议意见：加快截污纳管");
  EXPECT_EQ(item.report(), "市政府报告了水环境治理情况");

  IssueProblemsResponse issued;
  ASSERT_TRUE(Issue(item.name(), {ProblemFor("hz-jtj", 60, {opinion}), ProblemFor("hz-water", 60)}, &issued).ok());
  ASSERT_EQ(issued.problems_size(), 2);
  EXPECT_EQ(issued.supervision_item().state(), SUPERVISION_ITEM_STATE_RECTIFYING);
  EXPECT_EQ(issued.supervision_item().problem_count(), 2);
  const std::string p1 = issued.problems(0).name(), p2 = issued.problems(1).name();
  EXPECT_EQ(GetProblem(p1).opinions(0), opinion);
  EXPECT_EQ(GetProblem(p1).state(), PROBLEM_STATE_RECTIFYING);

  // A unit sees and lists only its own problems.
  ListProblemsRequest of_item;
  of_item.set_item(item.name());
  EXPECT_EQ(ListProblems(Staff(), of_item).size(), 2u);
  auto own = ListProblems(UnitToken("hz-jtj"), of_item);
  ASSERT_EQ(own.size(), 1u);
  EXPECT_EQ(own[0].name(), p1);
  {
    GetProblemRequest req;
    req.set_name(p1);
    GetProblemResponse resp;
    EXPECT_EQ(problems_->GetProblem(ContextWith(UnitToken("hz-water")).get(), req, &resp).error_code(),
              grpc::StatusCode::NOT_FOUND);
  }

  // The first report is rejected and goes back; the second is accepted.
  Problem p;
  ASSERT_TRUE(Submit("hz-jtj", p1, &p).ok());
  EXPECT_EQ(p.state(), PROBLEM_STATE_SUBMITTED);
  ASSERT_TRUE(Review(p1, false, &p).ok());
  EXPECT_EQ(p.state(), PROBLEM_STATE_RECTIFYING);
  ASSERT_TRUE(Submit("hz-jtj", p1, &p).ok());
  EXPECT_EQ(p.submissions(), 2);
  ASSERT_TRUE(Review(p1, true, &p).ok());
  EXPECT_EQ(p.state(), PROBLEM_STATE_ACCEPTED);
  EXPECT_EQ(GetItem(item.name()).state(), SUPERVISION_ITEM_STATE_RECTIFYING) << "one problem is still open";

  ASSERT_TRUE(Submit("hz-water", p2).ok());
  ASSERT_TRUE(Review(p2, true).ok());
  EXPECT_EQ(GetItem(item.name()).state(), SUPERVISION_ITEM_STATE_LOOK_BACK) << "every problem accepted";

  // The look-back waits for its date; then it reopens one and confirms the other.
  grpc::Status early = LookBack(p1, true);
  EXPECT_EQ(early.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_TRUE(absl::StrContains(early.error_message(), "look-back is due")) << early.error_message();
  clock_.Advance(absl::Hours(24 * 31));
  ASSERT_TRUE(LookBack(p1, false, &p).ok());
  EXPECT_EQ(p.state(), PROBLEM_STATE_RECTIFYING);
  EXPECT_EQ(GetItem(item.name()).state(), SUPERVISION_ITEM_STATE_RECTIFYING) << "a reopened problem reopens the item";
  ASSERT_TRUE(LookBack(p2, true, &p).ok());
  EXPECT_EQ(p.state(), PROBLEM_STATE_CLOSED);
  EXPECT_EQ(GetItem(item.name()).state(), SUPERVISION_ITEM_STATE_RECTIFYING);

  ASSERT_TRUE(Submit("hz-jtj", p1).ok());
  ASSERT_TRUE(Review(p1, true).ok());
  EXPECT_EQ(GetItem(item.name()).state(), SUPERVISION_ITEM_STATE_LOOK_BACK);
  clock_.Advance(absl::Hours(24 * 31));
  ASSERT_TRUE(LookBack(p1, true).ok());

  const SupervisionItem closed = GetItem(item.name());
  EXPECT_EQ(closed.state(), SUPERVISION_ITEM_STATE_CLOSED);
  EXPECT_EQ(StatesOf(closed),
            (std::vector<SupervisionItemState>{
                SUPERVISION_ITEM_STATE_PLANNED, SUPERVISION_ITEM_STATE_IN_PROGRESS, SUPERVISION_ITEM_STATE_REPORTED,
                SUPERVISION_ITEM_STATE_REVIEWED, SUPERVISION_ITEM_STATE_RECTIFYING, SUPERVISION_ITEM_STATE_LOOK_BACK,
                SUPERVISION_ITEM_STATE_RECTIFYING, SUPERVISION_ITEM_STATE_LOOK_BACK, SUPERVISION_ITEM_STATE_CLOSED}));
  std::vector<std::string> actions;
  const Problem closed_problem = GetProblem(p1);
  for (const auto& step : closed_problem.history()) actions.push_back(step.action());
  EXPECT_EQ(actions, (std::vector<std::string>{"issue", "submit", "reject", "submit", "accept", "reopen", "submit",
                                               "accept", "confirm"}));
  EXPECT_EQ(GetProblem(p1).submissions(), 3);

  // Closed means closed: no step further.
  EXPECT_EQ(Advance(item.name(), SUPERVISION_ITEM_STATE_IN_PROGRESS).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(SupervisionTest, AnItemWhoseReviewFoundNoProblemClosesByStaff) {
  SupervisionItem item = ReviewedItem();
  ASSERT_TRUE(Advance(item.name(), SUPERVISION_ITEM_STATE_CLOSED, &item, "审议未发现需整改问题").ok());
  EXPECT_EQ(item.state(), SUPERVISION_ITEM_STATE_CLOSED);
}

TEST_F(SupervisionTest, ParticipatingDeputiesGetOneDutyRecordEach) {
  AddDeputy("d-0001");
  AddDeputy("d-0002");
  auto req = ItemRequest(2024, SUPERVISION_FORM_LAW_ENFORCEMENT_INSPECTION);
  req.mutable_supervision_item()->add_participants()->set_deputy(DeputyName("d-0001"));
  SupervisionItem item = CreateItem(req);
  ASSERT_EQ(item.participants_size(), 1);
  EXPECT_EQ(item.participants(0).display_name(), "代表d-0001");

  AddItemParticipantsRequest add;
  add.set_name(item.name());
  add.add_deputies(DeputyName("d-0001"));  // already there: left as is
  add.add_deputies(DeputyName("d-0002"));
  AddItemParticipantsResponse added;
  ASSERT_TRUE(items_->AddItemParticipants(ContextWith(Staff()).get(), add, &added).ok());
  EXPECT_EQ(added.supervision_item().participants_size(), 2);
  ASSERT_TRUE(Advance(item.name(), SUPERVISION_ITEM_STATE_IN_PROGRESS).ok());

  StartFollower();
  ASSERT_TRUE(WaitCaughtUp());
  for (const std::string deputy : {"d-0001", "d-0002"}) {
    auto records = DutyRecordsOf(Staff(), deputy, 2024);
    ASSERT_EQ(records.size(), 1u) << deputy << ": every event of the item names them, one record";
    EXPECT_EQ(records[0].type(), rep::DUTY_RECORD_TYPE_INSPECTION);
    EXPECT_EQ(records[0].related_resource(), item.name());
    EXPECT_EQ(records[0].source(), rep::DUTY_RECORD_SOURCE_EVENT);
  }

  // A restarted follower that reads the feed again from the start makes no second record.
  followers_.reset();
  testing::RawStorage(redis_).Delete("rep:{hz}:cursor:supervision");  // as if the cursor were lost
  StartFollower();
  ASSERT_TRUE(WaitCaughtUp());
  EXPECT_EQ(DutyRecordsOf(Staff(), "d-0001", 2024).size(), 1u);
}

TEST_F(SupervisionTest, OverdueProblemsAndReportsEscalateWhenSwept) {
  SupervisionItem item = ReviewedItem();
  IssueProblemsResponse issued;
  ASSERT_TRUE(Issue(item.name(), {ProblemFor("hz-jtj", 3)}, &issued).ok());
  const std::string problem = issued.problems(0).name();
  const ReportingObligation owed = CreateObligation("hz-gov", 3);
  EXPECT_EQ(owed.state(), OBLIGATION_STATE_PENDING);

  EXPECT_EQ(Sweep().problems_escalated(), 0) << "nothing is late yet";
  clock_.Advance(absl::Hours(24 * 4));
  const int64_t before = SupFeedLength();
  auto swept = Sweep();
  EXPECT_EQ(swept.problems_escalated(), 1);
  EXPECT_EQ(swept.obligations_escalated(), 1);
  EXPECT_EQ(SupFeedLength(), before + 2) << "each escalation is an event";
  EXPECT_EQ(GetProblem(problem).escalation_level(), 1);
  const Problem escalated = GetProblem(problem);
  EXPECT_EQ(escalated.history(escalated.history_size() - 1).action(), "escalate");
  EXPECT_EQ(Sweep().problems_escalated(), 0) << "a level is reached once";

  clock_.Advance(absl::Hours(24 * 14));
  EXPECT_EQ(Sweep().problems_escalated(), 1);
  EXPECT_EQ(GetProblem(problem).escalation_level(), 2);

  // The body submits late; a submitted report escalates no more.
  SubmitObligationReportRequest submit;
  submit.set_name(owed.name());
  submit.set_report("决定执行情况的书面报告");
  SubmitObligationReportResponse submitted;
  ASSERT_TRUE(obligations_->SubmitObligationReport(ContextWith(UnitToken("hz-gov")).get(), submit, &submitted).ok());
  EXPECT_EQ(submitted.reporting_obligation().state(), OBLIGATION_STATE_SUBMITTED);
  EXPECT_TRUE(submitted.reporting_obligation().submitted_late());
  EXPECT_EQ(submitted.reporting_obligation().escalation_level(), 2);
  clock_.Advance(absl::Hours(24 * 20));
  swept = Sweep();
  EXPECT_EQ(swept.obligations_escalated(), 0);
  EXPECT_EQ(swept.problems_escalated(), 1);
  EXPECT_EQ(GetProblem(problem).escalation_level(), 3);
}

TEST_F(SupervisionTest, TheBackgroundSweepEscalatesByItself) {
  SupervisionItem item = ReviewedItem();
  IssueProblemsResponse issued;
  ASSERT_TRUE(Issue(item.name(), {ProblemFor("hz-jtj", 1)}, &issued).ok());
  clock_.Advance(absl::Hours(24 * 2));
  // A second replica of the service that sweeps by itself; its rounds are the drain hook.
  supervision::SupervisionOptions options;
  options.representatives_addr = host_->address();
  options.intake_addr = intake_host_->address();
  options.sweep_interval = absl::Milliseconds(20);
  const supervision::SupervisionService* sweeper = nullptr;
  auto replica = testing::StartHost(
      redis_.address(),
      [options, &sweeper](const Runtime& rt) {
        auto services = supervision::MakeSupervisionServices(rt, options);
        for (const auto& s : services) {
          if (auto* found = dynamic_cast<supervision::SupervisionService*>(s.get())) sweeper = found;
        }
        return services;
      },
      &clock_);
  ASSERT_TRUE(testing::WaitServing(*replica));
  ASSERT_NE(sweeper, nullptr);
  ASSERT_TRUE(sweeper->sweeping().WaitRounds(2, absl::Seconds(10)));
  EXPECT_EQ(GetProblem(issued.problems(0).name()).escalation_level(), 1);
}

TEST_F(SupervisionTest, RefusalsHaveTheirCodeAndWriteNothing) {
  AddDeputy("d-0001");
  AddDeputy("d-gone", rep::DEPUTY_STATUS_RESIGNED);
  const SupervisionItem planned = CreateItem(ItemRequest());
  const SupervisionItem reviewed = ReviewedItem();
  IssueProblemsResponse issued;
  ASSERT_TRUE(Issue(reviewed.name(), {ProblemFor("hz-jtj", 30), ProblemFor("hz-water", 30)}, &issued).ok());
  const std::string open = issued.problems(0).name();       // hz-jtj, RECTIFYING
  const std::string submitted = issued.problems(1).name();  // hz-water, SUBMITTED
  ASSERT_TRUE(Submit("hz-water", submitted).ok());
  const ReportingObligation owed = CreateObligation("hz-gov", 10);
  const ReportingObligation done = CreateObligation("hz-jtj", 10);
  {
    SubmitObligationReportRequest req;
    req.set_name(done.name());
    req.set_report("报告");
    SubmitObligationReportResponse resp;
    ASSERT_TRUE(obligations_->SubmitObligationReport(ContextWith(UnitToken("hz-jtj")).get(), req, &resp).ok());
  }

  const std::string planned_id = planned.name().substr(planned.name().rfind('/') + 1);
  const std::string staff = Staff(), deputy = Token(Role::kDeputy), unit = UnitToken("hz-jtj");
  auto* S = items_.get();
  auto* P = problems_.get();
  auto* O = obligations_.get();
  auto with = [](auto req, auto change) {
    change(req);
    return req;
  };
  using CreateReq = CreateSupervisionItemRequest;
  auto advance = [&](SupervisionItemState target, const std::string& name) {
    AdvanceSupervisionItemRequest r;
    r.set_name(name);
    r.set_target_state(target);
    return r;
  };
  auto add = [&](const std::string& deputy_name) {
    AddItemParticipantsRequest r;
    r.set_name(planned.name());
    if (!deputy_name.empty()) r.add_deputies(deputy_name);
    return r;
  };
  auto issue = [&](const std::string& item, Problem p) {
    IssueProblemsRequest r;
    r.set_parent(item);
    *r.add_problems() = std::move(p);
    return r;
  };
  auto submit = [&](const std::string& name, const std::string& report) {
    SubmitRectificationRequest r;
    r.set_name(name);
    r.set_report(report);
    return r;
  };
  auto review = [&](const std::string& name, bool accept, bool with_detail) {
    ReviewRectificationRequest r;
    r.set_name(name);
    r.set_accept(accept);
    if (with_detail && accept) *r.mutable_look_back_date() = DaysFromNow(10);
    if (with_detail && !accept) r.set_reason("不足");
    return r;
  };
  auto look_back = [&](const std::string& name, bool confirmed) {
    RecordLookBackRequest r;
    r.set_name(name);
    r.set_confirmed(confirmed);
    return r;
  };
  auto obligation = [&](const std::string& body, int due) {
    CreateReportingObligationRequest r;
    r.set_parent("congresses/hz");
    r.mutable_reporting_obligation()->set_kind(OBLIGATION_KIND_MAJOR_DECISION);
    r.mutable_reporting_obligation()->set_title("重大事项报告");
    r.mutable_reporting_obligation()->set_body(body);
    *r.mutable_reporting_obligation()->mutable_due_date() = DaysFromNow(due);
    return r;
  };
  auto submit_report = [&](const std::string& name) {
    SubmitObligationReportRequest r;
    r.set_name(name);
    r.set_report("报告");
    return r;
  };
  auto list_problems = [&](const std::string& unit_filter, int page_size) {
    ListProblemsRequest r;
    r.set_parent("congresses/hz");
    r.set_responsible_unit(unit_filter);
    r.set_page_size(page_size);
    return r;
  };
  auto list_obligations = [&](const std::string& body) {
    ListReportingObligationsRequest r;
    r.set_parent("congresses/hz");
    r.set_body(body);
    return r;
  };
  auto sweep = [&](const std::string& parent) {
    SweepSupervisionDeadlinesRequest r;
    r.set_parent(parent);
    return r;
  };
  using G = grpc::StatusCode;
  const std::vector<RefusedCall> calls = {
      // CreateSupervisionItem
      {"a deputy plans", CallAs(deputy, S, &SupervisionService::Stub::CreateSupervisionItem, ItemRequest()),
       G::PERMISSION_DENIED},
      {"a unit plans", CallAs(unit, S, &SupervisionService::Stub::CreateSupervisionItem, ItemRequest()),
       G::PERMISSION_DENIED},
      {"no token", CallAs("", S, &SupervisionService::Stub::CreateSupervisionItem, ItemRequest()), G::UNAUTHENTICATED},
      {"year 1999", CallAs(staff, S, &SupervisionService::Stub::CreateSupervisionItem, ItemRequest(1999)),
       G::INVALID_ARGUMENT},
      {"no title",
       CallAs(staff, S, &SupervisionService::Stub::CreateSupervisionItem,
              with(ItemRequest(), [](CreateReq& r) { r.mutable_supervision_item()->clear_title(); })),
       G::INVALID_ARGUMENT},
      {"end before start",
       CallAs(staff, S, &SupervisionService::Stub::CreateSupervisionItem,
              with(ItemRequest(),
                   [&](CreateReq& r) {
                     *r.mutable_supervision_item()->mutable_start_date() = DaysFromNow(5);
                     *r.mutable_supervision_item()->mutable_end_date() = DaysFromNow(1);
                   })),
       G::INVALID_ARGUMENT},
      {"an unregistered overseen body",
       CallAs(
           staff, S, &SupervisionService::Stub::CreateSupervisionItem,
           with(ItemRequest(), [](CreateReq& r) { r.mutable_supervision_item()->add_overseen_bodies("hz-nobody"); })),
       G::INVALID_ARGUMENT},
      {"an unknown participant",
       CallAs(staff, S, &SupervisionService::Stub::CreateSupervisionItem,
              with(ItemRequest(),
                   [](CreateReq& r) {
                     r.mutable_supervision_item()->add_participants()->set_deputy(DeputyName("ghost"));
                   })),
       G::INVALID_ARGUMENT},
      {"a participant no longer serving",
       CallAs(staff, S, &SupervisionService::Stub::CreateSupervisionItem,
              with(ItemRequest(),
                   [](CreateReq& r) {
                     r.mutable_supervision_item()->add_participants()->set_deputy(DeputyName("d-gone"));
                   })),
       G::FAILED_PRECONDITION},
      {"another congress",
       CallAs(staff, S, &SupervisionService::Stub::CreateSupervisionItem,
              with(ItemRequest(), [](CreateReq& r) { r.set_parent("congresses/sh"); })),
       G::PERMISSION_DENIED},
      {"a taken id",
       CallAs(staff, S, &SupervisionService::Stub::CreateSupervisionItem,
              with(ItemRequest(), [&](CreateReq& r) { r.set_supervision_item_id(planned_id); })),
       G::ALREADY_EXISTS},
      // GetSupervisionItem, ListSupervisionItems
      {"get a missing item",
       CallAs(staff, S, &SupervisionService::Stub::GetSupervisionItem,
              testing::Named<GetSupervisionItemRequest>("congresses/hz/supervisionItems/none")),
       G::NOT_FOUND},
      {"get by a malformed name",
       CallAs(staff, S, &SupervisionService::Stub::GetSupervisionItem,
              testing::Named<GetSupervisionItemRequest>("congresses/hz/items/none")),
       G::INVALID_ARGUMENT},
      {"list with a bad page size",
       CallAs(staff, S, &SupervisionService::Stub::ListSupervisionItems,
              with(ListSupervisionItemsRequest(),
                   [](ListSupervisionItemsRequest& r) {
                     r.set_parent("congresses/hz");
                     r.set_page_size(9999);
                   })),
       G::INVALID_ARGUMENT},
      // AdvanceSupervisionItem
      {"skip a step",
       CallAs(staff, S, &SupervisionService::Stub::AdvanceSupervisionItem,
              with(advance(SUPERVISION_ITEM_STATE_REPORTED, planned.name()),
                   [](AdvanceSupervisionItemRequest& r) { r.set_report("报告"); })),
       G::FAILED_PRECONDITION},
      {"review without an opinion",
       CallAs(staff, S, &SupervisionService::Stub::AdvanceSupervisionItem,
              advance(SUPERVISION_ITEM_STATE_REVIEWED, planned.name())),
       G::INVALID_ARGUMENT},
      {"no target",
       CallAs(staff, S, &SupervisionService::Stub::AdvanceSupervisionItem,
              advance(SUPERVISION_ITEM_STATE_UNSPECIFIED, planned.name())),
       G::INVALID_ARGUMENT},
      {"RECTIFYING by hand",
       CallAs(staff, S, &SupervisionService::Stub::AdvanceSupervisionItem,
              advance(SUPERVISION_ITEM_STATE_RECTIFYING, reviewed.name())),
       G::FAILED_PRECONDITION},
      {"look-back with problems open",
       CallAs(staff, S, &SupervisionService::Stub::AdvanceSupervisionItem,
              advance(SUPERVISION_ITEM_STATE_LOOK_BACK, reviewed.name())),
       G::FAILED_PRECONDITION},
      {"a stale etag",
       CallAs(staff, S, &SupervisionService::Stub::AdvanceSupervisionItem,
              with(advance(SUPERVISION_ITEM_STATE_IN_PROGRESS, planned.name()),
                   [](AdvanceSupervisionItemRequest& r) { r.set_etag("99"); })),
       G::ABORTED},
      {"a deputy advances",
       CallAs(deputy, S, &SupervisionService::Stub::AdvanceSupervisionItem,
              advance(SUPERVISION_ITEM_STATE_IN_PROGRESS, planned.name())),
       G::PERMISSION_DENIED},
      {"advance a missing item",
       CallAs(staff, S, &SupervisionService::Stub::AdvanceSupervisionItem,
              advance(SUPERVISION_ITEM_STATE_IN_PROGRESS, "congresses/hz/supervisionItems/none")),
       G::NOT_FOUND},
      // AddItemParticipants
      {"add nobody", CallAs(staff, S, &SupervisionService::Stub::AddItemParticipants, add("")), G::INVALID_ARGUMENT},
      {"add a deputy who resigned",
       CallAs(staff, S, &SupervisionService::Stub::AddItemParticipants, add(DeputyName("d-gone"))),
       G::FAILED_PRECONDITION},
      {"add an unknown deputy", CallAs(staff, S, &SupervisionService::Stub::AddItemParticipants, add(DeputyName("x"))),
       G::INVALID_ARGUMENT},
      {"a unit adds", CallAs(unit, S, &SupervisionService::Stub::AddItemParticipants, add(DeputyName("d-0001"))),
       G::PERMISSION_DENIED},
      // SweepSupervisionDeadlines
      {"a deputy sweeps",
       CallAs(deputy, S, &SupervisionService::Stub::SweepSupervisionDeadlines, sweep("congresses/hz")),
       G::PERMISSION_DENIED},
      {"sweep a malformed parent", CallAs(staff, S, &SupervisionService::Stub::SweepSupervisionDeadlines, sweep("hz")),
       G::INVALID_ARGUMENT},
      // IssueProblems
      {"issue for a planned item",
       CallAs(staff, P, &ProblemService::Stub::IssueProblems, issue(planned.name(), ProblemFor("hz-jtj", 10))),
       G::FAILED_PRECONDITION},
      {"issue to an unregistered unit",
       CallAs(staff, P, &ProblemService::Stub::IssueProblems, issue(reviewed.name(), ProblemFor("hz-nobody", 10))),
       G::INVALID_ARGUMENT},
      {"link an unknown opinion",
       CallAs(staff, P, &ProblemService::Stub::IssueProblems,
              issue(reviewed.name(), ProblemFor("hz-jtj", 10, {"congresses/hz/opinions/none"}))),
       G::INVALID_ARGUMENT},
      {"a deadline in the past",
       CallAs(staff, P, &ProblemService::Stub::IssueProblems, issue(reviewed.name(), ProblemFor("hz-jtj", -1))),
       G::INVALID_ARGUMENT},
      {"no problems",
       CallAs(staff, P, &ProblemService::Stub::IssueProblems,
              with(IssueProblemsRequest(), [&](IssueProblemsRequest& r) { r.set_parent(reviewed.name()); })),
       G::INVALID_ARGUMENT},
      {"a deputy issues",
       CallAs(deputy, P, &ProblemService::Stub::IssueProblems, issue(reviewed.name(), ProblemFor("hz-jtj", 10))),
       G::PERMISSION_DENIED},
      // GetProblem, ListProblems
      {"another unit's problem",
       CallAs(UnitToken("hz-water"), P, &ProblemService::Stub::GetProblem, testing::Named<GetProblemRequest>(open)),
       G::NOT_FOUND},
      {"a missing problem",
       CallAs(staff, P, &ProblemService::Stub::GetProblem,
              testing::Named<GetProblemRequest>("congresses/hz/problems/x")),
       G::NOT_FOUND},
      {"a unit lists another's", CallAs(unit, P, &ProblemService::Stub::ListProblems, list_problems("hz-water", 0)),
       G::PERMISSION_DENIED},
      {"list with a bad page size", CallAs(staff, P, &ProblemService::Stub::ListProblems, list_problems("", -1)),
       G::INVALID_ARGUMENT},
      // SubmitRectification
      {"staff submit", CallAs(staff, P, &ProblemService::Stub::SubmitRectification, submit(open, "报告")),
       G::PERMISSION_DENIED},
      {"another unit submits",
       CallAs(UnitToken("hz-water"), P, &ProblemService::Stub::SubmitRectification, submit(open, "报告")),
       G::NOT_FOUND},
      {"an empty report", CallAs(unit, P, &ProblemService::Stub::SubmitRectification, submit(open, "")),
       G::INVALID_ARGUMENT},
      {"submit twice",
       CallAs(UnitToken("hz-water"), P, &ProblemService::Stub::SubmitRectification, submit(submitted, "报告")),
       G::FAILED_PRECONDITION},
      // ReviewRectification
      {"review what was not submitted",
       CallAs(staff, P, &ProblemService::Stub::ReviewRectification, review(open, true, true)), G::FAILED_PRECONDITION},
      {"reject without a reason",
       CallAs(staff, P, &ProblemService::Stub::ReviewRectification, review(submitted, false, false)),
       G::INVALID_ARGUMENT},
      {"accept without a look-back date",
       CallAs(staff, P, &ProblemService::Stub::ReviewRectification, review(submitted, true, false)),
       G::INVALID_ARGUMENT},
      {"a unit reviews its own",
       CallAs(UnitToken("hz-water"), P, &ProblemService::Stub::ReviewRectification, review(submitted, true, true)),
       G::PERMISSION_DENIED},
      // RecordLookBack
      {"look back before acceptance", CallAs(staff, P, &ProblemService::Stub::RecordLookBack, look_back(open, true)),
       G::FAILED_PRECONDITION},
      {"reopen without a deadline", CallAs(staff, P, &ProblemService::Stub::RecordLookBack, look_back(open, false)),
       G::INVALID_ARGUMENT},
      {"a deputy looks back", CallAs(deputy, P, &ProblemService::Stub::RecordLookBack, look_back(open, true)),
       G::PERMISSION_DENIED},
      // ObligationService
      {"a deputy records an obligation",
       CallAs(deputy, O, &ObligationService::Stub::CreateReportingObligation, obligation("hz-gov", 10)),
       G::PERMISSION_DENIED},
      {"an unregistered body",
       CallAs(staff, O, &ObligationService::Stub::CreateReportingObligation, obligation("hz-nobody", 10)),
       G::INVALID_ARGUMENT},
      {"due in the past",
       CallAs(staff, O, &ObligationService::Stub::CreateReportingObligation, obligation("hz-gov", -2)),
       G::INVALID_ARGUMENT},
      {"another unit's obligation",
       CallAs(unit, O, &ObligationService::Stub::GetReportingObligation,
              testing::Named<GetReportingObligationRequest>(owed.name())),
       G::NOT_FOUND},
      {"a unit lists another's obligations",
       CallAs(unit, O, &ObligationService::Stub::ListReportingObligations, list_obligations("hz-gov")),
       G::PERMISSION_DENIED},
      {"staff submit a report",
       CallAs(staff, O, &ObligationService::Stub::SubmitObligationReport, submit_report(owed.name())),
       G::PERMISSION_DENIED},
      {"another unit submits a report",
       CallAs(unit, O, &ObligationService::Stub::SubmitObligationReport, submit_report(owed.name())), G::NOT_FOUND},
      {"a report submitted twice",
       CallAs(unit, O, &ObligationService::Stub::SubmitObligationReport, submit_report(done.name())),
       G::FAILED_PRECONDITION},
  };
  ExpectRefusedWritingNothingHere(calls);
}

TEST_F(SupervisionTest, ARetriedRequestHasNoSecondEffect) {
  SupervisionItem item = ReviewedItem();
  IssueProblemsRequest req;
  req.set_parent(item.name());
  *req.add_problems() = ProblemFor("hz-jtj", 10);
  req.set_request_id("issue-1");
  IssueProblemsResponse first, second;
  ASSERT_TRUE(problems_->IssueProblems(ContextWith(Staff()).get(), req, &first).ok());
  const int64_t after_first = SupFeedLength();
  ASSERT_TRUE(problems_->IssueProblems(ContextWith(Staff()).get(), req, &second).ok());
  EXPECT_EQ(SupFeedLength(), after_first);
  EXPECT_EQ(second.problems_size(), 1);
  EXPECT_EQ(GetItem(item.name()).problem_count(), 1);
}

}  // namespace
}  // namespace renda
