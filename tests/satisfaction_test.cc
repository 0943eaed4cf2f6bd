// Satisfaction votes end to end: a real Redis, the representatives services (deputies, the
// standing committee and its memberships) and the supervision services in-process on port 0 on
// one fake clock. A vote fails and is rerun and passes; ballots stay secret; every refusal has
// its code and writes nothing.
#include <gtest/gtest.h>

#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "renda/representatives/v1/organizations.grpc.pb.h"
#include "renda/supervision/v1/satisfaction.grpc.pb.h"
#include "renda/supervision/v1/supervision.grpc.pb.h"
#include "services/common/time_util.h"
#include "services/supervision/services.h"
#include "tests/support/intake_fixture.h"
#include "tests/support/storage.h"

namespace renda {
namespace {

using namespace supervision::v1;  // NOLINT: test brevity
namespace rep = representatives::v1;
using testing::CallAs;
using testing::ContextWith;
using testing::Day;
using testing::DeputyName;
using testing::Named;

class SatisfactionTest : public testing::RepresentativesFixture {
 protected:
  void SetUp() override {
    StartServices();
    orgs_ = rep::OrganizationService::NewStub(channel_);
    for (int i = 1; i <= 6; ++i) AddDeputy(absl::StrCat("d", i));
    // d1..d5 sit on the standing committee; d6 is a deputy but no member.
    rep::CreateOrganizationRequest org;
    org.set_parent("congresses/hz");
    org.set_organization_id("changwei");
    org.mutable_organization()->set_display_name("杭州市人大常委会");
    org.mutable_organization()->set_classification(rep::ORGANIZATION_CLASSIFICATION_STANDING_COMMITTEE);
    org.mutable_organization()->set_level(rep::ORGANIZATION_LEVEL_CITY);
    org.mutable_organization()->set_term(14);
    rep::CreateOrganizationResponse created;
    auto s = orgs_->CreateOrganization(ContextWith(Staff()).get(), org, &created);
    ASSERT_TRUE(s.ok()) << s.error_message();
    for (int i = 1; i <= 5; ++i) {
      rep::CreateMembershipRequest join;
      join.set_parent("congresses/hz");
      join.mutable_membership()->set_deputy(DeputyName(absl::StrCat("d", i)));
      join.mutable_membership()->set_organization(created.organization().name());
      join.mutable_membership()->set_role(rep::MEMBERSHIP_ROLE_MEMBER);
      *join.mutable_membership()->mutable_start_date() = Day(2024, 1, 1);
      rep::CreateMembershipResponse joined;
      s = orgs_->CreateMembership(ContextWith(Staff()).get(), join, &joined);
      ASSERT_TRUE(s.ok()) << s.error_message();
    }
    supervision::SupervisionOptions options;
    options.representatives_addr = host_->address();
    sup_host_ = testing::StartHost(
        redis_.address(), [options](const Runtime& rt) { return supervision::MakeSupervisionServices(rt, options); },
        &clock_);
    ASSERT_TRUE(testing::WaitServing(*sup_host_));
    auto channel = testing::ChannelTo(*sup_host_);
    votes_ = SatisfactionService::NewStub(channel);
    items_ = SupervisionService::NewStub(channel);
    sup_feed_ = renda::feed::v1::ChangeFeedService::NewStub(channel);
    item_ = CreateItem();
  }

  std::string Staff() { return Token(Role::kStaff); }
  std::string Member(const std::string& id) { return Token(Role::kDeputy, "user-" + id, id); }

