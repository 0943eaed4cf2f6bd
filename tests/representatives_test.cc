// The representatives service end to end: a real Redis, the service on port 0, real gRPC.
#include <gtest/gtest.h>

#include "renda/feed/v1/feed.grpc.pb.h"

#include <algorithm>
#include <thread>

#include "absl/strings/str_cat.h"
#include "services/representatives/deputy_logic.h"
#include "services/common/health_client.h"
#include "services/representatives/representatives_service.h"
#include "tests/support/representatives_fixture.h"
#include "tests/support/wait.h"

namespace renda {
namespace {

using namespace representatives::v1;  // NOLINT: test brevity
using testing::ContextWith;
using testing::TokenFor;

class RepresentativesTest : public testing::RepresentativesFixture {
 protected:
  void SetUp() override {
    StartServices(testing::ServicesOf<representatives::RepresentativesService>(), RealClock::Get());
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
    return deputies_->CreateDeputy(ContextWith(token).get(), req, resp);
  }

  static renda::type::v1::Date Today() { return representatives::DateOf(absl::Now()); }
  static renda::type::v1::Date DaysFromToday(int days) {
    return representatives::DateOf(absl::Now() + absl::Hours(24) * days);
  }

  Deputy GetAs(const std::string& name, const std::string& token) {
    GetDeputyRequest get;
    get.set_name(name);
    GetDeputyResponse got;
    grpc::Status s = deputies_->GetDeputy(ContextWith(token).get(), get, &got);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return got.deputy();
  }

  // How many deputies hz has, as staff list them.
  size_t DeputyCount() {
    ListDeputiesRequest list;
    list.set_parent("congresses/hz");
    list.set_page_size(100);
    size_t n = 0;
    for (int pages = 0; pages < 100; ++pages) {
      ListDeputiesResponse page;
      grpc::Status s = deputies_->ListDeputies(ContextWith(TokenFor(Role::kStaff)).get(), list, &page);
      EXPECT_TRUE(s.ok()) << s.error_message();
      if (!s.ok()) break;
      n += page.deputies_size();
      if (page.next_page_token().empty()) break;
      list.set_page_token(page.next_page_token());
    }
    return n;
  }

  // The display names of every deputy a list request finds, page by page.
  std::vector<std::string> Search(ListDeputiesRequest list, int page_size = 0, int* pages = nullptr) {
    list.set_parent("congresses/hz");
    list.set_page_size(page_size);
    std::vector<std::string> out;
    int n = 0;
    do {
      ListDeputiesResponse page;
      grpc::Status s = deputies_->ListDeputies(ContextWith(TokenFor(Role::kCitizen)).get(), list, &page);
      EXPECT_TRUE(s.ok()) << s.error_message();
      if (!s.ok()) break;
      for (const auto& d : page.deputies()) out.push_back(d.display_name());
      list.set_page_token(page.next_page_token());
      ++n;
    } while (!list.page_token().empty() && n < 100);
    if (pages) *pages = n;
    std::sort(out.begin(), out.end());
    return out;
  }
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
  ASSERT_TRUE(deputies_->GetDeputy(ContextWith(TokenFor(Role::kStaff)).get(), get, &got).ok());
  EXPECT_EQ(got.deputy().display_name(), "王建国");
  EXPECT_EQ(got.deputy().phone(), "13800000000");

  // A deputy sees the public profile: no phone.
  ASSERT_TRUE(deputies_->GetDeputy(ContextWith(TokenFor(Role::kDeputy)).get(), get, &got).ok());
  EXPECT_EQ(got.deputy().phone(), "");

  CreateDeputyResponse other;
  Deputy d2 = Sample("李秀英");
  d2.set_delegation("hz-gongshu");
  ASSERT_TRUE(Create(d2, &other, "li-xiuying").ok());

  ListDeputiesRequest list;
  list.set_parent("congresses/hz");
  list.set_delegation("hz-xihu");
  ListDeputiesResponse page;
  ASSERT_TRUE(deputies_->ListDeputies(ContextWith(TokenFor(Role::kCitizen)).get(), list, &page).ok());
  ASSERT_EQ(page.deputies_size(), 1);
  EXPECT_EQ(page.deputies(0).display_name(), "王建国");
  EXPECT_EQ(page.next_page_token(), "");

