// Reporting follows the three feeds: what the sources record shows up in the overview, exactly
// once, also after reporting restarts and after a source restarts.
#include <gtest/gtest.h>

#include "renda/feed/v1/feed.grpc.pb.h"
#include "renda/intake/v1/intake.grpc.pb.h"
#include "renda/reporting/v1/reporting.grpc.pb.h"
#include "renda/representatives/v1/duty.grpc.pb.h"
#include "renda/representatives/v1/evaluation.grpc.pb.h"
#include "renda/representatives/v1/registry.grpc.pb.h"
#include "renda/representatives/v1/representatives.grpc.pb.h"
#include "renda/supervision/v1/supervision.grpc.pb.h"
#include "services/intake/services.h"
#include "services/reporting/overview_logic.h"
#include "services/reporting/reporting_service.h"
#include "services/representatives/services.h"
#include "services/supervision/supervision_service.h"
#include "tests/support/redis_server.h"
#include "tests/support/suite.h"

namespace renda {
namespace {

using testing::ContextWith;
using testing::TokenFor;
namespace rep = representatives::v1;
namespace in = intake::v1;
namespace sup = supervision::v1;
namespace rpt = reporting::v1;

class ReportingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    reps_ = testing::StartHost(redis_.address(), &representatives::MakeRepresentativesServices);
    intake_ = testing::StartHost(redis_.address(),
                                 [](const Runtime& rt) { return intake::MakeIntakeServices(rt, intake::IntakeOptions()); });
    supervision_ = testing::StartHost(redis_.address(), [](const Runtime& rt) {
      return supervision::MakeSupervisionServices(rt, supervision::SupervisionOptions());
    });
    StartReporting();
    rep_stub_ = rep::RepresentativesService::NewStub(testing::ChannelTo(*reps_));
    in_stub_ = in::IntakeService::NewStub(testing::ChannelTo(*intake_));
    sup_stub_ = sup::SupervisionService::NewStub(testing::ChannelTo(*supervision_));
  }

  void StartReporting() {
    reporting::ReportingOptions o;
    o.representatives_addr = reps_->address();
    o.intake_addr = intake_->address();
    o.supervision_addr = supervision_->address();
    reporting_ = testing::StartHost(redis_.address(), [o, this](const Runtime& rt) {
      std::vector<std::unique_ptr<grpc::Service>> s;
      auto service = std::make_unique<reporting::ReportingService>(rt, o);
      reporting_service_ = service.get();
      s.push_back(std::move(service));
      return s;
    });
    rpt_stub_ = rpt::ReportingService::NewStub(testing::ChannelTo(*reporting_));
  }

  rep::Deputy CreateDeputy(const std::string& id) {
    rep::CreateDeputyRequest req;
    req.set_parent("congresses/hz");
    req.set_deputy_id(id);
    req.mutable_deputy()->set_display_name("张伟");
    req.mutable_deputy()->set_term(14);
    req.mutable_deputy()->set_electoral_unit("拱墅区");
    rep::CreateDeputyResponse resp;
    EXPECT_TRUE(rep_stub_->CreateDeputy(ContextWith(TokenFor(Role::kStaff)).get(), req, &resp).ok());
    return resp.deputy();
  }

