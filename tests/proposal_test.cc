// Deputies' bills and suggestions end to end: a real Redis, the representatives services and the
// intake services in-process on port 0 on one fake clock, and the representatives' follower of
// intake's feed that turns filings into duty records.
#include <gtest/gtest.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "renda/intake/v1/proposal.grpc.pb.h"
#include "renda/representatives/v1/duty.grpc.pb.h"
#include "services/intake/proposal_logic.h"
#include "services/intake/services.h"
#include "services/representatives/intake_follower.h"
#include "tests/support/intake_fixture.h"
#include "tests/support/storage.h"

namespace renda {
namespace {

using namespace intake::v1;  // NOLINT: test brevity
namespace rep = representatives::v1;
using testing::ContextWith;
using testing::Day;
using testing::DeputyName;
using testing::RefusedCall;

class ProposalTest : public testing::IntakeFixture {
 protected:
  void SetUp() override {
    StartServices();
    duty_ = rep::DutyRecordService::NewStub(channel_);
    intake::IntakeOptions options;
    options.representatives_addr = host_->address();
    StartIntake(options);
    proposals_ = ProposalService::NewStub(intake_channel_);
  }

  void StartFollower() {
    ServerOptions server;
    server.redis = redis_.address();
    server.token_key = testing::kTestTokenKey;
    representatives::IntakeFollowOptions follow;
    follow.intake_addr = intake_host_->address();
    auto f = representatives::StartIntakeFollowers(server, follow, &clock_);
    ASSERT_TRUE(f.ok()) << f.status();
    followers_ = *std::move(f);
  }
  void StopFollower() { followers_.reset(); }

  std::string Staff() { return Token(Role::kStaff); }
  std::string DeputyToken(const std::string& id) { return Token(Role::kDeputy, "user-" + id, id); }

