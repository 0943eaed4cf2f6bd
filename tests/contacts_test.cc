// The "two contacts" system end to end: a real Redis, the representatives services on port 0,
// real gRPC with real tokens; time from a fake clock.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <functional>
#include <thread>

#include "absl/strings/str_cat.h"
#include "renda/representatives/v1/contacts.grpc.pb.h"
#include "renda/representatives/v1/duty.grpc.pb.h"
#include "renda/representatives/v1/representatives.grpc.pb.h"
#include "services/representatives/services.h"
#include "tests/support/representatives_fixture.h"

namespace renda {
namespace {

using namespace representatives::v1;  // NOLINT: test brevity
using testing::ContextWith;
using testing::Day;

class ContactsTest : public testing::RepresentativesFixture {
 protected:
  void SetUp() override {
    StartServices();
    contacts_ = ContactService::NewStub(channel_);
    duty_ = DutyRecordService::NewStub(channel_);
    staff_ = Token(Role::kStaff);
  }

  void AddDeputy(const std::string& id, bool grassroots, DeputyStatus status = DEPUTY_STATUS_SERVING) {
    CreateDeputyRequest req;
    req.set_parent("congresses/hz");
    req.set_deputy_id(id);
    req.mutable_deputy()->set_display_name(absl::StrCat("代表", id));
    req.mutable_deputy()->set_term(14);
    req.mutable_deputy()->set_electoral_unit("西湖区");
    req.mutable_deputy()->set_grassroots(grassroots);
    req.mutable_deputy()->set_status(status);
    CreateDeputyResponse resp;
    auto s = deputies_->CreateDeputy(ContextWith(staff_).get(), req, &resp);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  void AddLeader(const std::string& id, LeaderPost post, const std::string& subject) {
    CreateLeaderRequest req;
    req.set_parent("congresses/hz");
    req.set_leader_id(id);
    req.mutable_leader()->set_display_name(absl::StrCat("领导", id));
    req.mutable_leader()->set_post(post);
    req.mutable_leader()->set_subject(subject);
    CreateLeaderResponse resp;
    auto s = contacts_->CreateLeader(ContextWith(staff_).get(), req, &resp);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  grpc::Status Assign(const std::string& leader, const std::string& deputy, CreateContactAssignmentResponse* resp,
                      const std::string& token = "") {
    CreateContactAssignmentRequest req;
    req.set_parent("congresses/hz");
    req.mutable_assignment()->set_leader("congresses/hz/leaders/" + leader);
    req.mutable_assignment()->set_deputy("congresses/hz/deputies/" + deputy);
    req.mutable_assignment()->set_term(14);
    *req.mutable_assignment()->mutable_start_date() = Day(2024, 1, 10);
    return contacts_->CreateContactAssignment(ContextWith(token.empty() ? staff_ : token).get(), req, resp);
  }

  std::string AssignOk(const std::string& leader, const std::string& deputy) {
    CreateContactAssignmentResponse resp;
    auto s = Assign(leader, deputy, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return resp.assignment().name();
  }

  LogVisitRequest VisitRequest(const std::string& assignment, const renda::type::v1::Date& date) {
    LogVisitRequest req;
    req.set_parent("congresses/hz");
    req.mutable_visit()->set_assignment(assignment);
    *req.mutable_visit()->mutable_date() = date;
    req.mutable_visit()->set_form(VISIT_FORM_VISIT);
    req.mutable_visit()->set_notes("走访社区");
    req.mutable_visit()->add_opinions("老旧小区加装电梯进度慢");
    return req;
  }

  GetContactCoverageResponse Coverage(int year) {
    GetContactCoverageRequest req;
    req.set_parent("congresses/hz");
    req.set_year(year);
    GetContactCoverageResponse resp;
    auto s = contacts_->GetContactCoverage(ContextWith(Token(Role::kLeader)).get(), req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return resp;
  }

  std::vector<std::string> Unvisited(int year) {
    ListUnvisitedDeputiesRequest req;
    req.set_parent("congresses/hz");
    req.set_year(year);
    ListUnvisitedDeputiesResponse resp;
    auto s = contacts_->ListUnvisitedDeputies(ContextWith(staff_).get(), req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    std::vector<std::string> out;
    for (const auto& d : resp.deputies()) out.push_back(d.deputy().substr(d.deputy().rfind('/') + 1));
    return out;
  }

  ListQuotaShortfallsResponse Shortfalls() {
    ListQuotaShortfallsRequest req;
    req.set_parent("congresses/hz");
    ListQuotaShortfallsResponse resp;
    auto s = contacts_->ListQuotaShortfalls(ContextWith(staff_).get(), req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return resp;
  }

  // Every contact assignment of hz, all pages.
  std::vector<ContactAssignment> Assignments() {
    ListContactAssignmentsRequest req;
    req.set_parent("congresses/hz");
    req.set_page_size(200);
    std::vector<ContactAssignment> out;
    for (int pages = 0; pages < 50; ++pages) {
      ListContactAssignmentsResponse resp;
      auto s = contacts_->ListContactAssignments(ContextWith(staff_).get(), req, &resp);
      EXPECT_TRUE(s.ok()) << s.error_message();
      if (!s.ok()) break;
      out.insert(out.end(), resp.assignments().begin(), resp.assignments().end());
      if (resp.next_page_token().empty()) break;
      req.set_page_token(resp.next_page_token());
    }
    return out;
  }

  // The number of visits logged in hz: those of every assignment.
  int VisitCount() {
    int n = 0;
    for (const auto& a : Assignments()) {
      ListVisitsRequest req;
      req.set_parent("congresses/hz");
      req.set_assignment(a.name());
      req.set_page_size(200);
      ListVisitsResponse resp;
      auto s = contacts_->ListVisits(ContextWith(staff_).get(), req, &resp);
      EXPECT_TRUE(s.ok()) << s.error_message();
      n += resp.visits_size();
    }
    return n;
  }

  std::unique_ptr<ContactService::Stub> contacts_;
  std::unique_ptr<DutyRecordService::Stub> duty_;
  std::string staff_;
};

TEST_F(ContactsTest, CoverageShortfallsAndVisitsFollowTheAssignments) {
  for (int i = 1; i <= 6; ++i) AddDeputy(absl::StrCat("g", i), true);
  AddDeputy("other", false);                           // not grassroots: not counted
  AddDeputy("gone", true, DEPUTY_STATUS_RESIGNED);     // not serving: not counted
  AddLeader("zhang", LEADER_POST_COUNCIL_OF_CHAIRPERSONS_MEMBER, "leader-zhang");
  AddLeader("li", LEADER_POST_FULL_TIME_COMMITTEE_MEMBER, "leader-li");

  auto shortfalls = Shortfalls();
  ASSERT_EQ(shortfalls.shortfalls_size(), 2);
  EXPECT_EQ(shortfalls.total_missing(), 8);

  const std::string a1 = AssignOk("zhang", "g1");
  AssignOk("zhang", "g2");
  const std::string a3 = AssignOk("zhang", "g3");
  const std::string a4 = AssignOk("li", "g4");

  auto cov = Coverage(2024);
  EXPECT_EQ(cov.grassroots_deputies(), 6);
  EXPECT_EQ(cov.covered_deputies(), 4);
  EXPECT_EQ(cov.visited_deputies(), 0);
  EXPECT_DOUBLE_EQ(cov.covered_percent(), 66.7);
  EXPECT_DOUBLE_EQ(cov.visited_percent(), 0);
  EXPECT_FALSE(cov.full_coverage());

  shortfalls = Shortfalls();
  ASSERT_EQ(shortfalls.shortfalls_size(), 2);
  EXPECT_EQ(shortfalls.shortfalls(0).leader(), "congresses/hz/leaders/li");
  EXPECT_EQ(shortfalls.shortfalls(0).quota(), 3);
  EXPECT_EQ(shortfalls.shortfalls(0).assigned(), 1);
  EXPECT_EQ(shortfalls.shortfalls(0).missing(), 2);
  EXPECT_EQ(shortfalls.shortfalls(1).leader(), "congresses/hz/leaders/zhang");
  EXPECT_EQ(shortfalls.shortfalls(1).missing(), 2);
  EXPECT_EQ(shortfalls.total_missing(), 4);

  EXPECT_EQ(Unvisited(2024), (std::vector<std::string>{"g1", "g2", "g3", "g4"}));

  // The leader logs their own visit; the visit and the deputy's duty record are one write.
  const int64_t feed_before = FeedLength();
  LogVisitRequest visit = VisitRequest(a1, Day(2024, 5, 20));
  visit.set_request_id("visit-g1-1");
  LogVisitResponse logged;
  auto s = contacts_->LogVisit(ContextWith(Token(Role::kLeader, "leader-zhang")).get(), visit, &logged);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(logged.visit().deputy(), "congresses/hz/deputies/g1");
  EXPECT_EQ(logged.visit().leader(), "congresses/hz/leaders/zhang");
  EXPECT_EQ(logged.visit().logged_by(), "leader-zhang");
  EXPECT_EQ(FeedLength(), feed_before + 3) << "visit, assignment and duty record";
  EXPECT_EQ(DutyRecordsOf(staff_, "g1", 2024).size(), 1u);
  {
    GetDutyRecordRequest get;
    get.set_name(logged.visit().duty_record());
    GetDutyRecordResponse got;
    auto found = duty_->GetDutyRecord(ContextWith(staff_).get(), get, &got);
    EXPECT_TRUE(found.ok()) << found.error_message();
    EXPECT_EQ(got.duty_record().deputy(), "congresses/hz/deputies/g1");
  }

  // A retry with the same request id answers the same visit and writes nothing.
  LogVisitResponse again;
  ASSERT_TRUE(contacts_->LogVisit(ContextWith(Token(Role::kLeader, "leader-zhang")).get(), visit, &again).ok());
  EXPECT_EQ(again.visit().name(), logged.visit().name());
  EXPECT_EQ(FeedLength(), feed_before + 3);
  EXPECT_EQ(DutyRecordsOf(staff_, "g1", 2024).size(), 1u);

  // Staff log a phone call for li's deputy.
  LogVisitRequest phone = VisitRequest(a4, Day(2024, 3, 2));
  phone.mutable_visit()->set_form(VISIT_FORM_PHONE);
  ASSERT_TRUE(contacts_->LogVisit(ContextWith(staff_).get(), phone, &logged).ok());

  EXPECT_EQ(Unvisited(2024), (std::vector<std::string>{"g2", "g3"}));
  cov = Coverage(2024);
  EXPECT_EQ(cov.visited_deputies(), 2);
  EXPECT_DOUBLE_EQ(cov.visited_percent(), 33.3);
  EXPECT_EQ(Coverage(2023).visited_deputies(), 0) << "visits count in their own year";
  EXPECT_EQ(Unvisited(2023).size(), 4u);

  ListVisitsRequest lv;
  lv.set_parent("congresses/hz");
  lv.set_assignment(a1);
  ListVisitsResponse visits;
  ASSERT_TRUE(contacts_->ListVisits(ContextWith(Token(Role::kDeputy)).get(), lv, &visits).ok());
  ASSERT_EQ(visits.visits_size(), 1);
  EXPECT_EQ(visits.visits(0).opinions(0), "老旧小区加装电梯进度慢");

  // Ending g3's assignment frees zhang's place and uncovers g3.
  EndContactAssignmentRequest end;
  end.set_name(a3);
  *end.mutable_end_date() = Day(2024, 5, 31);
  EndContactAssignmentResponse ended;
  s = contacts_->EndContactAssignment(ContextWith(staff_).get(), end, &ended);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_FALSE(ended.assignment().active());
  cov = Coverage(2024);
  EXPECT_EQ(cov.covered_deputies(), 3);
  EXPECT_DOUBLE_EQ(cov.covered_percent(), 50.0);
  EXPECT_EQ(Unvisited(2024), (std::vector<std::string>{"g2"}));
  GetLeaderRequest gl;
  gl.set_name("congresses/hz/leaders/zhang");
  GetLeaderResponse leader;
  ASSERT_TRUE(contacts_->GetLeader(ContextWith(staff_).get(), gl, &leader).ok());
  EXPECT_EQ(leader.leader().contacted_deputies_size(), 2);

  // The ended pair is not assigned again in the same term.
  CreateContactAssignmentResponse again_resp;
  EXPECT_EQ(Assign("zhang", "g3", &again_resp).error_code(), grpc::StatusCode::ALREADY_EXISTS);
}

TEST_F(ContactsTest, FullCoverageIsReportedWhenEveryDeputyHasALeader) {
  for (int i = 1; i <= 3; ++i) AddDeputy(absl::StrCat("g", i), true);
  AddLeader("li", LEADER_POST_FULL_TIME_COMMITTEE_MEMBER, "leader-li");
  EXPECT_EQ(Coverage(2024).grassroots_deputies(), 3);
  for (int i = 1; i <= 3; ++i) AssignOk("li", absl::StrCat("g", i));
  auto cov = Coverage(2024);
  EXPECT_EQ(cov.covered_deputies(), 3);
  EXPECT_DOUBLE_EQ(cov.covered_percent(), 100.0);
  EXPECT_TRUE(cov.full_coverage());
  EXPECT_EQ(Shortfalls().shortfalls_size(), 0);
}

TEST_F(ContactsTest, ConcurrentAssignmentsNeverExceedTheQuota) {
  constexpr int kDeputies = 8;
  for (int i = 0; i < kDeputies; ++i) AddDeputy(absl::StrCat("g", i), true);
  AddLeader("li", LEADER_POST_FULL_TIME_COMMITTEE_MEMBER, "leader-li");
  std::atomic<int> ok{0}, quota_reached{0}, other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kDeputies; ++i) {
    threads.emplace_back([&, i] {
      CreateContactAssignmentResponse resp;
      auto s = Assign("li", absl::StrCat("g", i), &resp);
      if (s.ok()) {
        ++ok;
      } else if (s.error_code() == grpc::StatusCode::FAILED_PRECONDITION) {
        ++quota_reached;
      } else {
        ++other;
        ADD_FAILURE() << s.error_code() << " " << s.error_message();
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 3);
  EXPECT_EQ(quota_reached.load(), kDeputies - 3);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(Assignments().size(), 3u);
  GetLeaderRequest gl;
  gl.set_name("congresses/hz/leaders/li");
  GetLeaderResponse leader;
  ASSERT_TRUE(contacts_->GetLeader(ContextWith(staff_).get(), gl, &leader).ok());
  EXPECT_EQ(leader.leader().contacted_deputies_size(), 3);

  // Staff raise the quota (a versioned config): one more place.
  GetContactQuotasRequest gq;
  gq.set_parent("congresses/hz");
  GetContactQuotasResponse quotas;
  ASSERT_TRUE(contacts_->GetContactQuotas(ContextWith(Token(Role::kDeputy)).get(), gq, &quotas).ok());
  EXPECT_EQ(quotas.quotas().council_of_chairpersons_member(), 5);
  EXPECT_EQ(quotas.quotas().full_time_committee_member(), 3);
  EXPECT_EQ(quotas.quotas().etag(), "0");
  UpdateContactQuotasRequest uq;
  uq.set_parent("congresses/hz");
  *uq.mutable_quotas() = quotas.quotas();
  uq.mutable_quotas()->set_full_time_committee_member(4);
  UpdateContactQuotasResponse updated;
  auto s = contacts_->UpdateContactQuotas(ContextWith(staff_).get(), uq, &updated);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(updated.quotas().etag(), "1");
  EXPECT_EQ(updated.quotas().updated_by(), "tester");
  // The same stale etag again is refused.
  EXPECT_EQ(contacts_->UpdateContactQuotas(ContextWith(staff_).get(), uq, &updated).error_code(),
            grpc::StatusCode::ABORTED);

  int assigned_now = 0;
  for (int i = 0; i < kDeputies; ++i) {
    CreateContactAssignmentResponse resp;
    if (Assign("li", absl::StrCat("g", i), &resp).ok()) ++assigned_now;
  }
  EXPECT_EQ(assigned_now, 1);
  EXPECT_EQ(Assignments().size(), 4u);
}

// Every refusal: its code, and nothing written.
TEST_F(ContactsTest, BadInputAndWrongRolesAreRefusedAndWriteNothing) {
  AddDeputy("g1", true);
  AddDeputy("g2", true);
  AddDeputy("g3", true);
  AddDeputy("g4", true);
  AddDeputy("plain", false);
  AddDeputy("gone", true, DEPUTY_STATUS_DECEASED);
  AddLeader("zhang", LEADER_POST_COUNCIL_OF_CHAIRPERSONS_MEMBER, "leader-zhang");
  AddLeader("li", LEADER_POST_FULL_TIME_COMMITTEE_MEMBER, "leader-li");
  const std::string a1 = AssignOk("zhang", "g1");
  const std::string a2 = AssignOk("li", "g2");
  AssignOk("li", "g3");
  AssignOk("li", "g4");  // li is at the quota (3)
  const std::string ended = AssignOk("zhang", "g2");
  {
    EndContactAssignmentRequest end;
    end.set_name(ended);
    *end.mutable_end_date() = Day(2024, 2, 1);
    EndContactAssignmentResponse r;
    ASSERT_TRUE(contacts_->EndContactAssignment(ContextWith(staff_).get(), end, &r).ok());
  }
  const int64_t feed_before = FeedLength();
  const std::string leader_zhang = Token(Role::kLeader, "leader-zhang");

  using Case = testing::RefusedCall;
  auto create_leader = [&](std::function<void(CreateLeaderRequest&)> mutate, const std::string& token) {
    return [=, this] {
      CreateLeaderRequest req;
      req.set_parent("congresses/hz");
      req.mutable_leader()->set_display_name("王");
      req.mutable_leader()->set_post(LEADER_POST_FULL_TIME_COMMITTEE_MEMBER);
      req.mutable_leader()->set_subject("leader-wang");
      mutate(req);
      CreateLeaderResponse resp;
      return contacts_->CreateLeader(ContextWith(token).get(), req, &resp);
    };
  };
  auto assign = [&](const std::string& leader, const std::string& deputy, const std::string& token,
                    std::function<void(CreateContactAssignmentRequest&)> mutate = nullptr) {
    return [=, this] {
      CreateContactAssignmentRequest req;
      req.set_parent("congresses/hz");
      req.mutable_assignment()->set_leader("congresses/hz/leaders/" + leader);
      req.mutable_assignment()->set_deputy("congresses/hz/deputies/" + deputy);
      req.mutable_assignment()->set_term(14);
      *req.mutable_assignment()->mutable_start_date() = Day(2024, 1, 10);
      if (mutate) mutate(req);
      CreateContactAssignmentResponse resp;
      return contacts_->CreateContactAssignment(ContextWith(token).get(), req, &resp);
    };
  };
  auto visit = [&](const std::string& assignment, renda::type::v1::Date date, const std::string& token,
                   std::function<void(LogVisitRequest&)> mutate = nullptr) {
    return [=, this] {
      LogVisitRequest req = VisitRequest(assignment, date);
      if (mutate) mutate(req);
      LogVisitResponse resp;
      return contacts_->LogVisit(ContextWith(token).get(), req, &resp);
    };
  };
  auto end = [&](const std::string& name, renda::type::v1::Date date, const std::string& token) {
    return [=, this] {
      EndContactAssignmentRequest req;
      req.set_name(name);
      *req.mutable_end_date() = date;
      EndContactAssignmentResponse resp;
      return contacts_->EndContactAssignment(ContextWith(token).get(), req, &resp);
    };
  };
  auto quotas = [&](int chair, int committee, const std::string& token) {
    return [=, this] {
      UpdateContactQuotasRequest req;
      req.set_parent("congresses/hz");
      req.mutable_quotas()->set_council_of_chairpersons_member(chair);
      req.mutable_quotas()->set_full_time_committee_member(committee);
      UpdateContactQuotasResponse resp;
      return contacts_->UpdateContactQuotas(ContextWith(token).get(), req, &resp);
    };
  };
  auto coverage = [&](int year, const std::string& token) {
    return [=, this] {
      GetContactCoverageRequest req;
      req.set_parent("congresses/hz");
      req.set_year(year);
      GetContactCoverageResponse resp;
      return contacts_->GetContactCoverage(ContextWith(token).get(), req, &resp);
    };
  };
  auto unvisited = [&](int year, const std::string& token) {
    return [=, this] {
      ListUnvisitedDeputiesRequest req;
      req.set_parent("congresses/hz");
      req.set_year(year);
      ListUnvisitedDeputiesResponse resp;
      return contacts_->ListUnvisitedDeputies(ContextWith(token).get(), req, &resp);
    };
  };
  const std::string deputy = Token(Role::kDeputy, "d", "g1");
  const std::string citizen = Token(Role::kCitizen);
  const auto future = Day(2024, 6, 2);
  const auto before_start = Day(2024, 1, 9);

  std::vector<Case> cases = {
      {"leader: deputy role", create_leader([](auto&) {}, deputy), grpc::StatusCode::PERMISSION_DENIED},
      {"leader: no post", create_leader([](auto& r) { r.mutable_leader()->clear_post(); }, staff_),
       grpc::StatusCode::INVALID_ARGUMENT},
      {"leader: no subject", create_leader([](auto& r) { r.mutable_leader()->clear_subject(); }, staff_),
       grpc::StatusCode::INVALID_ARGUMENT},
      {"leader: id taken", create_leader([](auto& r) { r.set_leader_id("zhang"); }, staff_),
       grpc::StatusCode::ALREADY_EXISTS},
      {"assign: leader role", assign("zhang", "g3", leader_zhang), grpc::StatusCode::PERMISSION_DENIED},
      {"assign: same pair twice", assign("zhang", "g1", staff_), grpc::StatusCode::ALREADY_EXISTS},
      {"assign: quota reached", assign("li", "g1", staff_), grpc::StatusCode::FAILED_PRECONDITION},
      {"assign: deputy not serving", assign("zhang", "gone", staff_), grpc::StatusCode::FAILED_PRECONDITION},
      {"assign: not grassroots", assign("zhang", "plain", staff_), grpc::StatusCode::FAILED_PRECONDITION},
      {"assign: unknown leader", assign("nobody", "g3", staff_), grpc::StatusCode::NOT_FOUND},
      {"assign: unknown deputy", assign("zhang", "nobody", staff_), grpc::StatusCode::NOT_FOUND},
      {"assign: no start date",
       assign("zhang", "g3", staff_, [](auto& r) { r.mutable_assignment()->clear_start_date(); }),
       grpc::StatusCode::INVALID_ARGUMENT},
      {"assign: bad term", assign("zhang", "g3", staff_, [](auto& r) { r.mutable_assignment()->set_term(0); }),
       grpc::StatusCode::INVALID_ARGUMENT},
      {"assign: other congress's deputy",
       assign("zhang", "g3", staff_,
              [](auto& r) { r.mutable_assignment()->set_deputy("congresses/nb/deputies/g3"); }),
       grpc::StatusCode::INVALID_ARGUMENT},
      {"visit: another leader's contact", visit(a2, Day(2024, 5, 1), leader_zhang),
       grpc::StatusCode::PERMISSION_DENIED},
      {"visit: deputy role", visit(a1, Day(2024, 5, 1), deputy), grpc::StatusCode::PERMISSION_DENIED},
      {"visit: in the future", visit(a1, future, staff_), grpc::StatusCode::INVALID_ARGUMENT},
      {"visit: before the assignment", visit(a1, before_start, staff_), grpc::StatusCode::INVALID_ARGUMENT},
      {"visit: no form", visit(a1, Day(2024, 5, 1), staff_, [](auto& r) { r.mutable_visit()->clear_form(); }),
       grpc::StatusCode::INVALID_ARGUMENT},
      {"visit: bad date", visit(a1, Day(2024, 2, 30), staff_), grpc::StatusCode::INVALID_ARGUMENT},
      {"visit: unknown assignment", visit("congresses/hz/contactAssignments/nope", Day(2024, 5, 1), staff_),
       grpc::StatusCode::NOT_FOUND},
      {"visit: ended assignment", visit(ended, Day(2024, 5, 1), staff_), grpc::StatusCode::FAILED_PRECONDITION},
      {"end: before the start", end(a1, before_start, staff_), grpc::StatusCode::INVALID_ARGUMENT},
      {"end: already ended", end(ended, Day(2024, 5, 1), staff_), grpc::StatusCode::FAILED_PRECONDITION},
      {"end: leader role", end(a1, Day(2024, 5, 1), leader_zhang), grpc::StatusCode::PERMISSION_DENIED},
      {"end: unknown", end("congresses/hz/contactAssignments/nope", Day(2024, 5, 1), staff_),
       grpc::StatusCode::NOT_FOUND},
      {"quotas: zero", quotas(0, 3, staff_), grpc::StatusCode::INVALID_ARGUMENT},
      {"quotas: too many", quotas(5, 51, staff_), grpc::StatusCode::INVALID_ARGUMENT},
      {"quotas: leader role", quotas(5, 3, leader_zhang), grpc::StatusCode::PERMISSION_DENIED},
      {"coverage: no year", coverage(0, staff_), grpc::StatusCode::INVALID_ARGUMENT},
      {"coverage: citizen", coverage(2024, citizen), grpc::StatusCode::PERMISSION_DENIED},
      {"coverage: other congress", coverage(2024, Token(Role::kStaff, "t", "", "sh")),
       grpc::StatusCode::PERMISSION_DENIED},
      {"unvisited: deputy role", unvisited(2024, deputy), grpc::StatusCode::PERMISSION_DENIED},
      {"unvisited: year 99999", unvisited(99999, staff_), grpc::StatusCode::INVALID_ARGUMENT},
  };
  testing::ExpectRefused(cases);
  EXPECT_EQ(FeedLength(), feed_before);
  EXPECT_EQ(Assignments().size(), 5u);
  EXPECT_EQ(VisitCount(), 0);
}

}  // namespace
}  // namespace renda
