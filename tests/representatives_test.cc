// The representatives service end to end: a real Redis, the service on port 0, real gRPC.
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "services/common/health_client.h"
#include "services/representatives/representatives_service.h"
#include "tests/support/redis_server.h"
#include "tests/support/suite.h"

namespace renda {
namespace {

using namespace representatives::v1;  // NOLINT: test brevity
using testing::ContextWith;
using testing::TokenFor;

ServiceFactory Representatives() {
  return [](const Runtime& rt) {
    std::vector<std::unique_ptr<grpc::Service>> s;
    s.push_back(std::make_unique<representatives::RepresentativesService>(rt));
    return s;
  };
}

class RepresentativesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    host_ = testing::StartHost(redis_.address(), Representatives());
    ASSERT_TRUE(testing::WaitServing(*host_));
    stub_ = RepresentativesService::NewStub(testing::ChannelTo(*host_));
  }

  Deputy Sample(const std::string& name = "王建国") {
    Deputy d;
    d.set_display_name(name);
    d.set_term(14);
    d.set_electoral_unit("西湖区");
    d.set_delegation("hz-xihu");
    d.set_sector(SECTOR_PROFESSIONAL);
    d.set_phone("13800000000");
    return d;
  }

  grpc::Status Create(const Deputy& d, CreateDeputyResponse* resp, const std::string& id = "",
                      const std::string& token = TokenFor(Role::kStaff)) {
    CreateDeputyRequest req;
    req.set_parent("congresses/hz");
    *req.mutable_deputy() = d;
    req.set_deputy_id(id);
    return stub_->CreateDeputy(ContextWith(token).get(), req, resp);
  }

  int64_t FeedLength() { return std::stoll(redis_.Cli("XLEN rep:{hz}:feed")); }

  testing::RedisServer redis_;
  std::unique_ptr<ServiceHost> host_;
  std::unique_ptr<RepresentativesService::Stub> stub_;
};

TEST_F(RepresentativesTest, CreateGetListUpdateADeputy) {
  CreateDeputyResponse created;
  ASSERT_TRUE(Create(Sample(), &created, "wang-jianguo").ok());
  EXPECT_EQ(created.deputy().name(), "congresses/hz/deputies/wang-jianguo");
  EXPECT_EQ(created.deputy().status(), DEPUTY_STATUS_SERVING);
  EXPECT_EQ(created.deputy().status_history_size(), 1);
  EXPECT_EQ(created.deputy().etag(), "1");

  GetDeputyRequest get;
  get.set_name(created.deputy().name());
  GetDeputyResponse got;
  ASSERT_TRUE(stub_->GetDeputy(ContextWith(TokenFor(Role::kStaff)).get(), get, &got).ok());
  EXPECT_EQ(got.deputy().display_name(), "王建国");
  EXPECT_EQ(got.deputy().phone(), "13800000000");

  // A deputy sees the public profile: no phone.
  ASSERT_TRUE(stub_->GetDeputy(ContextWith(TokenFor(Role::kDeputy)).get(), get, &got).ok());
  EXPECT_EQ(got.deputy().phone(), "");

  CreateDeputyResponse other;
  Deputy d2 = Sample("李秀英");
  d2.set_delegation("hz-gongshu");
  ASSERT_TRUE(Create(d2, &other, "li-xiuying").ok());

  ListDeputiesRequest list;
  list.set_parent("congresses/hz");
  list.set_delegation("hz-xihu");
  ListDeputiesResponse page;
  ASSERT_TRUE(stub_->ListDeputies(ContextWith(TokenFor(Role::kCitizen)).get(), list, &page).ok());
  ASSERT_EQ(page.deputies_size(), 1);
  EXPECT_EQ(page.deputies(0).display_name(), "王建国");
  EXPECT_EQ(page.next_page_token(), "");

  UpdateDeputyRequest update;
  *update.mutable_deputy() = created.deputy();
  update.mutable_deputy()->set_status(DEPUTY_STATUS_RESIGNED);
  update.mutable_deputy()->set_delegation("hz-binjiang");
  update.mutable_update_mask()->add_paths("status");
  update.mutable_update_mask()->add_paths("delegation");
  update.set_status_reason("常委会接受辞职");
  UpdateDeputyResponse updated;
  auto s = stub_->UpdateDeputy(ContextWith(TokenFor(Role::kStaff)).get(), update, &updated);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(updated.deputy().status(), DEPUTY_STATUS_RESIGNED);
  EXPECT_EQ(updated.deputy().etag(), "2");
  ASSERT_EQ(updated.deputy().status_history_size(), 2);
  EXPECT_EQ(updated.deputy().status_history(1).reason(), "常委会接受辞职");
  EXPECT_EQ(updated.deputy().status_history(1).actor(), "tester");

  // The list follows: no longer in hz-xihu, now among the resigned.
  ASSERT_TRUE(stub_->ListDeputies(ContextWith(TokenFor(Role::kStaff)).get(), list, &page).ok());
  EXPECT_EQ(page.deputies_size(), 0);
  list.clear_delegation();
  list.set_status(DEPUTY_STATUS_RESIGNED);
  ASSERT_TRUE(stub_->ListDeputies(ContextWith(TokenFor(Role::kStaff)).get(), list, &page).ok());
  ASSERT_EQ(page.deputies_size(), 1);
  EXPECT_EQ(page.deputies(0).delegation(), "hz-binjiang");

  // Stale etag: the update made with etag 1 again is refused.
  update.mutable_deputy()->set_occupation("x");
  update.mutable_update_mask()->Clear();
  update.mutable_update_mask()->add_paths("occupation");
  s = stub_->UpdateDeputy(ContextWith(TokenFor(Role::kStaff)).get(), update, &updated);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::ABORTED);
}