  void AddDeputy(const std::string& id, rep::DeputyStatus status = rep::DEPUTY_STATUS_SERVING,
                 const std::string& delegation = "hz-xihu") {
    rep::CreateDeputyRequest req;
    req.set_parent("congresses/hz");
    req.set_deputy_id(id);
    req.mutable_deputy()->set_display_name(absl::StrCat("代表", id));
    req.mutable_deputy()->set_term(14);
    req.mutable_deputy()->set_electoral_unit("西湖区");
    req.mutable_deputy()->set_delegation(delegation);
    req.mutable_deputy()->set_status(status);
    rep::CreateDeputyResponse resp;
    auto s = deputies_->CreateDeputy(ContextWith(Staff()).get(), req, &resp);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  static FileProposalRequest Filing(ProposalKind kind, const std::string& filer,
                                    const std::vector<std::string>& co_signers = {},
                                    const std::string& delegation = "") {
    FileProposalRequest req;
    req.set_parent("congresses/hz");
    auto* p = req.mutable_proposal();
    p->set_kind(kind);
    p->set_title(kind == PROPOSAL_KIND_BILL ? "关于制定城市河道管理条例的议案" : "关于优化公交线路的建议");
    p->set_content("市区公交线路重复率高，建议统筹优化，增加社区微循环线路。");
    p->set_category("城乡建设");
    if (!filer.empty()) p->set_filer(DeputyName(filer));
    for (const auto& c : co_signers) p->add_co_signers(DeputyName(c));
    p->set_delegation(delegation);
    return req;
  }

  grpc::Status File(const std::string& token, const FileProposalRequest& req, Proposal* out = nullptr) {
    FileProposalResponse resp;
    grpc::Status s = proposals_->FileProposal(ContextWith(token).get(), req, &resp);
    if (out != nullptr) *out = resp.proposal();
    return s;
  }

  Proposal FileOk(const std::string& token, const FileProposalRequest& req) {
    Proposal p;
    grpc::Status s = File(token, req, &p);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return p;
  }

  grpc::Status Assign(const std::string& token, const std::string& name, const std::string& lead,
                      const std::vector<std::string>& co_units, Proposal* out = nullptr) {
    AssignProposalRequest req;
    req.set_name(name);
    req.set_lead_unit(lead);
    for (const auto& u : co_units) req.add_co_units(u);
    AssignProposalResponse resp;
    grpc::Status s = proposals_->AssignProposal(ContextWith(token).get(), req, &resp);
    if (out != nullptr) *out = resp.proposal();
    return s;
  }

  grpc::Status Reply(const std::string& token, const std::string& name, ReplyCategory category,
                     Proposal* out = nullptr, const std::string& text = "已纳入明年公交线网优化计划。") {
    ReplyProposalRequest req;
    req.set_name(name);
    req.set_category(category);
    req.set_text(text);
    ReplyProposalResponse resp;
    grpc::Status s = proposals_->ReplyProposal(ContextWith(token).get(), req, &resp);
    if (out != nullptr) *out = resp.proposal();
    return s;
  }

  grpc::Status Rate(const std::string& token, const std::string& name, Satisfaction satisfaction,
                    Proposal* out = nullptr) {
    RateProposalRequest req;
    req.set_name(name);
    req.set_satisfaction(satisfaction);
    RateProposalResponse resp;
    grpc::Status s = proposals_->RateProposal(ContextWith(token).get(), req, &resp);
    if (out != nullptr) *out = resp.proposal();
    return s;
  }

  grpc::Status Extend(const std::string& token, const std::string& name, renda::type::v1::Date date,
                      const std::string& reason = "涉及多部门协调，需延期办理", Proposal* out = nullptr) {
    ExtendProposalDeadlineRequest req;
    req.set_name(name);
    *req.mutable_new_deadline() = date;
    req.set_reason(reason);
    ExtendProposalDeadlineResponse resp;
    grpc::Status s = proposals_->ExtendProposalDeadline(ContextWith(token).get(), req, &resp);
    if (out != nullptr) *out = resp.proposal();
    return s;
  }

  grpc::Status Get(const std::string& token, const std::string& name, Proposal* out = nullptr) {
    GetProposalRequest req;
    req.set_name(name);
    GetProposalResponse resp;
    grpc::Status s = proposals_->GetProposal(ContextWith(token).get(), req, &resp);
    if (out != nullptr) *out = resp.proposal();
    return s;
  }

  std::vector<Proposal> List(const std::string& token, ListProposalsRequest req) {
    req.set_parent("congresses/hz");
    ListProposalsResponse resp;
    grpc::Status s = proposals_->ListProposals(ContextWith(token).get(), req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return {resp.proposals().begin(), resp.proposals().end()};
  }

  std::vector<rep::DutyRecord> DutyRecordsOf(const std::string& deputy_id, rep::DutyRecordType type) {
    rep::ListDutyRecordsRequest req;
    req.set_parent("congresses/hz");
    req.set_deputy(DeputyName(deputy_id));
    req.set_type(type);
    req.set_page_size(100);
    rep::ListDutyRecordsResponse resp;
    grpc::Status s = duty_->ListDutyRecords(ContextWith(Staff()).get(), req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return {resp.duty_records().begin(), resp.duty_records().end()};
  }

  // Where the follower's cursor of intake's feed stands, as stored: what a restarted follower
  // resumes from. No RPC shows it, so this reads the key itself.
  std::string FollowerCursor() { return testing::RawStorage(redis_).Value("rep:{hz}:cursor:intake"); }
  // Waits until the follower has applied every intake event (its drain hook).
  bool WaitCaughtUp() { return followers_->WaitApplied("hz", LastIntakeCursor(), absl::Seconds(10)); }

  std::unique_ptr<rep::DutyRecordService::Stub> duty_;
  std::unique_ptr<ProposalService::Stub> proposals_;
  std::unique_ptr<representatives::DutyFeedFollowers> followers_;  // stops before the hosts
};

TEST_F(ProposalTest, SuggestionIsHandledAgainWhenNotSatisfiedAndBecomesOneDutyRecord) {
  AddDeputy("d-0001");
  AddDeputy("d-0002");
  const Proposal filed = FileOk(DeputyToken("d-0001"), Filing(PROPOSAL_KIND_SUGGESTION, "", {"d-0002"}));
  EXPECT_EQ(filed.state(), PROPOSAL_STATE_FILED);
  EXPECT_EQ(filed.filer(), DeputyName("d-0001")) << "a deputy files as themself";
  EXPECT_EQ(filed.entered_by(), "user-d-0001");
  const std::string name = filed.name();

  Proposal p;
  ASSERT_TRUE(Assign(Staff(), name, "hz-transport", {"hz-planning"}, &p).ok());
  EXPECT_EQ(p.state(), PROPOSAL_STATE_ASSIGNED);
  ASSERT_EQ(p.rounds_size(), 1);
  EXPECT_EQ(testing::Day(2024, 9, 1).SerializeAsString(), p.rounds(0).deadline().SerializeAsString())
      << "3 months from the assignment on 2024-06-01";

  // The co-unit sees it; a unit it is not assigned to does not.
  EXPECT_TRUE(Get(UnitToken("hz-planning"), name).ok());
  EXPECT_EQ(Get(UnitToken("hz-health"), name).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(List(UnitToken("hz-planning"), {}).size(), 1u);
  EXPECT_TRUE(List(UnitToken("hz-health"), {}).empty());
  EXPECT_EQ(List(DeputyToken("d-0002"), {}).size(), 1u) << "the co-signer sees it";

  ASSERT_TRUE(Reply(UnitToken("hz-transport"), name, REPLY_CATEGORY_B, &p).ok());
  EXPECT_EQ(p.state(), PROPOSAL_STATE_REPLIED);
  clock_.Advance(absl::Hours(24 * 10));
  ASSERT_TRUE(Rate(DeputyToken("d-0001"), name, SATISFACTION_NOT_SATISFIED, &p).ok());
  EXPECT_EQ(p.state(), PROPOSAL_STATE_HANDLING_AGAIN);
  ASSERT_EQ(p.rounds_size(), 2);
  EXPECT_EQ(testing::Day(2024, 9, 11).SerializeAsString(), p.rounds(1).deadline().SerializeAsString())
      << "a new deadline, 3 months from the rating";
  EXPECT_EQ(List(UnitToken("hz-transport"), {}).size(), 1u) << "back with the lead unit";

  ASSERT_TRUE(Reply(UnitToken("hz-transport"), name, REPLY_CATEGORY_A, &p, "已新开两条社区微循环线路。").ok());
  ASSERT_TRUE(Rate(DeputyToken("d-0001"), name, SATISFACTION_SATISFIED, &p).ok());
  EXPECT_EQ(p.state(), PROPOSAL_STATE_CLOSED);
  ASSERT_EQ(p.rounds_size(), 2);
  EXPECT_EQ(p.rounds(0).reply().category(), REPLY_CATEGORY_B);
  EXPECT_EQ(p.rounds(0).rating().satisfaction(), SATISFACTION_NOT_SATISFIED);
  EXPECT_EQ(p.rounds(1).reply().category(), REPLY_CATEGORY_A);
  EXPECT_EQ(p.rounds(1).rating().satisfaction(), SATISFACTION_SATISFIED);
  std::vector<ProposalAction> actions;
  for (const auto& t : p.history()) {
    actions.push_back(t.action());
    EXPECT_FALSE(t.actor().empty());
    EXPECT_TRUE(t.has_time());
  }
  EXPECT_EQ(actions, (std::vector<ProposalAction>{PROPOSAL_ACTION_FILED, PROPOSAL_ACTION_ASSIGNED,
                                                  PROPOSAL_ACTION_REPLIED, PROPOSAL_ACTION_RATED,
                                                  PROPOSAL_ACTION_REPLIED, PROPOSAL_ACTION_RATED}));

  // The follower makes one SUGGESTION_FILED record for the filer, with both ratings noted.
  StartFollower();
  ASSERT_TRUE(WaitCaughtUp());
  auto records = DutyRecordsOf("d-0001", rep::DUTY_RECORD_TYPE_SUGGESTION_FILED);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].related_resource(), name);
  EXPECT_EQ(records[0].source_id(), name);
  EXPECT_EQ(records[0].state(), rep::DUTY_RECORD_STATE_CONFIRMED);
  EXPECT_EQ(records[0].date().SerializeAsString(), Day(2024, 6, 1).SerializeAsString()) << "the day it was filed";
  EXPECT_TRUE(absl::StrContains(records[0].detail(), "第1轮办理：B类答复（hz-transport），代表评价：不满意"))
      << records[0].detail();
  EXPECT_TRUE(absl::StrContains(records[0].detail(), "第2轮办理：A类答复（hz-transport），代表评价：满意"))
      << records[0].detail();
  EXPECT_TRUE(DutyRecordsOf("d-0002", rep::DUTY_RECORD_TYPE_SUGGESTION_FILED).empty())
      << "co-signing a suggestion is not a duty record of its own";

  // Restarted, the follower resumes from its cursor; made to read the whole feed again, it still
  // makes no second record.
  const std::string cursor = FollowerCursor();
  StopFollower();
  StartFollower();
  ASSERT_TRUE(WaitCaughtUp());
  EXPECT_EQ(FollowerCursor(), cursor);
  StopFollower();
  testing::RawStorage(redis_).Delete("rep:{hz}:cursor:intake");  // no RPC makes a follower start over
  StartFollower();
  ASSERT_TRUE(WaitCaughtUp());
  records = DutyRecordsOf("d-0001", rep::DUTY_RECORD_TYPE_SUGGESTION_FILED);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_TRUE(absl::StrContains(records[0].detail(), "第2轮")) << "a replayed older event takes no rating back";
}

TEST_F(ProposalTest, BillNeedsTenServingDeputiesOrADelegation) {
  std::vector<std::string> ids;
  for (int i = 1; i <= 10; ++i) {
    ids.push_back(absl::StrCat("b-", i));
    AddDeputy(ids.back());
  }
  AddDeputy("b-resigned", rep::DEPUTY_STATUS_RESIGNED);
  AddDeputy("b-other", rep::DEPUTY_STATUS_SERVING, "hz-shangcheng");
  const int64_t before = FeedLength();

  // 9 serving deputies.
  std::vector<std::string> eight(ids.begin() + 1, ids.begin() + 9);
  grpc::Status s = File(DeputyToken("b-1"), Filing(PROPOSAL_KIND_BILL, "b-1", eight));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_TRUE(absl::StrContains(s.error_message(), "9 serving named, 1 more needed")) << s.error_message();

  // 10 named, one of whom resigned.
  std::vector<std::string> with_resigned = eight;
  with_resigned.push_back("b-resigned");
  s = File(DeputyToken("b-1"), Filing(PROPOSAL_KIND_BILL, "b-1", with_resigned));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_TRUE(absl::StrContains(s.error_message(), "代表b-resigned")) << s.error_message();
  EXPECT_TRUE(absl::StrContains(s.error_message(), "DEPUTY_STATUS_RESIGNED")) << s.error_message();

  // A delegation bill from a deputy of another delegation.
  s = File(Staff(), Filing(PROPOSAL_KIND_BILL, "b-other", {}, "hz-xihu"));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_TRUE(absl::StrContains(s.error_message(), "hz-shangcheng")) << s.error_message();
  EXPECT_EQ(FeedLength(), before) << "a refused filing writes nothing";

  // 10 serving deputies; a delegation bill entered by staff.
  std::vector<std::string> nine(ids.begin() + 1, ids.end());
  const Proposal joint = FileOk(DeputyToken("b-1"), Filing(PROPOSAL_KIND_BILL, "b-1", nine));
  EXPECT_EQ(joint.kind(), PROPOSAL_KIND_BILL);
  EXPECT_EQ(joint.co_signers_size(), 9);
  const Proposal delegation = FileOk(Staff(), Filing(PROPOSAL_KIND_BILL, "b-2", {}, "hz-xihu"));
  EXPECT_EQ(delegation.delegation(), "hz-xihu");
  EXPECT_EQ(delegation.entered_by(), "tester");
  EXPECT_EQ(FeedLength(), before + 2);

  ListProposalsRequest bills;
  bills.set_kind(PROPOSAL_KIND_BILL);
  EXPECT_EQ(List(Staff(), bills).size(), 2u);

  // Every joint filer of a bill gets a BILL_FILED record; the delegation's filer one for it too.
  StartFollower();
  ASSERT_TRUE(WaitCaughtUp());
  auto filer = DutyRecordsOf("b-1", rep::DUTY_RECORD_TYPE_BILL_FILED);
  EXPECT_EQ(filer.size(), 1u);
  auto b2 = DutyRecordsOf("b-2", rep::DUTY_RECORD_TYPE_BILL_FILED);
  EXPECT_EQ(b2.size(), 2u) << "co-signed one bill, filed another for the delegation";
  auto b10 = DutyRecordsOf("b-10", rep::DUTY_RECORD_TYPE_BILL_FILED);
  ASSERT_EQ(b10.size(), 1u);
  EXPECT_TRUE(absl::StartsWith(b10[0].title(), "联名提出议案")) << b10[0].title();
  EXPECT_TRUE(DutyRecordsOf("b-resigned", rep::DUTY_RECORD_TYPE_BILL_FILED).empty());
}

TEST_F(ProposalTest, FilingIsRefusedWhenTheRepresentativesServiceIsUnreachable) {
  AddDeputy("d-0001");
  intake::IntakeOptions options;
  options.representatives_addr = "127.0.0.1:1";  // nothing listens there
  auto lonely = testing::StartHost(
      redis_.address(), [options](const Runtime& rt) { return intake::MakeIntakeServices(rt, options); }, &clock_);
  auto stub = ProposalService::NewStub(testing::ChannelTo(*lonely));
  const int64_t before = FeedLength();
  FileProposalResponse resp;
  grpc::Status s = stub->FileProposal(ContextWith(DeputyToken("d-0001")).get(),
                                      Filing(PROPOSAL_KIND_SUGGESTION, "d-0001"), &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAVAILABLE) << s.error_message();
  EXPECT_TRUE(absl::StrContains(s.error_message(), "nothing was filed")) << s.error_message();
  EXPECT_EQ(FeedLength(), before);
}

TEST_F(ProposalTest, DeadlineIsThreeMonthsAndExtendsToAtMostSix) {
  AddDeputy("d-0001");
  const std::string name = FileOk(DeputyToken("d-0001"), Filing(PROPOSAL_KIND_SUGGESTION, "d-0001")).name();
  Proposal p;
  ASSERT_TRUE(Assign(Staff(), name, "hz-transport", {}, &p).ok());
  EXPECT_EQ(p.rounds(0).deadline().SerializeAsString(), Day(2024, 9, 1).SerializeAsString());

  ASSERT_TRUE(Extend(Staff(), name, Day(2024, 11, 1), "涉及多部门协调", &p).ok());
  EXPECT_EQ(p.rounds(0).deadline().SerializeAsString(), Day(2024, 11, 1).SerializeAsString());
  EXPECT_EQ(p.rounds(0).extension_reason(), "涉及多部门协调");
  EXPECT_EQ(p.state(), PROPOSAL_STATE_ASSIGNED);
  EXPECT_EQ(p.history(p.history_size() - 1).action(), PROPOSAL_ACTION_DEADLINE_EXTENDED);

  const int64_t before = FeedLength();
  grpc::Status s = Extend(Staff(), name, Day(2024, 12, 2));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_TRUE(absl::StrContains(s.error_message(), "2024-12-01")) << s.error_message();
  s = Extend(Staff(), name, Day(2024, 10, 1));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << "not after the current deadline";
  EXPECT_EQ(FeedLength(), before);

  ASSERT_TRUE(Extend(Staff(), name, Day(2024, 12, 1), "年底前完成", &p).ok()) << "exactly 6 months is allowed";
  EXPECT_EQ(p.rounds(0).deadline().SerializeAsString(), Day(2024, 12, 1).SerializeAsString());
}

TEST_F(ProposalTest, KeyProposalsAreListedForLeaders) {
  AddDeputy("d-0001");
  const std::string a = FileOk(DeputyToken("d-0001"), Filing(PROPOSAL_KIND_SUGGESTION, "d-0001")).name();
  FileOk(DeputyToken("d-0001"), Filing(PROPOSAL_KIND_SUGGESTION, "d-0001"));
  SetProposalKeyRequest req;
  req.set_name(a);
  req.set_key(true);
  req.set_note("市领导领衔督办");
  SetProposalKeyResponse resp;
  ASSERT_TRUE(proposals_->SetProposalKey(ContextWith(Staff()).get(), req, &resp).ok());
  EXPECT_TRUE(resp.proposal().key());
  ListProposalsRequest key;
  key.set_key_only(true);
  auto listed = List(Token(Role::kLeader), key);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].name(), a);
  EXPECT_EQ(List(Token(Role::kLeader), {}).size(), 2u);
}

TEST_F(ProposalTest, RefusedCallsWriteNothing) {
  AddDeputy("d-0001");
  AddDeputy("d-0002");
  AddDeputy("d-gone", rep::DEPUTY_STATUS_DECEASED);
  const std::string filed = FileOk(DeputyToken("d-0001"), Filing(PROPOSAL_KIND_SUGGESTION, "d-0001", {"d-0002"})).name();
  const std::string assigned = FileOk(DeputyToken("d-0001"), Filing(PROPOSAL_KIND_SUGGESTION, "d-0001")).name();
  ASSERT_TRUE(Assign(Staff(), assigned, "hz-transport", {"hz-planning"}).ok());
  const std::string replied = FileOk(DeputyToken("d-0001"), Filing(PROPOSAL_KIND_SUGGESTION, "d-0001", {"d-0002"})).name();
  ASSERT_TRUE(Assign(Staff(), replied, "hz-transport", {}).ok());
  ASSERT_TRUE(Reply(UnitToken("hz-transport"), replied, REPLY_CATEGORY_C, nullptr, "暂不具备条件，留作参考。").ok());
  SetProposalKeyRequest key;
  key.set_name(assigned);
  key.set_key(true);
  SetProposalKeyResponse key_resp;
  ASSERT_TRUE(proposals_->SetProposalKey(ContextWith(Staff()).get(), key, &key_resp).ok());

  auto file = [this](const std::string& token, FileProposalRequest req) {
    return [this, token, req] { return File(token, req); };
  };
  FileProposalRequest no_title = Filing(PROPOSAL_KIND_SUGGESTION, "d-0001");
  no_title.mutable_proposal()->set_title("");
  FileProposalRequest long_content = Filing(PROPOSAL_KIND_SUGGESTION, "d-0001");
  long_content.mutable_proposal()->set_content(std::string(10001, 'x'));
  FileProposalRequest filer_cosigns = Filing(PROPOSAL_KIND_SUGGESTION, "d-0001", {"d-0001"});
  FileProposalRequest twice = Filing(PROPOSAL_KIND_SUGGESTION, "d-0001", {"d-0002", "d-0002"});
  FileProposalRequest suggestion_delegation = Filing(PROPOSAL_KIND_SUGGESTION, "d-0001", {}, "hz-xihu");
  FileProposalRequest no_kind = Filing(PROPOSAL_KIND_UNSPECIFIED, "d-0001");
  auto get = [this](const std::string& token, const std::string& name) {
    return [this, token, name] { return Get(token, name); };
  };
  auto list = [this](const std::string& token, ListProposalsRequest req) {
    return [this, token, req]() mutable {
      req.set_parent("congresses/hz");
      ListProposalsResponse resp;
      return proposals_->ListProposals(ContextWith(token).get(), req, &resp);
    };
  };
  ListProposalsRequest others;
  others.set_deputy(DeputyName("d-0002"));
  ListProposalsRequest other_unit;
  other_unit.set_unit("hz-health");
  ListProposalsRequest big_page;
  big_page.set_page_size(1000);
  ListProposalsRequest forged;
  forged.set_page_token("forged");
  auto assign = [this](const std::string& token, const std::string& name, const std::string& lead,
                       std::vector<std::string> co) { return [=, this] { return Assign(token, name, lead, co); }; };
  auto extend = [this](const std::string& token, const std::string& name, renda::type::v1::Date d,
                       const std::string& reason) { return [=, this] { return Extend(token, name, d, reason); }; };
  auto reply = [this](const std::string& token, const std::string& name, ReplyCategory c, const std::string& text) {
    return [=, this] { return Reply(token, name, c, nullptr, text); };
  };
  auto rate = [this](const std::string& token, const std::string& name, Satisfaction s) {
    return [=, this] { return Rate(token, name, s); };
  };
  auto set_key = [this](const std::string& token, const std::string& name, bool on, const std::string& note) {
    return [=, this] {
      SetProposalKeyRequest req;
      req.set_name(name);
      req.set_key(on);
      req.set_note(note);
      SetProposalKeyResponse resp;
      return proposals_->SetProposalKey(ContextWith(token).get(), req, &resp);
    };
  };
  const std::string d1 = DeputyToken("d-0001");
  const std::string lead = UnitToken("hz-transport");
  const std::string unknown = "congresses/hz/proposals/nope";
  using C = grpc::StatusCode;

  std::vector<RefusedCall> calls = {
      // FileProposal
      {"file without a token", file("", Filing(PROPOSAL_KIND_SUGGESTION, "d-0001")), C::UNAUTHENTICATED},
      {"a citizen files", file(Token(Role::kCitizen), Filing(PROPOSAL_KIND_SUGGESTION, "d-0001")), C::PERMISSION_DENIED},
      {"a unit files", file(lead, Filing(PROPOSAL_KIND_SUGGESTION, "d-0001")), C::PERMISSION_DENIED},
      {"a leader files", file(Token(Role::kLeader), Filing(PROPOSAL_KIND_SUGGESTION, "d-0001")), C::PERMISSION_DENIED},
      {"a deputy files for another", file(d1, Filing(PROPOSAL_KIND_SUGGESTION, "d-0002")), C::PERMISSION_DENIED},
      {"staff of another congress", file(Token(Role::kStaff, "x", "", "sh"), Filing(PROPOSAL_KIND_SUGGESTION, "d-0001")),
       C::PERMISSION_DENIED},
      {"staff name no filer", file(Staff(), Filing(PROPOSAL_KIND_SUGGESTION, "")), C::INVALID_ARGUMENT},
      {"no title", file(d1, no_title), C::INVALID_ARGUMENT},
      {"content too long", file(d1, long_content), C::INVALID_ARGUMENT},
      {"no kind", file(d1, no_kind), C::INVALID_ARGUMENT},
      {"filer among co-signers", file(d1, filer_cosigns), C::INVALID_ARGUMENT},
      {"co-signer twice", file(d1, twice), C::INVALID_ARGUMENT},
      {"a suggestion with a delegation", file(d1, suggestion_delegation), C::INVALID_ARGUMENT},
      {"a deceased filer", file(Staff(), Filing(PROPOSAL_KIND_SUGGESTION, "d-gone")), C::FAILED_PRECONDITION},
      {"an unknown co-signer", file(d1, Filing(PROPOSAL_KIND_SUGGESTION, "d-0001", {"d-nobody"})),
       C::FAILED_PRECONDITION},
      {"a bill of 2", file(d1, Filing(PROPOSAL_KIND_BILL, "d-0001", {"d-0002"})), C::FAILED_PRECONDITION},
      // GetProposal
      {"a citizen reads", get(Token(Role::kCitizen), filed), C::PERMISSION_DENIED},
      {"another deputy reads", get(DeputyToken("d-gone"), filed), C::NOT_FOUND},
      {"an unassigned unit reads", get(UnitToken("hz-health"), assigned), C::NOT_FOUND},
      {"unknown proposal", get(Staff(), unknown), C::NOT_FOUND},
      {"malformed name", get(Staff(), "proposals/1"), C::INVALID_ARGUMENT},
      // ListProposals
      {"a citizen lists", list(Token(Role::kCitizen), {}), C::PERMISSION_DENIED},
      {"a deputy lists another's", list(d1, others), C::PERMISSION_DENIED},
      {"a unit lists another's", list(lead, other_unit), C::PERMISSION_DENIED},
      {"page too big", list(Staff(), big_page), C::INVALID_ARGUMENT},
      {"forged page token", list(Staff(), forged), C::INVALID_ARGUMENT},
      // AssignProposal
      {"a deputy assigns", assign(d1, filed, "hz-transport", {}), C::PERMISSION_DENIED},
      {"a leader assigns", assign(Token(Role::kLeader), filed, "hz-transport", {}), C::PERMISSION_DENIED},
      {"no lead unit", assign(Staff(), filed, "", {}), C::INVALID_ARGUMENT},
      {"co-unit is the lead", assign(Staff(), filed, "hz-transport", {"hz-transport"}), C::INVALID_ARGUMENT},
      {"assign twice", assign(Staff(), assigned, "hz-health", {}), C::FAILED_PRECONDITION},
      {"assign unknown", assign(Staff(), unknown, "hz-health", {}), C::NOT_FOUND},
      // ExtendProposalDeadline
      {"a unit extends", extend(lead, assigned, Day(2024, 10, 1), "忙"), C::PERMISSION_DENIED},
      {"extend without a reason", extend(Staff(), assigned, Day(2024, 10, 1), ""), C::INVALID_ARGUMENT},
      {"extend to a bad date", extend(Staff(), assigned, Day(2024, 2, 30), "协调"), C::INVALID_ARGUMENT},
      {"extend a filed proposal", extend(Staff(), filed, Day(2024, 10, 1), "协调"), C::FAILED_PRECONDITION},
      {"extend beyond 6 months", extend(Staff(), assigned, Day(2025, 1, 1), "协调"), C::FAILED_PRECONDITION},
      // ReplyProposal
      {"staff reply", reply(Staff(), assigned, REPLY_CATEGORY_A, "好"), C::PERMISSION_DENIED},
      {"a co-unit replies", reply(UnitToken("hz-planning"), assigned, REPLY_CATEGORY_A, "好"), C::PERMISSION_DENIED},
      {"an unassigned unit replies", reply(UnitToken("hz-health"), assigned, REPLY_CATEGORY_A, "好"), C::NOT_FOUND},
      {"reply without category", reply(lead, assigned, REPLY_CATEGORY_UNSPECIFIED, "好"), C::INVALID_ARGUMENT},
      {"reply without text", reply(lead, assigned, REPLY_CATEGORY_C, ""), C::INVALID_ARGUMENT},
      {"reply twice", reply(lead, replied, REPLY_CATEGORY_A, "好"), C::FAILED_PRECONDITION},
      // RateProposal
      {"a co-signer rates", rate(DeputyToken("d-0002"), replied, SATISFACTION_SATISFIED), C::PERMISSION_DENIED},
      {"a unit rates", rate(lead, replied, SATISFACTION_SATISFIED), C::PERMISSION_DENIED},
      {"rate without a rating", rate(d1, replied, SATISFACTION_UNSPECIFIED), C::INVALID_ARGUMENT},
      {"rate before the reply", rate(d1, assigned, SATISFACTION_SATISFIED), C::FAILED_PRECONDITION},
      // SetProposalKey
      {"a leader flags", set_key(Token(Role::kLeader), filed, true, ""), C::PERMISSION_DENIED},
      {"a deputy flags", set_key(d1, filed, true, ""), C::PERMISSION_DENIED},
      {"flag twice", set_key(Staff(), assigned, true, ""), C::FAILED_PRECONDITION},
      {"note too long", set_key(Staff(), filed, true, std::string(501, 'x')), C::INVALID_ARGUMENT},
  };
  ExpectRefusedWritingNothing(calls);
}

}  // namespace
}  // namespace renda

namespace renda {
namespace {

TEST(ProposalDeadlines, MonthsAreAddedWithTheDayClampedToTheMonth) {
  using intake::AddMonths;
  EXPECT_EQ(intake::FormatDate(AddMonths(testing::Day(2024, 6, 1), 3)), "2024-09-01");
  EXPECT_EQ(intake::FormatDate(AddMonths(testing::Day(2024, 11, 30), 3)), "2025-02-28");
  EXPECT_EQ(intake::FormatDate(AddMonths(testing::Day(2023, 11, 30), 3)), "2024-02-29");
  EXPECT_EQ(intake::FormatDate(AddMonths(testing::Day(2024, 8, 31), 6)), "2025-02-28");
  EXPECT_EQ(intake::FormatDate(AddMonths(testing::Day(2024, 7, 31), 3)), "2024-10-31");
}

}  // namespace
}  // namespace renda
