// The intake service end to end: anonymous submission with a tracking code, classification,
// who sees the submitter's contact data, newest-first lists, and refusals that write nothing;
// a real Redis, the intake services on port 0, time from a fake clock.
#include <gtest/gtest.h>

#include "renda/feed/v1/feed.grpc.pb.h"

#include "services/intake/intake_service.h"
#include "services/intake/services.h"
#include "tests/support/intake_fixture.h"

namespace renda {
namespace {

using namespace intake::v1;  // NOLINT: test brevity
using testing::ContextWith;

class IntakeTest : public testing::IntakeFixture {
 protected:
  void SetUp() override {
    StartIntake(intake::IntakeOptions());
    stub_ = IntakeService::NewStub(intake_channel_);
  }

  SubmitOpinionRequest Request(const std::string& content) {
    SubmitOpinionRequest req;
    req.set_parent("congresses/hz");
    req.mutable_opinion()->set_title("市民来信");
    req.mutable_opinion()->set_content(content);
    req.mutable_opinion()->set_channel(CHANNEL_HOTLINE);
    req.mutable_opinion()->set_district("hz-xihu");
    req.mutable_opinion()->mutable_submitter()->set_display_name("陈女士");
    req.mutable_opinion()->mutable_submitter()->set_phone("13900000000");
    return req;
  }