TEST_F(RepresentativesTest, PagesCoverEveryDeputyOnce) {
  for (int i = 0; i < 23; ++i) {
    CreateDeputyResponse r;
    ASSERT_TRUE(Create(Sample(absl::StrCat("代表", i)), &r).ok());
  }
  ListDeputiesRequest list;
  list.set_parent("congresses/hz");
  list.set_page_size(5);
  int total = 0, pages = 0;
  do {
    ListDeputiesResponse page;
    ASSERT_TRUE(stub_->ListDeputies(ContextWith(TokenFor(Role::kStaff)).get(), list, &page).ok());
    total += page.deputies_size();
    list.set_page_token(page.next_page_token());
    ++pages;
  } while (!list.page_token().empty() && pages < 20);
  EXPECT_EQ(total, 23);
  EXPECT_EQ(pages, 5);
}

TEST_F(RepresentativesTest, RetriedCreateWithTheSameRequestIdCreatesOneDeputy) {
  CreateDeputyRequest req;
  req.set_parent("congresses/hz");
  *req.mutable_deputy() = Sample();
  req.set_request_id("create-wang-1");
  CreateDeputyResponse a, b;
  ASSERT_TRUE(stub_->CreateDeputy(ContextWith(TokenFor(Role::kStaff)).get(), req, &a).ok());
  ASSERT_TRUE(stub_->CreateDeputy(ContextWith(TokenFor(Role::kStaff)).get(), req, &b).ok());
  EXPECT_EQ(a.deputy().name(), b.deputy().name());
  EXPECT_EQ(redis_.Cli("ZCARD rep:{hz}:ix:deputies"), "1");
  EXPECT_EQ(FeedLength(), 1);
}