  void Resign(const rep::Deputy& d) {
    rep::ChangeDeputyStatusRequest req;
    req.set_name(d.name());
    req.set_status(rep::DEPUTY_STATUS_RESIGNED);
    req.set_reason("本人申请辞职");
    req.mutable_effective_date()->set_year(2025);
    req.mutable_effective_date()->set_month(6);
    req.mutable_effective_date()->set_day(27);
    rep::ChangeDeputyStatusResponse resp;
    grpc::Status s = rep_stub_->ChangeDeputyStatus(ContextWith(TokenFor(Role::kStaff)).get(), req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
  }

  void SubmitOpinion(const std::string& text) {
    in::SubmitOpinionRequest req;
    req.set_parent("congresses/hz");
    req.mutable_opinion()->set_title("意见");
    req.mutable_opinion()->set_content(text);
    req.mutable_opinion()->set_channel(in::CHANNEL_ONLINE);
    in::SubmitOpinionResponse resp;
    grpc::Status s = in_stub_->SubmitOpinion(ContextWith("").get(), req, &resp);  // anonymous
    EXPECT_TRUE(s.ok()) << s.error_message();
  }

  void CreateItem() {
    sup::CreateSupervisionItemRequest req;
    req.set_parent("congresses/hz");
    auto* item = req.mutable_supervision_item();
    item->set_title("关于全市养老服务体系建设情况的专项工作报告");
    item->set_area(sup::SUPERVISION_AREA_LIVELIHOOD);
    item->set_form(sup::SUPERVISION_FORM_SPECIAL_WORK_REPORT);
    item->set_year(2026);
    sup::CreateSupervisionItemResponse resp;
    grpc::Status s = sup_stub_->CreateSupervisionItem(ContextWith(TokenFor(Role::kStaff)).get(), req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
  }

  rpt::Overview Overview() {
    rpt::GetOverviewRequest req;
    req.set_congress("congresses/hz");
    rpt::GetOverviewResponse resp;
    grpc::Status s = rpt_stub_->GetOverview(ContextWith(TokenFor(Role::kLeader)).get(), req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return resp.overview();
  }

  static int64_t Count(const google::protobuf::Map<std::string, int64_t>& m, const std::string& k) {
    auto it = m.find(k);
    return it == m.end() ? 0 : it->second;
  }

  // The overview once reporting has caught up with the three feeds of hz (through the drain
  // hook of each follower), having applied `events` events in all.
  rpt::Overview OverviewAfter(int64_t events) {
    const std::pair<const char*, ServiceHost*> sources[] = {
        {reporting::kRepresentatives, reps_.get()},
        {reporting::kIntake, intake_.get()},
        {reporting::kSupervision, supervision_.get()},
    };
    for (const auto& [source, host] : sources) {
      EXPECT_TRUE(Reporting().follower(source)->WaitApplied("hz", LastCursor(*host, "congresses/hz"), absl::Seconds(10)))
          << "reporting did not catch up with " << source;
    }
    rpt::Overview o = Overview();
    int64_t applied = 0;
    for (const auto& s : o.sources()) applied += s.events_applied();
    EXPECT_GE(applied, events) << o.DebugString();
    return o;
  }

  testing::RedisServer redis_;
  reporting::ReportingService& Reporting() { return *reporting_service_; }

  // The cursor of the last event in the feed `host` serves of `parent` ("" when none).
  std::string LastCursor(const ServiceHost& host, const std::string& parent) {
    auto feed = renda::feed::v1::ChangeFeedService::NewStub(testing::ChannelTo(host));
    return testing::LastChangeCursor(*feed, TokenFor(Role::kService, "*"), parent.substr(parent.rfind('/') + 1));
  }

  std::unique_ptr<ServiceHost> reps_, intake_, supervision_, reporting_;
  reporting::ReportingService* reporting_service_ = nullptr;
  std::unique_ptr<rep::RepresentativesService::Stub> rep_stub_;
  std::unique_ptr<in::IntakeService::Stub> in_stub_;
  std::unique_ptr<sup::SupervisionService::Stub> sup_stub_;
  std::unique_ptr<rpt::ReportingService::Stub> rpt_stub_;
};

TEST_F(ReportingTest, OverviewCountsWhatTheSourcesRecorded) {
  CreateDeputy("a");
  CreateDeputy("b");
  Resign(CreateDeputy("c"));
  SubmitOpinion("文三路与学院路交叉口早高峰拥堵严重");
  SubmitOpinion("小区门口公交站台没有遮雨棚");
  CreateItem();
  rpt::Overview o = OverviewAfter(7);  // 4 deputy events, 2 opinions, 1 item
  EXPECT_EQ(Count(o.deputies_by_status(), "DEPUTY_STATUS_SERVING"), 2);
  EXPECT_EQ(Count(o.deputies_by_status(), "DEPUTY_STATUS_RESIGNED"), 1);
  EXPECT_EQ(Count(o.opinions_by_state(), "OPINION_STATE_RECEIVED"), 2);
  EXPECT_EQ(Count(o.supervision_items_by_state(), "SUPERVISION_ITEM_STATE_PLANNED"), 1);
}

TEST_F(ReportingTest, OpinionShowsUpAlsoAfterReportingRestarts) {
  SubmitOpinion("河道异味明显，希望尽快治理");
  rpt::Overview before = OverviewAfter(1);
  EXPECT_EQ(Count(before.opinions_by_state(), "OPINION_STATE_RECEIVED"), 1);

  reporting_.reset();  // reporting goes away; the sources go on
  SubmitOpinion("幼儿园学位紧张");
  CreateDeputy("while-away");
  StartReporting();

  rpt::Overview after = OverviewAfter(3);
  EXPECT_EQ(Count(after.opinions_by_state(), "OPINION_STATE_RECEIVED"), 2) << "no event lost, none counted twice";
  EXPECT_EQ(Count(after.deputies_by_status(), "DEPUTY_STATUS_SERVING"), 1);
  SubmitOpinion("社区卫生服务中心挂号难");
  after = OverviewAfter(4);
  EXPECT_EQ(Count(after.opinions_by_state(), "OPINION_STATE_RECEIVED"), 3);
}

TEST_F(ReportingTest, FollowerResumesWhenASourceRestarts) {
  CreateDeputy("first");
  OverviewAfter(1);
  // The representatives service goes down (ending reporting's stream) and comes back on the
  // same address; reporting reconnects from its last cursor and counts what follows.
  ServerOptions same_address;
  same_address.listen = reps_->address();
  reps_.reset();
  reps_ = testing::StartHost(redis_.address(), &representatives::MakeRepresentativesServices, RealClock::Get(),
                             same_address);
  rep_stub_ = rep::RepresentativesService::NewStub(testing::ChannelTo(*reps_));
  CreateDeputy("second");
  rpt::Overview o = OverviewAfter(2);
  EXPECT_EQ(Count(o.deputies_by_status(), "DEPUTY_STATUS_SERVING"), 2);
}

TEST_F(ReportingTest, OverviewOfAnUnregisteredCongressIsNotFound) {
  rpt::GetOverviewRequest req;
  req.set_congress("congresses/hz-xihu");
  rpt::GetOverviewResponse resp;
  grpc::Status s = rpt_stub_->GetOverview(ContextWith(TokenFor(Role::kStaff, "*")).get(), req, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_NE(s.error_message().find("hz-xihu"), std::string::npos) << s.error_message();
  s = rpt_stub_->GetOverview(ContextWith(TokenFor(Role::kCitizen)).get(), req, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(ReportingTest, ACongressRegisteredWhileRunningIsFollowed) {
  auto registry = rep::RegistryService::NewStub(testing::ChannelTo(*reps_));
  rep::CreateCongressRequest create;
  create.set_congress_id("hz-xihu");
  create.mutable_congress()->set_display_name("西湖区人民代表大会");
  create.mutable_congress()->set_level(rep::CONGRESS_LEVEL_DISTRICT);
  create.mutable_congress()->set_parent("congresses/hz");
  create.mutable_congress()->set_term(9);
  rep::CreateCongressResponse created;
  ASSERT_TRUE(registry->CreateCongress(ContextWith(TokenFor(Role::kAdmin, "*")).get(), create, &created).ok());
  rep::CreateDeputyRequest req;
  req.set_parent("congresses/hz-xihu");
  req.set_deputy_id("li");
  req.mutable_deputy()->set_display_name("李娜");
  req.mutable_deputy()->set_term(9);
  req.mutable_deputy()->set_electoral_unit("北山街道");
  rep::CreateDeputyResponse deputy;
  ASSERT_TRUE(rep_stub_->CreateDeputy(ContextWith(TokenFor(Role::kStaff, "hz-xihu")).get(), req, &deputy).ok());
  // The drain hook: reporting's follower of the representatives feed has applied that event.
  ASSERT_TRUE(Reporting().follower(reporting::kRepresentatives)
                  ->WaitApplied("hz-xihu", LastCursor(*reps_, "congresses/hz-xihu"), absl::Seconds(10)));
  rpt::GetOverviewRequest overview;
  overview.set_congress("congresses/hz-xihu");
  rpt::GetOverviewResponse resp;
  ASSERT_TRUE(rpt_stub_->GetOverview(ContextWith(TokenFor(Role::kStaff, "hz-xihu")).get(), overview, &resp).ok());
  EXPECT_EQ(Count(resp.overview().deputies_by_status(), "DEPUTY_STATUS_SERVING"), 1);
}

// A deputy's year as the electoral unit reads it: the representatives service's structured year,
// rendered; who may read it is the representatives service's rule, applied to the caller's token.
TEST_F(ReportingTest, AnnualDutyReportIsRenderedForThoseWhoMayReadIt) {
  CreateDeputy("wang");
  const std::string staff = TokenFor(Role::kStaff);
  auto evaluation = rep::EvaluationService::NewStub(testing::ChannelTo(*reps_));
  rep::CreateScoringRulesRequest rules;
  rules.set_parent("congresses/hz");
  auto* rule = rules.mutable_scoring_rules()->add_type_rules();
  rule->set_type(rep::DUTY_RECORD_TYPE_STATION_RECEPTION);
  rule->set_points(2);
  rep::CreateScoringRulesResponse rules_resp;
  grpc::Status s = evaluation->CreateScoringRules(ContextWith(staff).get(), rules, &rules_resp);
  ASSERT_TRUE(s.ok()) << s.error_message();
  auto duty = rep::DutyRecordService::NewStub(testing::ChannelTo(*reps_));
  for (int day : {3, 17}) {
    rep::CreateDutyRecordRequest req;
    req.set_parent("congresses/hz");
    rep::DutyRecord* r = req.mutable_duty_record();
    r->set_deputy("congresses/hz/deputies/wang");
    r->set_type(rep::DUTY_RECORD_TYPE_STATION_RECEPTION);
    r->mutable_date()->set_year(2025);
    r->mutable_date()->set_month(4);
    r->mutable_date()->set_day(day);
    r->set_title("文新街道代表联络站接待选民");
    rep::CreateDutyRecordResponse resp;
    s = duty->CreateDutyRecord(ContextWith(staff).get(), req, &resp);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  rpt::RenderAnnualDutyReportRequest req;
  req.set_deputy("congresses/hz/deputies/wang");
  req.set_year(2025);
  rpt::RenderAnnualDutyReportResponse resp;
  s = rpt_stub_->RenderAnnualDutyReport(ContextWith(staff).get(), req, &resp);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(resp.title(), "张伟代表2025年度履职报告");
  EXPECT_NE(resp.markdown().find("| 进站接待 | 2 |"), std::string::npos) << resp.markdown();
  EXPECT_NE(resp.markdown().find("全年积分 **4** 分"), std::string::npos) << resp.markdown();
  EXPECT_NE(resp.markdown().find("2025年4月17日　文新街道代表联络站接待选民"), std::string::npos) << resp.markdown();
  EXPECT_EQ(resp.report().records_by_type_size(), 1);

  // The deputy reads their own year; another deputy may not; a bad year is refused here.
  rpt::RenderAnnualDutyReportResponse own;
  EXPECT_TRUE(rpt_stub_->RenderAnnualDutyReport(ContextWith(testing::DeputyTokenFor("wang")).get(), req, &own).ok());
  EXPECT_EQ(own.markdown(), resp.markdown());
  rpt::RenderAnnualDutyReportResponse other;
  EXPECT_EQ(rpt_stub_->RenderAnnualDutyReport(ContextWith(testing::DeputyTokenFor("li")).get(), req, &other).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  req.set_year(1999);
  EXPECT_EQ(rpt_stub_->RenderAnnualDutyReport(ContextWith(staff).get(), req, &other).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  req.set_year(2025);
  req.set_deputy("congresses/hz/deputies/nobody");
  EXPECT_EQ(rpt_stub_->RenderAnnualDutyReport(ContextWith(staff).get(), req, &other).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(rpt_stub_->RenderAnnualDutyReport(ContextWith("").get(), req, &other).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

}  // namespace
}  // namespace renda