  std::unique_ptr<IntakeService::Stub> stub_;
};

TEST_F(IntakeTest, AnonymousCitizenSubmitsAndGetsATrackingCode) {
  SubmitOpinionResponse resp;
  grpc::Status s = stub_->SubmitOpinion(ContextWith("").get(), Request("文三路学院路口早高峰拥堵，红绿灯时间太短"), &resp);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(resp.opinion().state(), OPINION_STATE_RECEIVED);
  EXPECT_EQ(resp.opinion().category(), "traffic");
  EXPECT_GE(resp.opinion().tracking_code().size(), 16u);
  EXPECT_EQ(resp.opinion().submitter().phone(), "13900000000") << "the submitter sees what they sent";

  GetOpinionRequest get;
  get.set_name(resp.opinion().name());
  GetOpinionResponse got;
  ASSERT_TRUE(stub_->GetOpinion(ContextWith(Token(Role::kStaff)).get(), get, &got).ok());
  EXPECT_EQ(got.opinion().submitter().phone(), "13900000000");
  EXPECT_EQ(got.opinion().tracking_code(), resp.opinion().tracking_code());
  ASSERT_TRUE(stub_->GetOpinion(ContextWith(Token(Role::kLeader)).get(), get, &got).ok());
  EXPECT_FALSE(got.opinion().has_submitter()) << "contact data is for staff only";
  EXPECT_EQ(got.opinion().tracking_code(), "");
  EXPECT_EQ(got.opinion().content(), "文三路学院路口早高峰拥堵，红绿灯时间太短");
}

TEST_F(IntakeTest, TrackingCodesDiffer) {
  SubmitOpinionResponse a, b;
  ASSERT_TRUE(stub_->SubmitOpinion(ContextWith("").get(), Request("河道异味"), &a).ok());
  ASSERT_TRUE(stub_->SubmitOpinion(ContextWith("").get(), Request("河道异味"), &b).ok());
  EXPECT_NE(a.opinion().tracking_code(), b.opinion().tracking_code());
  EXPECT_NE(a.opinion().name(), b.opinion().name());
}

TEST_F(IntakeTest, ListIsNewestFirstAndFilters) {
  for (const char* text : {"幼儿园学位紧张", "小区噪音扰民", "公交站台没有遮雨棚"}) {
    SubmitOpinionResponse r;
    ASSERT_TRUE(stub_->SubmitOpinion(ContextWith("").get(), Request(text), &r).ok());
    clock_.Advance(absl::Milliseconds(2));  // ids are time-ordered to the millisecond
  }
  ListOpinionsRequest list;
  list.set_parent("congresses/hz");
  ListOpinionsResponse page;
  ASSERT_TRUE(stub_->ListOpinions(ContextWith(Token(Role::kStaff)).get(), list, &page).ok());
  ASSERT_EQ(page.opinions_size(), 3);
  EXPECT_EQ(page.opinions(0).content(), "公交站台没有遮雨棚");
  EXPECT_EQ(page.opinions(2).content(), "幼儿园学位紧张");
  list.set_category("education");
  ASSERT_TRUE(stub_->ListOpinions(ContextWith(Token(Role::kStaff)).get(), list, &page).ok());
  ASSERT_EQ(page.opinions_size(), 1);
  EXPECT_EQ(page.opinions(0).content(), "幼儿园学位紧张");
}

TEST_F(IntakeTest, BadSubmissionsAreRefusedAndWriteNothing) {
  struct Case {
    std::string what;
    std::function<void(SubmitOpinionRequest&)> mutate;
    grpc::StatusCode want;
  };
  std::vector<Case> cases = {
      {"empty content", [](auto& r) { r.mutable_opinion()->set_content(""); }, grpc::StatusCode::INVALID_ARGUMENT},
      {"empty title", [](auto& r) { r.mutable_opinion()->set_title(""); }, grpc::StatusCode::INVALID_ARGUMENT},
      {"1 MB content", [](auto& r) { r.mutable_opinion()->set_content(std::string(1 << 20, 'x')); },
       grpc::StatusCode::INVALID_ARGUMENT},
      {"no channel", [](auto& r) { r.mutable_opinion()->set_channel(CHANNEL_UNSPECIFIED); },
       grpc::StatusCode::INVALID_ARGUMENT},
      {"unknown channel", [](auto& r) { r.mutable_opinion()->set_channel(static_cast<Channel>(42)); },
       grpc::StatusCode::INVALID_ARGUMENT},
      {"bad district", [](auto& r) { r.mutable_opinion()->set_district("西湖区"); }, grpc::StatusCode::INVALID_ARGUMENT},
      {"bad parent", [](auto& r) { r.set_parent("congresses/"); }, grpc::StatusCode::INVALID_ARGUMENT},
  };
  for (const auto& c : cases) {
    SubmitOpinionRequest req = Request("正文");
    c.mutate(req);
    SubmitOpinionResponse resp;
    grpc::Status s = stub_->SubmitOpinion(ContextWith("").get(), req, &resp);
    EXPECT_EQ(s.error_code(), c.want) << c.what << ": " << s.error_message();
  }
  EXPECT_EQ(FeedLength(), 0);

  // Reads need a role; citizens and deputies may not browse others' opinions.
  ListOpinionsRequest list;
  list.set_parent("congresses/hz");
  ListOpinionsResponse page;
  EXPECT_EQ(stub_->ListOpinions(ContextWith("").get(), list, &page).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(stub_->ListOpinions(ContextWith(Token(Role::kCitizen)).get(), list, &page).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  list.set_page_size(-5);
  EXPECT_EQ(stub_->ListOpinions(ContextWith(Token(Role::kStaff)).get(), list, &page).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  GetOpinionRequest get;
  get.set_name("congresses/hz/opinions/nope");
  GetOpinionResponse got;
  EXPECT_EQ(stub_->GetOpinion(ContextWith(Token(Role::kStaff)).get(), get, &got).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(IntakeTest, FeedHidesContactDataFromServices) {
  SubmitOpinionResponse r;
  ASSERT_TRUE(stub_->SubmitOpinion(ContextWith("").get(), Request("垃圾分类点太远"), &r).ok());
  renda::feed::v1::ListChangesRequest req;
  req.set_parent("congresses/hz");
  renda::feed::v1::ListChangesResponse resp;
  ASSERT_TRUE(intake_feed_->ListChanges(ContextWith(Token(Role::kService)).get(), req, &resp).ok());
  ASSERT_EQ(resp.events_size(), 1);
  Opinion o;
  ASSERT_TRUE(resp.events(0).resource().UnpackTo(&o));
  EXPECT_FALSE(o.has_submitter());
  EXPECT_EQ(o.tracking_code(), "");
  EXPECT_EQ(o.content(), "垃圾分类点太远");
}

}  // namespace
}  // namespace renda