// Every refusal: its code, and nothing written.
TEST_F(RepresentativesTest, BadInputIsRefusedWithItsCodeAndWritesNothing) {
  CreateDeputyResponse seeded;
  ASSERT_TRUE(Create(Sample(), &seeded, "seed").ok());
  const int64_t feed_before = FeedLength();

  struct Case {
    std::string what;
    std::function<void(CreateDeputyRequest&)> mutate;
    std::string token;
    grpc::StatusCode want;
  };
  const std::string staff = TokenFor(Role::kStaff);
  std::vector<Case> cases = {
      {"empty name", [](auto& r) { r.mutable_deputy()->set_display_name(""); }, staff, grpc::StatusCode::INVALID_ARGUMENT},
      {"blank name", [](auto& r) { r.mutable_deputy()->set_display_name("   "); }, staff, grpc::StatusCode::INVALID_ARGUMENT},
      {"1 MB string", [](auto& r) { r.mutable_deputy()->set_occupation(std::string(1 << 20, 'x')); }, staff, grpc::StatusCode::INVALID_ARGUMENT},
      {"term 0", [](auto& r) { r.mutable_deputy()->set_term(0); }, staff, grpc::StatusCode::INVALID_ARGUMENT},
      {"unknown enum", [](auto& r) { r.mutable_deputy()->set_sector(static_cast<Sector>(99)); }, staff, grpc::StatusCode::INVALID_ARGUMENT},
      {"bad parent", [](auto& r) { r.set_parent("hz"); }, staff, grpc::StatusCode::INVALID_ARGUMENT},
      {"bad id", [](auto& r) { r.set_deputy_id("Not An Id"); }, staff, grpc::StatusCode::INVALID_ARGUMENT},
      {"existing id", [](auto& r) { r.set_deputy_id("seed"); }, staff, grpc::StatusCode::ALREADY_EXISTS},
      {"missing token", [](auto&) {}, "", grpc::StatusCode::UNAUTHENTICATED},
      {"garbage token", [](auto&) {}, "abc.def.ghi", grpc::StatusCode::UNAUTHENTICATED},
      {"wrong role", [](auto&) {}, TokenFor(Role::kDeputy), grpc::StatusCode::PERMISSION_DENIED},
      {"other congress", [](auto&) {}, TokenFor(Role::kStaff, "hz-xihu"), grpc::StatusCode::PERMISSION_DENIED},
  };
  for (const auto& c : cases) {
    CreateDeputyRequest req;
    req.set_parent("congresses/hz");
    *req.mutable_deputy() = Sample();
    c.mutate(req);
    CreateDeputyResponse resp;
    grpc::Status s = stub_->CreateDeputy(ContextWith(c.token).get(), req, &resp);
    EXPECT_EQ(s.error_code(), c.want) << c.what << ": " << s.error_message();
    EXPECT_FALSE(s.error_message().empty()) << c.what;
  }
  EXPECT_EQ(FeedLength(), feed_before);
  EXPECT_EQ(redis_.Cli("ZCARD rep:{hz}:ix:deputies"), "1");

  // Invalid UTF-8 in a string field never reaches the handler: the protobuf runtime refuses to
  // parse the request, and gRPC 1.51's callback API answers such a call with UNIMPLEMENTED.
  {
    CreateDeputyRequest req;
    req.set_parent("congresses/hz");
    *req.mutable_deputy() = Sample();
    req.mutable_deputy()->set_electoral_unit("\xff\xfe");
    CreateDeputyResponse resp;
    grpc::Status s = stub_->CreateDeputy(ContextWith(staff).get(), req, &resp);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::UNIMPLEMENTED);
    EXPECT_EQ(FeedLength(), feed_before);
  }

  // Reads: negative page size, forged page token, unknown id.
  ListDeputiesRequest list;
  list.set_parent("congresses/hz");
  list.set_page_size(-1);
  ListDeputiesResponse page;
  EXPECT_EQ(stub_->ListDeputies(ContextWith(staff).get(), list, &page).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  list.set_page_size(10);
  list.set_page_token("Zm9yZ2VkLXRva2VuLXRoYXQtaXMtbG9uZy1lbm91Z2g");
  EXPECT_EQ(stub_->ListDeputies(ContextWith(staff).get(), list, &page).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  GetDeputyRequest get;
  get.set_name("congresses/hz/deputies/nobody");
  GetDeputyResponse got;
  EXPECT_EQ(stub_->GetDeputy(ContextWith(staff).get(), get, &got).error_code(), grpc::StatusCode::NOT_FOUND);

  // Updates: unknown field in the mask, unknown deputy.
  UpdateDeputyRequest update;
  *update.mutable_deputy() = seeded.deputy();
  update.mutable_update_mask()->add_paths("name");
  UpdateDeputyResponse updated;
  EXPECT_EQ(stub_->UpdateDeputy(ContextWith(staff).get(), update, &updated).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  update.mutable_update_mask()->Clear();
  update.mutable_update_mask()->add_paths("status");
  update.mutable_deputy()->set_status(DEPUTY_STATUS_DECEASED);
  EXPECT_EQ(stub_->UpdateDeputy(ContextWith(staff).get(), update, &updated).error_code(), grpc::StatusCode::INVALID_ARGUMENT)
      << "a status change needs a reason";
  update.mutable_deputy()->set_name("congresses/hz/deputies/nobody");
  update.set_status_reason("x");
  EXPECT_EQ(stub_->UpdateDeputy(ContextWith(staff).get(), update, &updated).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(FeedLength(), feed_before);
}

TEST_F(RepresentativesTest, RedisLostMeansUnavailableAndNotServingUntilItIsBack) {
  CreateDeputyResponse created;
  ASSERT_TRUE(Create(Sample(), &created, "before").ok());
  auto channel = testing::ChannelTo(*host_);
  redis_.Kill();
  // Health turns NOT_SERVING within a few pings.
  bool not_serving = false;
  for (int i = 0; i < 100 && !not_serving; ++i) {
    auto h = CheckHealth(channel, "", absl::Seconds(1));
    not_serving = h.ok() && !*h;
    if (!not_serving) absl::SleepFor(absl::Milliseconds(50));
  }
  EXPECT_TRUE(not_serving);
  CreateDeputyResponse r;
  EXPECT_EQ(Create(Sample(), &r, "during").error_code(), grpc::StatusCode::UNAVAILABLE);
  GetDeputyRequest get;
  get.set_name(created.deputy().name());
  GetDeputyResponse got;
  EXPECT_EQ(stub_->GetDeputy(ContextWith(TokenFor(Role::kStaff)).get(), get, &got).error_code(),
            grpc::StatusCode::UNAVAILABLE);

  redis_.Start();
  ASSERT_TRUE(WaitForServing(channel, "", absl::Seconds(10)).ok());
  ASSERT_TRUE(stub_->GetDeputy(ContextWith(TokenFor(Role::kStaff)).get(), get, &got).ok());
  EXPECT_EQ(got.deputy().display_name(), "王建国");  // the acknowledged write survived
  EXPECT_TRUE(Create(Sample(), &r, "after").ok());
}

TEST_F(RepresentativesTest, ChangeFeedListsEveryChangeInOrder) {
  CreateDeputyResponse a, b;
  ASSERT_TRUE(Create(Sample(), &a, "a").ok());
  ASSERT_TRUE(Create(Sample("李秀英"), &b, "b").ok());
  ListChangesRequest req;
  req.set_parent("congresses/hz");
  ListChangesResponse resp;
  ASSERT_TRUE(stub_->ListChanges(ContextWith(TokenFor(Role::kService)).get(), req, &resp).ok());
  ASSERT_EQ(resp.events_size(), 2);
  EXPECT_EQ(resp.events(0).resource_name(), "congresses/hz/deputies/a");
  EXPECT_EQ(resp.events(1).resource_name(), "congresses/hz/deputies/b");
  Deputy d;
  ASSERT_TRUE(resp.events(1).resource().UnpackTo(&d));
  EXPECT_EQ(d.display_name(), "李秀英");
  EXPECT_EQ(d.phone(), "") << "personal data stays out of the feed for services";
  ASSERT_TRUE(stub_->ListChanges(ContextWith(TokenFor(Role::kStaff)).get(), req, &resp).ok());
  ASSERT_TRUE(resp.events(1).resource().UnpackTo(&d));
  EXPECT_EQ(d.phone(), "13800000000") << "staff see the whole record";
  req.set_after_cursor(resp.events(0).cursor());
  ASSERT_TRUE(stub_->ListChanges(ContextWith(TokenFor(Role::kService)).get(), req, &resp).ok());
  ASSERT_EQ(resp.events_size(), 1);
  EXPECT_EQ(resp.next_cursor(), resp.events(0).cursor());
  EXPECT_EQ(stub_->ListChanges(ContextWith(TokenFor(Role::kCitizen)).get(), req, &resp).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

}  // namespace
}  // namespace renda