  UpdateDeputyRequest update;
  *update.mutable_deputy() = created.deputy();
  update.mutable_deputy()->set_delegation("hz-binjiang");
  update.mutable_update_mask()->add_paths("delegation");
  UpdateDeputyResponse updated;
  auto s = deputies_->UpdateDeputy(ContextWith(TokenFor(Role::kStaff)).get(), update, &updated);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(updated.deputy().etag(), "2");

  ChangeDeputyStatusRequest change;
  change.set_name(created.deputy().name());
  change.set_status(DEPUTY_STATUS_RESIGNED);
  *change.mutable_effective_date() = Today();
  change.set_reason("常委会接受辞职");
  change.set_etag("2");
  ChangeDeputyStatusResponse changed;
  s = deputies_->ChangeDeputyStatus(ContextWith(TokenFor(Role::kStaff)).get(), change, &changed);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(changed.deputy().status(), DEPUTY_STATUS_RESIGNED);
  EXPECT_EQ(changed.deputy().etag(), "3");
  ASSERT_EQ(changed.deputy().status_history_size(), 2);
  EXPECT_EQ(changed.deputy().status_history(1).reason(), "常委会接受辞职");
  EXPECT_EQ(changed.deputy().status_history(1).actor(), "tester");

  // The list follows: no longer in hz-xihu, now among the resigned.
  ASSERT_TRUE(deputies_->ListDeputies(ContextWith(TokenFor(Role::kStaff)).get(), list, &page).ok());
  EXPECT_EQ(page.deputies_size(), 0);
  list.clear_delegation();
  list.set_status(DEPUTY_STATUS_RESIGNED);
  ASSERT_TRUE(deputies_->ListDeputies(ContextWith(TokenFor(Role::kStaff)).get(), list, &page).ok());
  ASSERT_EQ(page.deputies_size(), 1);
  EXPECT_EQ(page.deputies(0).delegation(), "hz-binjiang");

  // Stale etag: the update made with etag 1 again is refused.
  update.mutable_deputy()->set_occupation("x");
  update.mutable_update_mask()->Clear();
  update.mutable_update_mask()->add_paths("occupation");
  s = deputies_->UpdateDeputy(ContextWith(TokenFor(Role::kStaff)).get(), update, &updated);
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
    ASSERT_TRUE(deputies_->ListDeputies(ContextWith(TokenFor(Role::kStaff)).get(), list, &page).ok());
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
  ASSERT_TRUE(deputies_->CreateDeputy(ContextWith(TokenFor(Role::kStaff)).get(), req, &a).ok());
  ASSERT_TRUE(deputies_->CreateDeputy(ContextWith(TokenFor(Role::kStaff)).get(), req, &b).ok());
  EXPECT_EQ(a.deputy().name(), b.deputy().name());
  EXPECT_EQ(DeputyCount(), 1u);
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
      {"other congress", [](auto&) {}, TokenFor(Role::kStaff, "sh"), grpc::StatusCode::PERMISSION_DENIED},
  };
  for (const auto& c : cases) {
    CreateDeputyRequest req;
    req.set_parent("congresses/hz");
    *req.mutable_deputy() = Sample();
    c.mutate(req);
    CreateDeputyResponse resp;
    grpc::Status s = deputies_->CreateDeputy(ContextWith(c.token).get(), req, &resp);
    EXPECT_EQ(s.error_code(), c.want) << c.what << ": " << s.error_message();
    EXPECT_FALSE(s.error_message().empty()) << c.what;
  }
  EXPECT_EQ(FeedLength(), feed_before);
  EXPECT_EQ(DeputyCount(), 1u);

  // Invalid UTF-8 in a string field never reaches the handler: the protobuf runtime refuses to
  // parse the request, and gRPC 1.51's callback API answers such a call with UNIMPLEMENTED.
  {
    CreateDeputyRequest req;
    req.set_parent("congresses/hz");
    *req.mutable_deputy() = Sample();
    req.mutable_deputy()->set_electoral_unit("\xff\xfe");
    CreateDeputyResponse resp;
    grpc::Status s = deputies_->CreateDeputy(ContextWith(staff).get(), req, &resp);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::UNIMPLEMENTED);
    EXPECT_EQ(FeedLength(), feed_before);
  }

