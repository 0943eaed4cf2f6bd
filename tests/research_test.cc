// Leaders' research (调查研究) end to end: a real Redis and the supervision services in-process
// on port 0 on a fake clock (the representatives services hold the registry). Staff register
// the year's research plans; topics gather days, reports and outcomes; the quota query shows
// who is below it, a leader with nothing recorded included. Every refusal has its code and
// writes nothing.
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "renda/supervision/v1/research.grpc.pb.h"
#include "services/supervision/services.h"
#include "tests/support/intake_fixture.h"

namespace renda {
namespace {

using namespace supervision::v1;  // NOLINT: test brevity
using testing::CallAs;
using testing::ContextWith;
using testing::Day;
using testing::Named;

class ResearchTest : public testing::RepresentativesFixture {
 protected:
  void SetUp() override {
    StartServices();
    sup_host_ = testing::StartHost(
        redis_.address(),
        [](const Runtime& rt) { return supervision::MakeSupervisionServices(rt, supervision::SupervisionOptions()); },
        &clock_);
    ASSERT_TRUE(testing::WaitServing(*sup_host_));
    auto channel = testing::ChannelTo(*sup_host_);
    research_ = ResearchService::NewStub(channel);
    sup_feed_ = renda::feed::v1::ChangeFeedService::NewStub(channel);
  }

  std::string Staff() { return Token(Role::kStaff); }
  std::string Leader(const std::string& id) { return Token(Role::kLeader, id); }