  void AddDeputy(const std::string& id) {
    rep::CreateDeputyRequest req;
    req.set_parent("congresses/hz");
    req.set_deputy_id(id);
    req.mutable_deputy()->set_display_name(absl::StrCat("委员", id));
    req.mutable_deputy()->set_term(14);
    req.mutable_deputy()->set_electoral_unit("西湖区");
    req.mutable_deputy()->set_delegation("hz-xihu");
    req.mutable_deputy()->set_status(rep::DEPUTY_STATUS_SERVING);
    rep::CreateDeputyResponse resp;
    auto s = deputies_->CreateDeputy(ContextWith(Staff()).get(), req, &resp);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  std::string CreateItem() {
    CreateSupervisionItemRequest req;
    req.set_parent("congresses/hz");
    auto* item = req.mutable_supervision_item();
    item->set_title("听取和审议市政府关于大气污染防治工作情况的报告");
    item->set_area(SUPERVISION_AREA_ENVIRONMENT);
    item->set_form(SUPERVISION_FORM_SATISFACTION_EVALUATION);
    item->set_year(2024);
    item->set_responsible_body("杭州市人民政府");
    CreateSupervisionItemResponse resp;
    auto s = items_->CreateSupervisionItem(ContextWith(Staff()).get(), req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return resp.supervision_item().name();
  }

  // A vote on the item whose window is [now + 1h, now + 3h).
  CreateSatisfactionVoteRequest VoteRequest() {
    CreateSatisfactionVoteRequest req;
    req.set_parent("congresses/hz");
    auto* vote = req.mutable_satisfaction_vote();
    vote->set_title("对市政府大气污染防治工作报告的满意度测评");
    vote->set_supervision_item(item_);
    vote->set_body("杭州市人民政府");
    vote->set_report_title("关于大气污染防治工作情况的报告");
    *vote->mutable_open_time() = ToProtoTime(clock_.Now() + absl::Hours(1));
    *vote->mutable_close_time() = ToProtoTime(clock_.Now() + absl::Hours(3));
    return req;
  }

  SatisfactionVote CreateVote() {
    CreateSatisfactionVoteResponse resp;
    auto s = votes_->CreateSatisfactionVote(ContextWith(Staff()).get(), VoteRequest(), &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return resp.satisfaction_vote();
  }

  SatisfactionVote Open(const std::string& name) {
    OpenSatisfactionVoteResponse resp;
    auto s = votes_->OpenSatisfactionVote(ContextWith(Staff()).get(), Named<OpenSatisfactionVoteRequest>(name), &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return resp.satisfaction_vote();
  }

  grpc::Status Cast(const std::string& member, const std::string& vote, SatisfactionChoice choice,
                    const std::string& request_id = "") {
    CastSatisfactionBallotRequest req;
    req.set_satisfaction_vote(vote);
    req.set_choice(choice);
    req.set_request_id(request_id);
    CastSatisfactionBallotResponse resp;
    grpc::Status s = votes_->CastSatisfactionBallot(ContextWith(Member(member)).get(), req, &resp);
    if (s.ok()) {
      EXPECT_TRUE(resp.counted());
    }
    return s;
  }

  SatisfactionVote Close(const std::string& name) {
    CloseSatisfactionVoteResponse resp;
    auto s =
        votes_->CloseSatisfactionVote(ContextWith(Staff()).get(), Named<CloseSatisfactionVoteRequest>(name), &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return resp.satisfaction_vote();
  }

  SatisfactionVote Get(const std::string& name, const std::string& token) {
    GetSatisfactionVoteResponse resp;
    auto s = votes_->GetSatisfactionVote(ContextWith(token).get(), Named<GetSatisfactionVoteRequest>(name), &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return resp.satisfaction_vote();
  }

  RerunSatisfactionVoteRequest RerunRequest(const std::string& failed) {
    RerunSatisfactionVoteRequest req;
    req.set_name(failed);
    req.set_rectification_summary("关停整治涉气企业32家，新增监测站点12个");
    req.set_report_title("关于大气污染防治问题整改情况的报告");
    *req.mutable_open_time() = ToProtoTime(clock_.Now() + absl::Hours(1));
    *req.mutable_close_time() = ToProtoTime(clock_.Now() + absl::Hours(3));
    return req;
  }

  int64_t SupFeedLength() {
    return static_cast<int64_t>(testing::AllChanges(*sup_feed_, ServiceTokenAt(clock_)).size());
  }

  std::unique_ptr<rep::OrganizationService::Stub> orgs_;
  std::unique_ptr<ServiceHost> sup_host_;
  std::unique_ptr<SatisfactionService::Stub> votes_;
  std::unique_ptr<SupervisionService::Stub> items_;
  std::unique_ptr<renda::feed::v1::ChangeFeedService::Stub> sup_feed_;
  std::string item_;
};

TEST_F(SatisfactionTest, AFailedVoteIsRerunOnTheNewReportAndPasses) {
  SatisfactionVote vote = CreateVote();
  EXPECT_EQ(vote.state(), SATISFACTION_VOTE_STATE_SCHEDULED);
  vote = Open(vote.name());
  EXPECT_EQ(vote.state(), SATISFACTION_VOTE_STATE_OPEN);
  EXPECT_EQ(vote.electorate_size(), 5) << "the standing committee's members when it opened";
  EXPECT_EQ(vote.rule().pass_percent(), 50);
  EXPECT_EQ(vote.rule().base(), SATISFACTION_RULE_BASE_ALL_MEMBERS);

  EXPECT_EQ(Cast("d1", vote.name(), SATISFACTION_CHOICE_SATISFIED).error_code(), grpc::StatusCode::FAILED_PRECONDITION)
      << "before the window opens";
  clock_.Advance(absl::Hours(1));
  ASSERT_TRUE(Cast("d1", vote.name(), SATISFACTION_CHOICE_SATISFIED).ok());
  ASSERT_TRUE(Cast("d2", vote.name(), SATISFACTION_CHOICE_BASICALLY_SATISFIED).ok());
  ASSERT_TRUE(Cast("d3", vote.name(), SATISFACTION_CHOICE_NOT_SATISFIED).ok());
  ASSERT_TRUE(Cast("d4", vote.name(), SATISFACTION_CHOICE_NOT_SATISFIED).ok());
  // 2 in favour of 5 members is not more than half: it fails (d5 did not vote).
  SatisfactionVote closed = Close(vote.name());
  EXPECT_EQ(closed.result(), SATISFACTION_RESULT_FAILED);
  EXPECT_EQ(closed.counts().satisfied(), 1);
  EXPECT_EQ(closed.counts().basically_satisfied(), 1);
  EXPECT_EQ(closed.counts().not_satisfied(), 2);
  EXPECT_EQ(closed.counts().not_voted(), 1);
  EXPECT_EQ(closed.voted_count(), 4);
  EXPECT_EQ(Cast("d5", vote.name(), SATISFACTION_CHOICE_SATISFIED).error_code(), grpc::StatusCode::FAILED_PRECONDITION)
      << "a closed vote takes no ballot";

  RerunSatisfactionVoteResponse rerun;
  auto s = votes_->RerunSatisfactionVote(ContextWith(Staff()).get(), RerunRequest(vote.name()), &rerun);
  ASSERT_TRUE(s.ok()) << s.error_message();
  const SatisfactionVote second = rerun.satisfaction_vote();
  EXPECT_EQ(second.rerun_of(), vote.name());
  EXPECT_EQ(second.state(), SATISFACTION_VOTE_STATE_SCHEDULED);
  EXPECT_EQ(second.report_title(), "关于大气污染防治问题整改情况的报告");
  EXPECT_EQ(Get(vote.name(), Member("d6")).rerun_by(), second.name());
  EXPECT_EQ(votes_->RerunSatisfactionVote(ContextWith(Staff()).get(), RerunRequest(vote.name()), &rerun).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION)
      << "a failed vote is rerun once";

  Open(second.name());
  clock_.Advance(absl::Hours(1));
  ASSERT_TRUE(Cast("d1", second.name(), SATISFACTION_CHOICE_SATISFIED).ok());
  ASSERT_TRUE(Cast("d2", second.name(), SATISFACTION_CHOICE_BASICALLY_SATISFIED).ok());
  ASSERT_TRUE(Cast("d3", second.name(), SATISFACTION_CHOICE_SATISFIED).ok());
  ASSERT_TRUE(Cast("d4", second.name(), SATISFACTION_CHOICE_NOT_SATISFIED).ok());
  const SatisfactionVote passed = Close(second.name());
  EXPECT_EQ(passed.result(), SATISFACTION_RESULT_PASSED) << "3 in favour of 5 members";
  EXPECT_EQ(votes_->RerunSatisfactionVote(ContextWith(Staff()).get(), RerunRequest(second.name()), &rerun).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION)
      << "a passed vote is not rerun";

  ListSatisfactionVotesRequest list;
  list.set_parent("congresses/hz");
  list.set_supervision_item(item_);
  ListSatisfactionVotesResponse page;
  ASSERT_TRUE(votes_->ListSatisfactionVotes(ContextWith(Member("d6")).get(), list, &page).ok());
  ASSERT_EQ(page.satisfaction_votes_size(), 2);
  EXPECT_EQ(page.satisfaction_votes(0).result(), SATISFACTION_RESULT_FAILED);
  EXPECT_EQ(page.satisfaction_votes(1).result(), SATISFACTION_RESULT_PASSED);
}

TEST_F(SatisfactionTest, BallotsAreSecretAndCountsAppearOnlyOnceClosed) {
  const SatisfactionVote vote = Open(CreateVote().name());
  clock_.Advance(absl::Hours(1));
  const int64_t feed_before = SupFeedLength();
  ASSERT_TRUE(Cast("d1", vote.name(), SATISFACTION_CHOICE_NOT_SATISFIED, "ballot-d1").ok());
  ASSERT_TRUE(Cast("d2", vote.name(), SATISFACTION_CHOICE_SATISFIED).ok());
  // A retry with the same request id is answered as the first time and counted once.
  ASSERT_TRUE(Cast("d1", vote.name(), SATISFACTION_CHOICE_NOT_SATISFIED, "ballot-d1").ok());
  EXPECT_EQ(Cast("d1", vote.name(), SATISFACTION_CHOICE_SATISFIED).error_code(), grpc::StatusCode::ALREADY_EXISTS);

  // While open, everyone (staff, the voters themselves) sees how many voted, and nothing else.
  for (const std::string& token : {Staff(), Member("d1"), Token(Role::kLeader)}) {
    const SatisfactionVote shown = Get(vote.name(), token);
    EXPECT_EQ(shown.voted_count(), 2);
    EXPECT_FALSE(shown.has_counts());
    EXPECT_EQ(shown.result(), SATISFACTION_RESULT_UNSPECIFIED);
  }
  ListSatisfactionVotesRequest list;
  list.set_parent("congresses/hz");
  ListSatisfactionVotesResponse page;
  ASSERT_TRUE(votes_->ListSatisfactionVotes(ContextWith(Staff()).get(), list, &page).ok());
  ASSERT_EQ(page.satisfaction_votes_size(), 1);
  EXPECT_FALSE(page.satisfaction_votes(0).has_counts());
  EXPECT_EQ(page.satisfaction_votes(0).voted_count(), 2);

  // No ballot wrote an event: the feed holds nothing of who voted or when.
  EXPECT_EQ(SupFeedLength(), feed_before);
  // Looking at storage, since no RPC can show it: the stored feed never names a voter as actor.
  const std::string stored_feed = testing::RawStorage(redis_).StreamText("sup:{hz}:feed");
  EXPECT_FALSE(absl::StrContains(stored_feed, "user-d1"));
  EXPECT_FALSE(absl::StrContains(stored_feed, "user-d2"));

  const SatisfactionVote closed = Close(vote.name());
  EXPECT_EQ(closed.counts().satisfied(), 1);
  EXPECT_EQ(closed.counts().not_satisfied(), 1);
  EXPECT_EQ(closed.counts().not_voted(), 3);
  EXPECT_EQ(closed.result(), SATISFACTION_RESULT_FAILED);
  EXPECT_EQ(Get(vote.name(), Member("d6")).counts().satisfied(), 1) << "counts are public once closed";
  EXPECT_EQ(SupFeedLength(), feed_before + 1) << "closing is one event, with the counts";
}

TEST_F(SatisfactionTest, ConcurrentBallotsAreEachCountedOnce) {
  const SatisfactionVote vote = Open(CreateVote().name());
  clock_.Advance(absl::Hours(1));
  // Every member votes at once, twice each (a retry without request id): one ballot each counts.
  std::vector<std::thread> voters;
  std::vector<int> ok(10, 0);
  for (int i = 0; i < 10; ++i) {
    voters.emplace_back([&, i] {
      const SatisfactionChoice choice = i % 5 < 3 ? SATISFACTION_CHOICE_SATISFIED : SATISFACTION_CHOICE_NOT_SATISFIED;
      ok[i] = Cast(absl::StrCat("d", i % 5 + 1), vote.name(), choice).ok() ? 1 : 0;
    });
  }
  for (auto& t : voters) t.join();
  EXPECT_EQ(ok[0] + ok[1] + ok[2] + ok[3] + ok[4] + ok[5] + ok[6] + ok[7] + ok[8] + ok[9], 5);
  const SatisfactionVote closed = Close(vote.name());
  EXPECT_EQ(closed.counts().satisfied(), 3);
  EXPECT_EQ(closed.counts().not_satisfied(), 2);
  EXPECT_EQ(closed.result(), SATISFACTION_RESULT_PASSED);
}

TEST_F(SatisfactionTest, RefusalsHaveTheirCodeAndWriteNothing) {
  const SatisfactionVote scheduled = CreateVote();
  const SatisfactionVote open = Open(CreateVote().name());
  clock_.Advance(absl::Hours(1));
  ASSERT_TRUE(Cast("d1", open.name(), SATISFACTION_CHOICE_SATISFIED).ok());
  const int64_t feed = SupFeedLength();
  auto* v = votes_.get();
  using S = SatisfactionService::Stub;
  auto create = [&](auto change) {
    CreateSatisfactionVoteRequest req = VoteRequest();
    change(req);
    return req;
  };
  auto cast = [&](const std::string& vote, SatisfactionChoice choice) {
    CastSatisfactionBallotRequest req;
    req.set_satisfaction_vote(vote);
    req.set_choice(choice);
    return req;
  };
  OpenSatisfactionVoteRequest stale = Named<OpenSatisfactionVoteRequest>(scheduled.name());
  stale.set_etag("99");
  RerunSatisfactionVoteRequest no_summary = RerunRequest(open.name());
  no_summary.clear_rectification_summary();
  ListSatisfactionVotesRequest bad_page;
  bad_page.set_parent("congresses/hz");
  bad_page.set_page_token("forged");
  ListSatisfactionVotesRequest bad_size;
  bad_size.set_parent("congresses/hz");
  bad_size.set_page_size(-1);

  std::vector<testing::RefusedCall> calls = {
      {"a deputy creates", CallAs(Member("d1"), v, &S::CreateSatisfactionVote, VoteRequest()),
       grpc::StatusCode::PERMISSION_DENIED},
      {"another congress's staff create",
       CallAs(Token(Role::kStaff, "tester", "", "sh"), v, &S::CreateSatisfactionVote, VoteRequest()),
       grpc::StatusCode::PERMISSION_DENIED},
      {"no title", CallAs(Staff(), v, &S::CreateSatisfactionVote, create([](auto& r) {
                            r.mutable_satisfaction_vote()->clear_title();
                          })),
       grpc::StatusCode::INVALID_ARGUMENT},
      {"closing before opening", CallAs(Staff(), v, &S::CreateSatisfactionVote, create([&](auto& r) {
                                          *r.mutable_satisfaction_vote()->mutable_close_time() =
                                              ToProtoTime(clock_.Now() - absl::Hours(5));
                                        })),
       grpc::StatusCode::INVALID_ARGUMENT},
      {"an unknown item",
       CallAs(Staff(), v, &S::CreateSatisfactionVote, create([](auto& r) {
                r.mutable_satisfaction_vote()->set_supervision_item("congresses/hz/supervisionItems/none");
              })),
       grpc::StatusCode::NOT_FOUND},
      {"get a malformed name",
       CallAs(Staff(), v, &S::GetSatisfactionVote, Named<GetSatisfactionVoteRequest>("congresses/hz/votes/x")),
       grpc::StatusCode::INVALID_ARGUMENT},
      {"get an unknown vote",
       CallAs(Staff(), v, &S::GetSatisfactionVote,
              Named<GetSatisfactionVoteRequest>("congresses/hz/satisfactionVotes/none")),
       grpc::StatusCode::NOT_FOUND},
      {"list with a forged token", CallAs(Staff(), v, &S::ListSatisfactionVotes, bad_page),
       grpc::StatusCode::INVALID_ARGUMENT},
      {"list with a bad size", CallAs(Staff(), v, &S::ListSatisfactionVotes, bad_size),
       grpc::StatusCode::INVALID_ARGUMENT},
      {"a deputy opens",
       CallAs(Member("d1"), v, &S::OpenSatisfactionVote, Named<OpenSatisfactionVoteRequest>(scheduled.name())),
       grpc::StatusCode::PERMISSION_DENIED},
      {"open an open vote",
       CallAs(Staff(), v, &S::OpenSatisfactionVote, Named<OpenSatisfactionVoteRequest>(open.name())),
       grpc::StatusCode::FAILED_PRECONDITION},
      {"open with a stale etag", CallAs(Staff(), v, &S::OpenSatisfactionVote, stale), grpc::StatusCode::ABORTED},
      {"open an unknown vote",
       CallAs(Staff(), v, &S::OpenSatisfactionVote,
              Named<OpenSatisfactionVoteRequest>("congresses/hz/satisfactionVotes/none")),
       grpc::StatusCode::NOT_FOUND},
      {"staff vote", CallAs(Staff(), v, &S::CastSatisfactionBallot, cast(open.name(), SATISFACTION_CHOICE_SATISFIED)),
       grpc::StatusCode::PERMISSION_DENIED},
      {"a deputy not on the committee votes",
       CallAs(Member("d6"), v, &S::CastSatisfactionBallot, cast(open.name(), SATISFACTION_CHOICE_SATISFIED)),
       grpc::StatusCode::PERMISSION_DENIED},
      {"a ballot without a choice",
       CallAs(Member("d2"), v, &S::CastSatisfactionBallot, cast(open.name(), SATISFACTION_CHOICE_UNSPECIFIED)),
       grpc::StatusCode::INVALID_ARGUMENT},
      {"a second ballot",
       CallAs(Member("d1"), v, &S::CastSatisfactionBallot, cast(open.name(), SATISFACTION_CHOICE_NOT_SATISFIED)),
       grpc::StatusCode::ALREADY_EXISTS},
      {"a ballot in a vote not opened",
       CallAs(Member("d2"), v, &S::CastSatisfactionBallot, cast(scheduled.name(), SATISFACTION_CHOICE_SATISFIED)),
       grpc::StatusCode::FAILED_PRECONDITION},
      {"a deputy closes",
       CallAs(Member("d1"), v, &S::CloseSatisfactionVote, Named<CloseSatisfactionVoteRequest>(open.name())),
       grpc::StatusCode::PERMISSION_DENIED},
      {"close a vote not opened",
       CallAs(Staff(), v, &S::CloseSatisfactionVote, Named<CloseSatisfactionVoteRequest>(scheduled.name())),
       grpc::StatusCode::FAILED_PRECONDITION},
      {"rerun an open vote", CallAs(Staff(), v, &S::RerunSatisfactionVote, RerunRequest(open.name())),
       grpc::StatusCode::FAILED_PRECONDITION},
      {"rerun without the rectification", CallAs(Staff(), v, &S::RerunSatisfactionVote, no_summary),
       grpc::StatusCode::INVALID_ARGUMENT},
      {"a deputy reruns", CallAs(Member("d1"), v, &S::RerunSatisfactionVote, RerunRequest(open.name())),
       grpc::StatusCode::PERMISSION_DENIED},
  };
  testing::ExpectRefused(calls);
  EXPECT_EQ(SupFeedLength(), feed) << "a refused call writes nothing";
  EXPECT_EQ(Get(open.name(), Staff()).voted_count(), 1) << "no refused ballot was counted";

  // After the window, a ballot is refused too.
  clock_.Advance(absl::Hours(2));
  EXPECT_EQ(Cast("d2", open.name(), SATISFACTION_CHOICE_SATISFIED).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Get(open.name(), Staff()).voted_count(), 1);
}

}  // namespace
}  // namespace renda