  // Reads: negative page size, forged page token, unknown id.
  ListDeputiesRequest list;
  list.set_parent("congresses/hz");
  list.set_page_size(-1);
  ListDeputiesResponse page;
  EXPECT_EQ(deputies_->ListDeputies(ContextWith(staff).get(), list, &page).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  list.set_page_size(10);
  list.set_page_token("Zm9yZ2VkLXRva2VuLXRoYXQtaXMtbG9uZy1lbm91Z2g");
  EXPECT_EQ(deputies_->ListDeputies(ContextWith(staff).get(), list, &page).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  GetDeputyRequest get;
  get.set_name("congresses/hz/deputies/nobody");
  GetDeputyResponse got;
  EXPECT_EQ(deputies_->GetDeputy(ContextWith(staff).get(), get, &got).error_code(), grpc::StatusCode::NOT_FOUND);

  // Updates: unknown field in the mask, status (ChangeDeputyStatus's job), unknown deputy.
  UpdateDeputyRequest update;
  *update.mutable_deputy() = seeded.deputy();
  update.mutable_update_mask()->add_paths("name");
  UpdateDeputyResponse updated;
  EXPECT_EQ(deputies_->UpdateDeputy(ContextWith(staff).get(), update, &updated).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  update.mutable_update_mask()->Clear();
  update.mutable_update_mask()->add_paths("status");
  update.mutable_deputy()->set_status(DEPUTY_STATUS_DECEASED);
  update.set_status_reason("x");
  grpc::Status s = deputies_->UpdateDeputy(ContextWith(staff).get(), update, &updated);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("ChangeDeputyStatus"), std::string::npos) << s.error_message();
  update.mutable_deputy()->set_name("congresses/hz/deputies/nobody");
  update.clear_status_reason();
  update.mutable_update_mask()->Clear();
  update.mutable_update_mask()->add_paths("occupation");
  EXPECT_EQ(deputies_->UpdateDeputy(ContextWith(staff).get(), update, &updated).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(FeedLength(), feed_before);
  EXPECT_EQ(GetAs(seeded.deputy().name(), staff).etag(), "1");
}

TEST_F(RepresentativesTest, RedisLostMeansUnavailableAndNotServingUntilItIsBack) {
  CreateDeputyResponse created;
  ASSERT_TRUE(Create(Sample(), &created, "before").ok());
  auto channel = testing::ChannelTo(*host_);
  redis_.Kill();
  // Health turns NOT_SERVING within a few pings: the health service's Watch stream says when.
  EXPECT_TRUE(testing::WaitForServingStatus(channel, "", ServingStatus::kNotServing));
  CreateDeputyResponse r;
  EXPECT_EQ(Create(Sample(), &r, "during").error_code(), grpc::StatusCode::UNAVAILABLE);
  GetDeputyRequest get;
  get.set_name(created.deputy().name());
  GetDeputyResponse got;
  EXPECT_EQ(deputies_->GetDeputy(ContextWith(TokenFor(Role::kStaff)).get(), get, &got).error_code(),
            grpc::StatusCode::UNAVAILABLE);

  redis_.Start();
  ASSERT_TRUE(WaitForServing(channel, "", absl::Seconds(10)).ok());
  ASSERT_TRUE(deputies_->GetDeputy(ContextWith(TokenFor(Role::kStaff)).get(), get, &got).ok());
  EXPECT_EQ(got.deputy().display_name(), "王建国");  // the acknowledged write survived
  EXPECT_TRUE(Create(Sample(), &r, "after").ok());
}

TEST_F(RepresentativesTest, ChangeFeedListsEveryChangeInOrder) {
  CreateDeputyResponse a, b;
  ASSERT_TRUE(Create(Sample(), &a, "a").ok());
  ASSERT_TRUE(Create(Sample("李秀英"), &b, "b").ok());
  renda::feed::v1::ListChangesRequest req;
  req.set_parent("congresses/hz");
  renda::feed::v1::ListChangesResponse resp;
  ASSERT_TRUE(feed_->ListChanges(ContextWith(TokenFor(Role::kService)).get(), req, &resp).ok());
  ASSERT_EQ(resp.events_size(), 2);
  EXPECT_EQ(resp.events(0).resource_name(), "congresses/hz/deputies/a");
  EXPECT_EQ(resp.events(1).resource_name(), "congresses/hz/deputies/b");
  Deputy d;
  ASSERT_TRUE(resp.events(1).resource().UnpackTo(&d));
  EXPECT_EQ(d.display_name(), "李秀英");
  EXPECT_EQ(d.phone(), "") << "personal data stays out of the feed for services";
  ASSERT_TRUE(feed_->ListChanges(ContextWith(TokenFor(Role::kStaff)).get(), req, &resp).ok());
  ASSERT_TRUE(resp.events(1).resource().UnpackTo(&d));
  EXPECT_EQ(d.phone(), "13800000000") << "staff see the whole record";
  req.set_after_cursor(resp.events(0).cursor());
  ASSERT_TRUE(feed_->ListChanges(ContextWith(TokenFor(Role::kService)).get(), req, &resp).ok());
  ASSERT_EQ(resp.events_size(), 1);
  EXPECT_EQ(resp.next_cursor(), resp.events(0).cursor());
  EXPECT_EQ(feed_->ListChanges(ContextWith(TokenFor(Role::kCitizen)).get(), req, &resp).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(RepresentativesTest, PersonalDataGoesOnlyToStaffAdminAndTheDeputyThemself) {
  Deputy d = Sample();
  d.set_id_number("33010619800101123X");
  d.set_home_address("杭州市西湖区文三路1号");
  CreateDeputyResponse created;
  ASSERT_TRUE(Create(d, &created, "wang").ok());
  CreateDeputyResponse other;
  ASSERT_TRUE(Create(Sample("李秀英"), &other, "li").ok());
  const std::string name = created.deputy().name();

  struct Row {
    std::string who;
    std::string token;
    bool sees_personal;
  };
  const std::vector<Row> rows = {
      {"staff", TokenFor(Role::kStaff), true},
      {"admin", TokenFor(Role::kAdmin), true},
      {"the deputy themself", testing::DeputyTokenFor("wang"), true},
      {"another deputy", testing::DeputyTokenFor("li"), false},
      {"a deputy token without deputy_id", TokenFor(Role::kDeputy), false},
      {"citizen", TokenFor(Role::kCitizen), false},
      {"leader", TokenFor(Role::kLeader), false},
      {"handling unit", TokenFor(Role::kHandlingUnit), false},
  };
  for (const auto& row : rows) {
    Deputy got = GetAs(name, row.token);
    EXPECT_EQ(got.display_name(), "王建国") << row.who;
    EXPECT_EQ(got.phone(), row.sees_personal ? "13800000000" : "") << row.who;
    EXPECT_EQ(got.id_number(), row.sees_personal ? "33010619800101123X" : "") << row.who;
    EXPECT_EQ(got.home_address(), row.sees_personal ? "杭州市西湖区文三路1号" : "") << row.who;

    // List and the name search answer the same way.
    ListDeputiesRequest list;
    list.set_parent("congresses/hz");
    list.set_display_name_contains("建国");
    ListDeputiesResponse page;
    ASSERT_TRUE(deputies_->ListDeputies(ContextWith(row.token).get(), list, &page).ok()) << row.who;
    ASSERT_EQ(page.deputies_size(), 1) << row.who;
    EXPECT_EQ(page.deputies(0).id_number(), row.sees_personal ? "33010619800101123X" : "") << row.who;
    EXPECT_EQ(page.deputies(0).home_address(), row.sees_personal ? "杭州市西湖区文三路1号" : "") << row.who;
    EXPECT_EQ(page.deputies(0).phone(), row.sees_personal ? "13800000000" : "") << row.who;
  }
  // The other deputy's own record is theirs to see, not wang's.
  EXPECT_EQ(GetAs(other.deputy().name(), testing::DeputyTokenFor("wang")).phone(), "");
  EXPECT_EQ(GetAs(other.deputy().name(), testing::DeputyTokenFor("li")).phone(), "13800000000");

  // The change feed: services get the public profile, staff the whole record.
  renda::feed::v1::ListChangesRequest feed;
  feed.set_parent("congresses/hz");
  for (const auto& [token, full] : {std::pair{TokenFor(Role::kService), false}, std::pair{TokenFor(Role::kAdmin), true}}) {
    renda::feed::v1::ListChangesResponse events;
    ASSERT_TRUE(feed_->ListChanges(ContextWith(token).get(), feed, &events).ok());
    ASSERT_GE(events.events_size(), 1);
    Deputy first;
    ASSERT_TRUE(events.events(0).resource().UnpackTo(&first));
    EXPECT_EQ(first.id_number(), full ? "33010619800101123X" : "");
    EXPECT_EQ(first.home_address(), full ? "杭州市西湖区文三路1号" : "");
  }
}

TEST_F(RepresentativesTest, IdNumberFormatIsChecked) {
  const std::vector<std::pair<std::string, bool>> cases = {
      {"330106198001011234", true},  {"33010619800101123X", true},  {"33010619800101123x", false},
      {"3301061980010112", false},   {"3301061980010112345", false}, {"33010619800A011234", false},
      {"X30106198001011234", false}, {"３３０１０６１９８００１０１１２３４", false},
  };
  int n = 0;
  for (const auto& [id_number, ok] : cases) {
    Deputy d = Sample();
    d.set_id_number(id_number);
    CreateDeputyResponse r;
    grpc::Status s = Create(d, &r, absl::StrCat("d", n++));
    EXPECT_EQ(s.ok(), ok) << id_number << ": " << s.error_message();
    if (!ok) {
      EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << id_number;
      EXPECT_NE(s.error_message().find("deputy.id_number"), std::string::npos) << s.error_message();
      EXPECT_NE(s.error_message().find("17 digits"), std::string::npos) << s.error_message();
    }
  }
  EXPECT_EQ(DeputyCount(), 2u);
}

TEST_F(RepresentativesTest, AServingDeputyStopsServingOnceAndForever) {
  CreateDeputyResponse created;
  ASSERT_TRUE(Create(Sample(), &created, "wang").ok());
  const std::string name = created.deputy().name();
  const std::string staff = TokenFor(Role::kStaff);
  auto change = [&](DeputyStatus status, const renda::type::v1::Date& date, ChangeDeputyStatusResponse* out) {
    ChangeDeputyStatusRequest req;
    req.set_name(name);
    req.set_status(status);
    *req.mutable_effective_date() = date;
    req.set_reason("本人申请辞职，常委会会议接受");
    return deputies_->ChangeDeputyStatus(ContextWith(staff).get(), req, out);
  };
  ChangeDeputyStatusResponse resp;
  // After today: refused, nothing written.
  const int64_t feed0 = FeedLength();
  grpc::Status s = change(DEPUTY_STATUS_RESIGNED, DaysFromToday(1), &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("after today"), std::string::npos) << s.error_message();
  s = change(DEPUTY_STATUS_SERVING, Today(), &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << "already serving";
  EXPECT_EQ(FeedLength(), feed0);

  s = change(DEPUTY_STATUS_RESIGNED, Today(), &resp);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(resp.deputy().status(), DEPUTY_STATUS_RESIGNED);
  ASSERT_EQ(resp.deputy().status_history_size(), 2);
  EXPECT_EQ(resp.deputy().status_history(1).status(), DEPUTY_STATUS_RESIGNED);
  EXPECT_EQ(resp.deputy().status_history(1).effective_date().day(), Today().day());
  EXPECT_EQ(FeedLength(), feed0 + 1);

  // No way back, no other end state; the message says why.
  for (DeputyStatus next : {DEPUTY_STATUS_SERVING, DEPUTY_STATUS_DECEASED, DEPUTY_STATUS_REMOVED, DEPUTY_STATUS_RESIGNED}) {
    s = change(next, Today(), &resp);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << DeputyStatus_Name(next);
    EXPECT_NE(s.error_message().find("keeps that status"), std::string::npos) << s.error_message();
  }
  EXPECT_EQ(FeedLength(), feed0 + 1);
  EXPECT_EQ(GetAs(name, staff).etag(), "2");

  // The list by status follows the change.
  ListDeputiesRequest list;
  list.set_status(DEPUTY_STATUS_RESIGNED);
  EXPECT_EQ(Search(list), std::vector<std::string>{"王建国"});
  list.set_status(DEPUTY_STATUS_SERVING);
  EXPECT_TRUE(Search(list).empty());
}

TEST_F(RepresentativesTest, ChangeDeputyStatusRefusalsWriteNothing) {
  CreateDeputyResponse serving, gone;
  ASSERT_TRUE(Create(Sample(), &serving, "serving").ok());
  Deputy d = Sample("李秀英");
  d.set_status(DEPUTY_STATUS_DECEASED);
  ASSERT_TRUE(Create(d, &gone, "gone").ok());
  const int64_t feed_before = FeedLength();
  const std::string staff = TokenFor(Role::kStaff);
  struct Case {
    std::string what;
    std::function<void(ChangeDeputyStatusRequest&)> mutate;
    std::string token;
    grpc::StatusCode want;
  };
  const std::vector<Case> cases = {
      {"deputy role", [](auto&) {}, testing::DeputyTokenFor("serving"), grpc::StatusCode::PERMISSION_DENIED},
      {"citizen", [](auto&) {}, TokenFor(Role::kCitizen), grpc::StatusCode::PERMISSION_DENIED},
      {"leader", [](auto&) {}, TokenFor(Role::kLeader), grpc::StatusCode::PERMISSION_DENIED},
      {"service", [](auto&) {}, TokenFor(Role::kService), grpc::StatusCode::PERMISSION_DENIED},
      {"other congress", [](auto&) {}, TokenFor(Role::kStaff, "sh"), grpc::StatusCode::PERMISSION_DENIED},
      {"no token", [](auto&) {}, "", grpc::StatusCode::UNAUTHENTICATED},
      {"bad name", [](auto& r) { r.set_name("deputies/serving"); }, staff, grpc::StatusCode::INVALID_ARGUMENT},
      {"no status", [](auto& r) { r.clear_status(); }, staff, grpc::StatusCode::INVALID_ARGUMENT},
      {"unknown status", [](auto& r) { r.set_status(static_cast<DeputyStatus>(42)); }, staff, grpc::StatusCode::INVALID_ARGUMENT},
      {"no reason", [](auto& r) { r.clear_reason(); }, staff, grpc::StatusCode::INVALID_ARGUMENT},
      {"no date", [](auto& r) { r.clear_effective_date(); }, staff, grpc::StatusCode::INVALID_ARGUMENT},
      {"Feb 30", [](auto& r) { r.mutable_effective_date()->set_month(2); r.mutable_effective_date()->set_day(30); }, staff, grpc::StatusCode::INVALID_ARGUMENT},
      {"future date", [](auto& r) { *r.mutable_effective_date() = DaysFromToday(30); }, staff, grpc::StatusCode::INVALID_ARGUMENT},
      {"unknown deputy", [](auto& r) { r.set_name("congresses/hz/deputies/nobody"); }, staff, grpc::StatusCode::NOT_FOUND},
      {"not serving", [](auto& r) { r.set_name("congresses/hz/deputies/gone"); }, staff, grpc::StatusCode::FAILED_PRECONDITION},
      {"stale etag", [](auto& r) { r.set_etag("7"); }, staff, grpc::StatusCode::ABORTED},
  };
  for (const auto& c : cases) {
    ChangeDeputyStatusRequest req;
    req.set_name(serving.deputy().name());
    req.set_status(DEPUTY_STATUS_TERMINATED);
    *req.mutable_effective_date() = Today();
    req.set_reason("代表资格终止");
    c.mutate(req);
    ChangeDeputyStatusResponse resp;
    grpc::Status s = deputies_->ChangeDeputyStatus(ContextWith(c.token).get(), req, &resp);
    EXPECT_EQ(s.error_code(), c.want) << c.what << ": " << s.error_message();
    EXPECT_FALSE(s.error_message().empty()) << c.what;
  }
  EXPECT_EQ(FeedLength(), feed_before);
  EXPECT_EQ(GetAs(serving.deputy().name(), staff).etag(), "1");
  EXPECT_EQ(GetAs(gone.deputy().name(), staff).etag(), "1");

  // UpdateDeputy: wrong roles, status in the mask, the old status fields, bad id number.
  struct UpdateCase {
    std::string what;
    std::function<void(UpdateDeputyRequest&)> mutate;
    std::string token;
    grpc::StatusCode want;
  };
  const std::vector<UpdateCase> updates = {
      {"the deputy themself", [](auto&) {}, testing::DeputyTokenFor("serving"), grpc::StatusCode::PERMISSION_DENIED},
      {"leader", [](auto&) {}, TokenFor(Role::kLeader), grpc::StatusCode::PERMISSION_DENIED},
      {"status in mask", [](auto& r) { r.mutable_update_mask()->add_paths("status"); r.mutable_deputy()->set_status(DEPUTY_STATUS_RESIGNED); }, staff, grpc::StatusCode::INVALID_ARGUMENT},
      {"status_reason", [](auto& r) { r.set_status_reason("x"); }, staff, grpc::StatusCode::INVALID_ARGUMENT},
      {"status_effective_date", [](auto& r) { *r.mutable_status_effective_date() = Today(); }, staff, grpc::StatusCode::INVALID_ARGUMENT},
      {"bad id number", [](auto& r) { r.mutable_update_mask()->add_paths("id_number"); r.mutable_deputy()->set_id_number("12345"); }, staff, grpc::StatusCode::INVALID_ARGUMENT},
      {"name on two lines", [](auto& r) { r.mutable_update_mask()->add_paths("display_name"); r.mutable_deputy()->set_display_name("王\n建国"); }, staff, grpc::StatusCode::INVALID_ARGUMENT},
      {"unknown deputy", [](auto& r) { r.mutable_deputy()->set_name("congresses/hz/deputies/nobody"); }, staff, grpc::StatusCode::NOT_FOUND},
  };
  for (const auto& c : updates) {
    UpdateDeputyRequest req;
    *req.mutable_deputy() = serving.deputy();
    req.mutable_deputy()->set_grassroots(true);
    req.mutable_update_mask()->add_paths("grassroots");
    c.mutate(req);
    UpdateDeputyResponse resp;
    grpc::Status s = deputies_->UpdateDeputy(ContextWith(c.token).get(), req, &resp);
    EXPECT_EQ(s.error_code(), c.want) << c.what << ": " << s.error_message();
  }
  EXPECT_EQ(FeedLength(), feed_before);
  EXPECT_FALSE(GetAs(serving.deputy().name(), staff).grassroots());
}

class DeputySearchTest : public RepresentativesTest {
 protected:
  void Add(const std::string& id, const std::string& name, const std::string& delegation, bool grassroots) {
    Deputy d = Sample(name);
    d.set_delegation(delegation);
    d.set_grassroots(grassroots);
    CreateDeputyResponse r;
    grpc::Status s = Create(d, &r, id);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }
  static ListDeputiesRequest Query(const std::string& text) {
    ListDeputiesRequest r;
    r.set_display_name_contains(text);
    return r;
  }
  using Names = std::vector<std::string>;
  static Names Sorted(Names n) {
    std::sort(n.begin(), n.end());
    return n;
  }
};

TEST_F(DeputySearchTest, FindsDeputiesByPartOfTheirName) {
  Add("a1", "王建国", "hz-xihu", true);
  Add("a2", "王建华", "hz-gongshu", false);
  Add("a3", "李建国", "hz-xihu", false);
  Add("a4", "张国建", "hz-xihu", true);    // 国建, not 建国
  Add("a5", "王建建国", "hz-xihu", false);  // every pair of 王建国, but apart
  Add("a6", "欧阳建国", "hz-binjiang", true);
  Add("a7", "陈红", "hz-xihu", true);

  EXPECT_EQ(Search(Query("建")), Sorted(Names{"张国建", "欧阳建国", "李建国", "王建华", "王建国", "王建建国"}));
  EXPECT_EQ(Search(Query("建国")), Sorted(Names{"欧阳建国", "李建国", "王建国", "王建建国"}));
  EXPECT_EQ(Search(Query("王建国")), Sorted(Names{"王建国"})) << "王建建国 has 王建 and 建国 apart";
  EXPECT_EQ(Search(Query("欧阳建国")), Sorted(Names{"欧阳建国"}));
  EXPECT_TRUE(Search(Query("赵钱孙")).empty());
  EXPECT_TRUE(Search(Query("国王")).empty());

  // Two filters with the name.
  ListDeputiesRequest q = Query("建国");
  q.set_delegation("hz-xihu");
  EXPECT_EQ(Search(q), Sorted(Names{"李建国", "王建国", "王建建国"}));
  q.set_grassroots(true);
  EXPECT_EQ(Search(q), Sorted(Names{"王建国"}));
  q.clear_delegation();
  EXPECT_EQ(Search(q), Sorted(Names{"欧阳建国", "王建国"}));
  q.set_grassroots(false);
  EXPECT_EQ(Search(q), Sorted(Names{"李建国", "王建建国"}));
  ListDeputiesRequest grassroots;
  grassroots.set_grassroots(true);
  EXPECT_EQ(Search(grassroots), Sorted(Names{"张国建", "欧阳建国", "王建国", "陈红"}));

  // A rename is found under the new name, not the old one.
  UpdateDeputyRequest rename;
  rename.mutable_deputy()->set_name("congresses/hz/deputies/a2");
  rename.mutable_deputy()->set_display_name("周新民");
  rename.mutable_update_mask()->add_paths("display_name");
  UpdateDeputyResponse renamed;
  ASSERT_TRUE(deputies_->UpdateDeputy(ContextWith(TokenFor(Role::kStaff)).get(), rename, &renamed).ok());
  EXPECT_TRUE(Search(Query("建华")).empty());
  EXPECT_TRUE(Search(Query("华")).empty());
  EXPECT_EQ(Search(Query("新民")), Sorted(Names{"周新民"}));
  EXPECT_EQ(Search(Query("周")), Sorted(Names{"周新民"}));
  EXPECT_EQ(Search(Query("建")), Sorted(Names{"张国建", "欧阳建国", "李建国", "王建国", "王建建国"}));
}

TEST_F(DeputySearchTest, PagesThroughEveryMatchExactlyOnce) {
  Names want;
  for (int i = 0; i < 17; ++i) {
    const std::string name = absl::StrCat("王建国", i);
    Add(absl::StrCat("m", i), name, "hz-xihu", false);
    want.push_back(name);
    // Near misses between the matches (ids sort among them): both pairs of 王建国 are there,
    // but apart, so the indexes find them and the service drops them.
    Add(absl::StrCat("n", i), absl::StrCat("王建", i, "建国"), "hz-xihu", false);
    Add(absl::StrCat("o", i), absl::StrCat("建国王建", i), "hz-xihu", false);
  }
  std::sort(want.begin(), want.end());
  int pages = 0;
  Names got = Search(Query("王建国"), 4, &pages);
  EXPECT_EQ(got, want);
  EXPECT_TRUE(std::adjacent_find(got.begin(), got.end()) == got.end()) << "no match twice";
  EXPECT_GE(pages, 5);
  // The query is part of the page token's scope: a token of another query is refused.
  ListDeputiesRequest first = Query("建国");
  first.set_parent("congresses/hz");
  first.set_page_size(4);
  ListDeputiesResponse page;
  ASSERT_TRUE(deputies_->ListDeputies(ContextWith(TokenFor(Role::kStaff)).get(), first, &page).ok());
  ASSERT_FALSE(page.next_page_token().empty());
  first.set_display_name_contains("国");
  first.set_page_token(page.next_page_token());
  EXPECT_EQ(deputies_->ListDeputies(ContextWith(TokenFor(Role::kStaff)).get(), first, &page).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(DeputySearchTest, BadSearchesAreRefused) {
  for (const std::string& bad : {std::string("一二三四五六七八九十一二三四五六七"), std::string("建\n国"), std::string("建\x01国")}) {
    ListDeputiesRequest list = Query(bad);
    list.set_parent("congresses/hz");
    ListDeputiesResponse page;
    grpc::Status s = deputies_->ListDeputies(ContextWith(TokenFor(Role::kStaff)).get(), list, &page);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << bad;
    EXPECT_NE(s.error_message().find("display_name_contains"), std::string::npos) << s.error_message();
  }
  ListDeputiesRequest list = Query("一二三四五六七八九十一二三四五六");  // 16 characters: fine
  list.set_parent("congresses/hz");
  ListDeputiesResponse page;
  EXPECT_TRUE(deputies_->ListDeputies(ContextWith(TokenFor(Role::kStaff)).get(), list, &page).ok());
  list.set_parent("congresses/hz");
  EXPECT_EQ(deputies_->ListDeputies(ContextWith("").get(), list, &page).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

}  // namespace
}  // namespace renda