  void Plan(const std::string& leader, const std::string& display_name, int year = 2024) {
    CreateResearchPlanRequest req;
    req.set_parent("congresses/hz");
    req.mutable_research_plan()->set_leader(leader);
    req.mutable_research_plan()->set_display_name(display_name);
    req.mutable_research_plan()->set_post("常委会副主任");
    req.mutable_research_plan()->set_year(year);
    CreateResearchPlanResponse resp;
    auto s = research_->CreateResearchPlan(ContextWith(Staff()).get(), req, &resp);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  static CreateResearchTopicRequest TopicRequest(const std::string& lead, bool key,
                                                 const std::vector<std::string>& participants = {}) {
    CreateResearchTopicRequest req;
    req.set_parent("congresses/hz");
    auto* t = req.mutable_research_topic();
    t->set_title(key ? "数字经济促进条例实施情况调研" : "基层立法联系点建设调研");
    t->set_year(2024);
    t->set_key_topic(key);
    t->set_lead(lead);
    for (const auto& p : participants) t->add_participants(p);
    return req;
  }

  ResearchTopic Topic(const std::string& lead, bool key, const std::vector<std::string>& participants = {}) {
    CreateResearchTopicResponse resp;
    auto s = research_->CreateResearchTopic(ContextWith(Staff()).get(), TopicRequest(lead, key, participants), &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return resp.research_topic();
  }

  static LogResearchDaysRequest DaysRequest(const std::string& topic, const std::string& leader, int days) {
    LogResearchDaysRequest req;
    req.set_research_topic(topic);
    req.mutable_days()->set_leader(leader);
    req.mutable_days()->set_days(days);
    *req.mutable_days()->mutable_start_date() = Day(2024, 4, 1);
    req.mutable_days()->set_note("赴萧山、余杭实地调研");
    return req;
  }

  grpc::Status LogDays(const std::string& token, const std::string& topic, const std::string& leader, int days) {
    LogResearchDaysResponse resp;
    return research_->LogResearchDays(ContextWith(token).get(), DaysRequest(topic, leader, days), &resp);
  }

  static AddResearchReportRequest ReportRequest(const std::string& topic, const std::vector<std::string>& authors) {
    AddResearchReportRequest req;
    req.set_research_topic(topic);
    req.mutable_report()->set_title("关于数字经济促进条例实施情况的调研报告");
    for (const auto& a : authors) req.mutable_report()->add_authors(a);
    *req.mutable_report()->mutable_submit_date() = Day(2024, 5, 20);
    return req;
  }

  static RecordResearchOutcomeRequest OutcomeRequest(const std::string& topic) {
    RecordResearchOutcomeRequest req;
    req.set_research_topic(topic);
    req.mutable_outcome()->set_description("调研建议纳入市政府数字经济三年行动计划");
    req.mutable_outcome()->set_adopted_by("杭州市人民政府");
    *req.mutable_outcome()->mutable_date() = Day(2024, 6, 1);
    return req;
  }

  std::vector<ResearchQuotaStanding> Standings(bool include_met) {
    ListResearchQuotaShortfallsRequest req;
    req.set_parent("congresses/hz");
    req.set_year(2024);
    req.set_include_met(include_met);
    ListResearchQuotaShortfallsResponse resp;
    auto s = research_->ListResearchQuotaShortfalls(ContextWith(Staff()).get(), req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return {resp.standings().begin(), resp.standings().end()};
  }

  int64_t SupFeedLength() {
    return static_cast<int64_t>(testing::AllChanges(*sup_feed_, ServiceTokenAt(clock_)).size());
  }

  std::unique_ptr<ServiceHost> sup_host_;
  std::unique_ptr<ResearchService::Stub> research_;
  std::unique_ptr<renda::feed::v1::ChangeFeedService::Stub> sup_feed_;
};

TEST_F(ResearchTest, TheQuotaQueryShowsWhoIsBelowItIncludingALeaderWithNothingRecorded) {
  Plan("wang", "王主任");
  Plan("li", "李副主任");
  Plan("zhao", "赵副主任");  // nothing recorded for zhao all year

  // wang leads a key topic with li; 40 + 25 days, a report, an outcome.
  const ResearchTopic key = Topic("wang", true, {"li"});
  ASSERT_TRUE(LogDays(Leader("wang"), key.name(), "wang", 40).ok()) << "a leader records their own days";
  ASSERT_TRUE(LogDays(Staff(), key.name(), "wang", 25).ok());
  ASSERT_TRUE(LogDays(Staff(), key.name(), "li", 30).ok());
  AddResearchReportResponse reported;
  ASSERT_TRUE(
      research_->AddResearchReport(ContextWith(Leader("wang")).get(), ReportRequest(key.name(), {"wang"}), &reported)
          .ok());
  EXPECT_EQ(reported.research_topic().state(), RESEARCH_TOPIC_STATE_REPORTED);
  RecordResearchOutcomeResponse acted;
  ASSERT_TRUE(research_->RecordResearchOutcome(ContextWith(Staff()).get(), OutcomeRequest(key.name()), &acted).ok());
  EXPECT_EQ(acted.research_topic().state(), RESEARCH_TOPIC_STATE_ACTED);
  // li also leads an ordinary topic: 35 more days, and a report of their own.
  const ResearchTopic minor = Topic("li", false);
  ASSERT_TRUE(LogDays(Staff(), minor.name(), "li", 35).ok());
  ASSERT_TRUE(
      research_->AddResearchReport(ContextWith(Staff()).get(), ReportRequest(minor.name(), {"li"}), &reported).ok());

  const std::vector<ResearchQuotaStanding> all = Standings(/*include_met=*/true);
  ASSERT_EQ(all.size(), 3u);
  // In leader order: li, wang, zhao.
  EXPECT_EQ(all[0].leader(), "li");
  EXPECT_EQ(all[0].days(), 65);
  EXPECT_EQ(all[0].key_topics_led(), 0);
  EXPECT_EQ(all[0].reports(), 1);
  EXPECT_FALSE(all[0].meets_quota()) << "li led no key topic";
  EXPECT_EQ(all[1].leader(), "wang");
  EXPECT_TRUE(all[1].meets_quota());
  EXPECT_EQ(all[2].leader(), "zhao");
  EXPECT_EQ(all[2].days(), 0);
  EXPECT_EQ(all[2].shortfalls_size(), 3);

  const std::vector<ResearchQuotaStanding> below = Standings(/*include_met=*/false);
  ASSERT_EQ(below.size(), 2u);
  EXPECT_EQ(below[0].leader(), "li");
  EXPECT_EQ(below[1].leader(), "zhao");
  EXPECT_EQ(below[1].display_name(), "赵副主任");

  ListResearchTopicsRequest list;
  list.set_parent("congresses/hz");
  list.set_leader("li");
  ListResearchTopicsResponse page;
  ASSERT_TRUE(research_->ListResearchTopics(ContextWith(Token(Role::kDeputy)).get(), list, &page).ok());
  EXPECT_EQ(page.research_topics_size(), 2) << "li leads one and takes part in the other";
}

TEST_F(ResearchTest, RefusalsHaveTheirCodeAndWriteNothing) {
  Plan("wang", "王主任");
  Plan("li", "李副主任");
  const ResearchTopic topic = Topic("wang", true);
  const int64_t feed = SupFeedLength();
  auto* r = research_.get();
  using S = ResearchService::Stub;
  CreateResearchPlanRequest twice;
  twice.set_parent("congresses/hz");
  twice.mutable_research_plan()->set_leader("wang");
  twice.mutable_research_plan()->set_display_name("王主任");
  twice.mutable_research_plan()->set_year(2024);
  CreateResearchPlanRequest no_name = twice;
  no_name.mutable_research_plan()->clear_display_name();
  no_name.mutable_research_plan()->set_leader("zhou");
  ListResearchQuotaShortfallsRequest no_year;
  no_year.set_parent("congresses/hz");
  ListResearchPlansRequest plans;
  plans.set_parent("congresses/hz");
  plans.set_year(2024);
  LogResearchDaysRequest too_many = DaysRequest(topic.name(), "wang", 400);

  std::vector<testing::RefusedCall> calls = {
      {"a second plan for the year", CallAs(Staff(), r, &S::CreateResearchPlan, twice),
       grpc::StatusCode::ALREADY_EXISTS},
      {"a plan without a name", CallAs(Staff(), r, &S::CreateResearchPlan, no_name),
       grpc::StatusCode::INVALID_ARGUMENT},
      {"a leader registers a plan", CallAs(Leader("wang"), r, &S::CreateResearchPlan, twice),
       grpc::StatusCode::PERMISSION_DENIED},
      {"a deputy lists plans", CallAs(Token(Role::kDeputy), r, &S::ListResearchPlans, plans),
       grpc::StatusCode::PERMISSION_DENIED},
      {"a topic led by a leader without a plan",
       CallAs(Staff(), r, &S::CreateResearchTopic, TopicRequest("zhou", true)), grpc::StatusCode::FAILED_PRECONDITION},
      {"a topic with the lead also a participant",
       CallAs(Staff(), r, &S::CreateResearchTopic, TopicRequest("wang", true, {"wang"})),
       grpc::StatusCode::INVALID_ARGUMENT},
      {"a deputy adds a topic", CallAs(Token(Role::kDeputy), r, &S::CreateResearchTopic, TopicRequest("wang", true)),
       grpc::StatusCode::PERMISSION_DENIED},
      {"get an unknown topic",
       CallAs(Staff(), r, &S::GetResearchTopic, Named<GetResearchTopicRequest>("congresses/hz/researchTopics/none")),
       grpc::StatusCode::NOT_FOUND},
      {"a leader records another's days",
       CallAs(Leader("li"), r, &S::LogResearchDays, DaysRequest(topic.name(), "wang", 3)),
       grpc::StatusCode::PERMISSION_DENIED},
      {"days of a leader not on the topic", CallAs(Staff(), r, &S::LogResearchDays, DaysRequest(topic.name(), "li", 3)),
       grpc::StatusCode::INVALID_ARGUMENT},
      {"more days than a year has", CallAs(Staff(), r, &S::LogResearchDays, too_many),
       grpc::StatusCode::INVALID_ARGUMENT},
      {"days on an unknown topic",
       CallAs(Staff(), r, &S::LogResearchDays, DaysRequest("congresses/hz/researchTopics/none", "wang", 3)),
       grpc::StatusCode::NOT_FOUND},
      {"a report by someone not on the topic",
       CallAs(Staff(), r, &S::AddResearchReport, ReportRequest(topic.name(), {"li"})),
       grpc::StatusCode::INVALID_ARGUMENT},
      {"a report without authors", CallAs(Staff(), r, &S::AddResearchReport, ReportRequest(topic.name(), {})),
       grpc::StatusCode::INVALID_ARGUMENT},
      {"an outcome before any report", CallAs(Staff(), r, &S::RecordResearchOutcome, OutcomeRequest(topic.name())),
       grpc::StatusCode::FAILED_PRECONDITION},
      {"a leader records an outcome",
       CallAs(Leader("wang"), r, &S::RecordResearchOutcome, OutcomeRequest(topic.name())),
       grpc::StatusCode::PERMISSION_DENIED},
      {"the quota of no year", CallAs(Staff(), r, &S::ListResearchQuotaShortfalls, no_year),
       grpc::StatusCode::INVALID_ARGUMENT},
      {"a deputy asks for the quota", CallAs(Token(Role::kDeputy), r, &S::ListResearchQuotaShortfalls, no_year),
       grpc::StatusCode::PERMISSION_DENIED},
      {"another congress adds a topic",
       CallAs(Token(Role::kStaff, "tester", "", "sh"), r, &S::CreateResearchTopic, TopicRequest("wang", true)),
       grpc::StatusCode::PERMISSION_DENIED},
  };
  testing::ExpectRefused(calls);
  EXPECT_EQ(SupFeedLength(), feed) << "a refused call writes nothing";
}

}  // namespace
}  // namespace renda
