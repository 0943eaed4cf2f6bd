// Livelihood projects by deputy vote end to end, on real Redis, with the representatives service
// started in-process and its deputies created there: a 13-choose-10 vote with concurrent ballots
// counted under the majority rule, a tie settled by a run-off, the ledger's verification catching
// ballots altered, removed and inserted directly in Redis, a receipt confirmed, the refusals, and
// the adopted projects' milestones, progress, supervision group and ratings.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "renda/supervision/v1/livelihood.grpc.pb.h"
#include "services/supervision/livelihood_ledger.h"
#include "services/supervision/services.h"
#include "tests/support/representatives_fixture.h"
#include "tests/support/storage.h"

namespace renda {
namespace {

using namespace supervision::v1;  // NOLINT: test brevity
namespace rep = representatives::v1;
using testing::ContextWith;
using testing::RefusedCall;

std::string DeputyId(int i) { return absl::StrFormat("lv-%02d", i); }
std::string CandidateId(int i) { return absl::StrFormat("c%02d", i); }

class LivelihoodTest : public testing::RepresentativesFixture {
 protected:
  void SetUp() override {
    StartServices();
    supervision::SupervisionOptions options;
    options.representatives_addr = host_->address();
    options.intake_addr = "127.0.0.1:1";  // no candidate here links opinions
    sup_host_ = testing::StartHost(
        redis_.address(), [options](const Runtime& rt) { return supervision::MakeSupervisionServices(rt, options); },
        &clock_);
    ASSERT_TRUE(testing::WaitServing(*sup_host_));
    auto channel = testing::ChannelTo(*sup_host_);
    votes_ = LivelihoodService::NewStub(channel);
    sup_feed_ = renda::feed::v1::ChangeFeedService::NewStub(channel);
  }

  std::string Staff() { return Token(Role::kStaff); }
  std::string Voter(int i) { return Token(Role::kDeputy, "user-" + DeputyId(i), DeputyId(i)); }

  void AddDeputies(int from, int to, rep::DeputyStatus status = rep::DEPUTY_STATUS_SERVING) {
    for (int i = from; i <= to; ++i) {
      rep::CreateDeputyRequest req;
      req.set_parent("congresses/hz");
      req.set_deputy_id(DeputyId(i));
      req.mutable_deputy()->set_display_name(absl::StrCat("代表", i));
      req.mutable_deputy()->set_term(14);
      req.mutable_deputy()->set_electoral_unit("西湖区");
      req.mutable_deputy()->set_delegation("hz-xihu");
      req.mutable_deputy()->set_status(status);
      rep::CreateDeputyResponse resp;
      auto s = deputies_->CreateDeputy(ContextWith(Staff()).get(), req, &resp);
      ASSERT_TRUE(s.ok()) << s.error_message();
    }
  }

  // A vote for `seats` projects with `candidates` candidates, GATHERING.
  std::string NewVote(int seats, int candidates, VoteThreshold threshold = VOTE_THRESHOLD_UNSPECIFIED) {
    CreateLivelihoodVoteRequest req;
    req.set_parent("congresses/hz");
    req.mutable_livelihood_vote()->set_title("2026年杭州市民生实事项目票决");
    req.mutable_livelihood_vote()->set_year(2026);
    req.mutable_livelihood_vote()->set_seats(seats);
    req.mutable_livelihood_vote()->mutable_rule()->set_threshold(threshold);
    CreateLivelihoodVoteResponse resp;
    auto s = votes_->CreateLivelihoodVote(ContextWith(Staff()).get(), req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    for (int i = 1; i <= candidates; ++i) {
      AddLivelihoodCandidateRequest add;
      add.set_vote(resp.livelihood_vote().name());
      add.mutable_candidate()->set_title(absl::StrCat("民生实事候选项目", i));
      add.mutable_candidate()->set_source(i % 3 == 0   ? CANDIDATE_SOURCE_DEPARTMENT
                                          : i % 3 == 1 ? CANDIDATE_SOURCE_CITIZENS
                                                       : CANDIDATE_SOURCE_DEPUTIES);
      add.mutable_candidate()->set_department("杭州市民政局");
      AddLivelihoodCandidateResponse added;
      s = votes_->AddLivelihoodCandidate(ContextWith(Staff()).get(), add, &added);
      EXPECT_TRUE(s.ok()) << s.error_message();
    }
    return resp.livelihood_vote().name();
  }

  grpc::Status Fix(const std::string& vote) {
    FixLivelihoodCandidatesRequest req;
    req.set_name(vote);
    FixLivelihoodCandidatesResponse resp;
    return votes_->FixLivelihoodCandidates(ContextWith(Staff()).get(), req, &resp);
  }
  LivelihoodVote Open(const std::string& vote) {
    OpenLivelihoodVoteRequest req;
    req.set_name(vote);
    OpenLivelihoodVoteResponse resp;
    auto s = votes_->OpenLivelihoodVote(ContextWith(Staff()).get(), req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return resp.livelihood_vote();
  }
  LivelihoodVote Close(const std::string& vote) {
    CloseLivelihoodVoteRequest req;
    req.set_name(vote);
    CloseLivelihoodVoteResponse resp;
    auto s = votes_->CloseLivelihoodVote(ContextWith(Staff()).get(), req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return resp.livelihood_vote();
  }
  LivelihoodVote Get(const std::string& vote) {
    GetLivelihoodVoteRequest req;
    req.set_name(vote);
    GetLivelihoodVoteResponse resp;
    auto s = votes_->GetLivelihoodVote(ContextWith(Token(Role::kDeputy, "user-x", DeputyId(1))).get(), req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return resp.livelihood_vote();
  }
  grpc::Status Cast(const std::string& token, const std::string& vote, const std::vector<std::string>& marks,
                    CastBallotResponse* resp, const std::string& request_id = "") {
    CastBallotRequest req;
    req.set_vote(vote);
    for (const auto& m : marks) req.add_candidate_ids(m);
    req.set_request_id(request_id);
    return votes_->CastBallot(ContextWith(token).get(), req, resp);
  }
  VerifyTallyResponse Verify(const std::string& vote, const std::string& receipt = "") {
    VerifyTallyRequest req;
    req.set_name(vote);
    req.set_receipt(receipt);
    VerifyTallyResponse resp;
    auto s = votes_->VerifyTally(ContextWith(Token(Role::kDeputy, "user-v", DeputyId(1))).get(), req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return resp;
  }
  // Every deputy's ballot at once, each on its own thread; answers the receipts by deputy.
  std::map<int, std::string> CastConcurrently(const std::string& vote,
                                              const std::map<int, std::vector<std::string>>& ballots) {
    std::map<int, std::string> receipts;
    std::map<int, grpc::Status> statuses;
    std::map<int, CastBallotResponse> responses;
    for (const auto& [deputy, marks] : ballots) {
      statuses[deputy];
      responses[deputy];
    }
    std::vector<std::thread> threads;
    for (const auto& [deputy, marks] : ballots) {
      const std::string token = Voter(deputy);
      threads.emplace_back([this, &statuses, &responses, token, vote, deputy, marks] {
        statuses.at(deputy) = Cast(token, vote, marks, &responses.at(deputy));
      });
    }
    for (auto& t : threads) t.join();
    for (const auto& [deputy, status] : statuses) {
      EXPECT_TRUE(status.ok()) << DeputyId(deputy) << ": " << status.error_message();
      receipts[deputy] = responses.at(deputy).receipt();
    }
    return receipts;
  }
  std::vector<LivelihoodProject> Projects() {
    ListLivelihoodProjectsRequest req;
    req.set_parent("congresses/hz");
    req.set_year(2026);
    req.set_page_size(100);
    ListLivelihoodProjectsResponse resp;
    auto s = votes_->ListLivelihoodProjects(ContextWith(Staff()).get(), req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return {resp.livelihood_projects().begin(), resp.livelihood_projects().end()};
  }
  static std::map<std::string, int64_t> Counts(const LivelihoodVote& vote) {
    std::map<std::string, int64_t> out;
    for (const auto& r : vote.results()) out[r.candidate_id()] = r.votes();
    return out;
  }
  static std::vector<std::string> Adopted(const LivelihoodVote& vote) {
    std::vector<std::string> out;
    for (const auto& r : vote.results()) {
      if (r.outcome() == CANDIDATE_OUTCOME_ADOPTED) out.push_back(r.candidate_id());
    }
    return out;
  }
  // The events of supervision's change feed of hz, as its readers see them.
  std::vector<renda::type::v1::ChangeEvent> SupFeed() {
    return testing::AllChanges(*sup_feed_, ServiceTokenAt(clock_));
  }
  // The key of a vote's ledger: the tampering tests write it directly, as someone with access to
  // Redis could, to show that VerifyTally catches it.
  static std::string LedgerKey(const std::string& vote) {
    return absl::StrCat("sup:{hz}:lvbox:", vote.substr(vote.rfind('/') + 1), ":ledger");
  }

  std::unique_ptr<ServiceHost> sup_host_;
  std::unique_ptr<LivelihoodService::Stub> votes_;
  std::unique_ptr<renda::feed::v1::ChangeFeedService::Stub> sup_feed_;
};

// Ballots that give each candidate i (1-based) exactly counts[i-1] marks, spread so that no
// deputy marks more than `seats`: each candidate goes to the voters with the fewest marks yet.
std::map<int, std::vector<std::string>> BallotsFor(const std::vector<int>& counts, int voters, int seats) {
  std::map<int, std::vector<std::string>> ballots;
  for (int d = 1; d <= voters; ++d) ballots[d];
  for (size_t c = 0; c < counts.size(); ++c) {
    std::vector<int> order;
    for (int d = 1; d <= voters; ++d) order.push_back(d);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return ballots[a].size() < ballots[b].size(); });
    for (int k = 0; k < counts[c]; ++k) ballots[order[k]].push_back(CandidateId(static_cast<int>(c) + 1));
  }
  for (const auto& [d, marks] : ballots) EXPECT_LE(static_cast<int>(marks.size()), seats) << d;
  return ballots;
}

TEST_F(LivelihoodTest, ThirteenChooseTenWithConcurrentBallotsAdoptsOnlyThoseWithAMajorityOfAllDeputies) {
  AddDeputies(1, 21);  // 21 serving: a candidate needs 11 votes, whoever abstains
  const std::string vote = NewVote(10, 13);
  ASSERT_TRUE(Fix(vote).ok());
  EXPECT_EQ(Open(vote).electorate_size(), 21);
  // 19 of the 21 vote. c10 and c11 get 10 votes each: more than half of the ballots cast, not
  // more than half of all deputies, so only 9 projects are adopted and the 10th seat stays empty.
  const std::vector<int> counts = {19, 19, 19, 19, 19, 18, 17, 15, 12, 10, 10, 8, 3};
  const auto receipts = CastConcurrently(vote, BallotsFor(counts, 19, 10));
  EXPECT_EQ(Get(vote).ballots_cast(), 19);
  EXPECT_TRUE(Get(vote).results().empty()) << "no count is shown while the vote is open";

  const LivelihoodVote closed = Close(vote);
  EXPECT_EQ(closed.state(), LIVELIHOOD_VOTE_STATE_CLOSED);
  EXPECT_EQ(closed.rule().threshold(), VOTE_THRESHOLD_MAJORITY_OF_ELECTORATE) << "the rule used is recorded";
  EXPECT_EQ(closed.ballots_cast(), 19);
  EXPECT_EQ(closed.ledger_head().size(), 40u);
  for (size_t i = 0; i < counts.size(); ++i) {
    EXPECT_EQ(Counts(closed)[CandidateId(static_cast<int>(i) + 1)], counts[i]) << "every ballot counted exactly";
  }
  EXPECT_EQ(Adopted(closed), (std::vector<std::string>{"c01", "c02", "c03", "c04", "c05", "c06", "c07", "c08", "c09"}));
  EXPECT_TRUE(closed.runoff().empty());
  const auto projects = Projects();
  ASSERT_EQ(projects.size(), 9u);
  EXPECT_EQ(projects[0].vote(), vote);
  EXPECT_EQ(closed.projects_size(), 9);

  // The head is in the close event; the feed never names a voter.
  const auto feed = SupFeed();
  bool head_published = false;
  int ballot_events = 0;
  for (const auto& e : feed) {
    LivelihoodVote v;
    if (e.resource().UnpackTo(&v) && v.state() == LIVELIHOOD_VOTE_STATE_CLOSED) {
      head_published = v.ledger_head() == closed.ledger_head();
    }
    LivelihoodBallotCast cast;
    if (e.resource().Is<LivelihoodBallotCast>()) {
      ++ballot_events;
      EXPECT_TRUE(e.actor().empty());
    }
  }
  EXPECT_TRUE(head_published);
  EXPECT_EQ(ballot_events, 19);
  // Storage itself: the stored feed holds no deputy id at all (the point of this check is what
  // Redis keeps, which no reader of the feed can show).
  testing::RawStorage raw(redis_);
  EXPECT_FALSE(absl::StrContains(raw.StreamText("sup:{hz}:feed"), "lv-")) << "a feed entry names a deputy";
  for (const auto& ballot : raw.ListItems(LedgerKey(vote))) EXPECT_FALSE(absl::StrContains(ballot, "lv-"));

  const VerifyTallyResponse verified = Verify(vote, receipts.at(7));
  EXPECT_TRUE(verified.intact());
  EXPECT_TRUE(verified.recount_matches());
  EXPECT_TRUE(verified.issues().empty());
  EXPECT_EQ(verified.ledger_length(), 19);
  EXPECT_EQ(verified.receipt_status(), RECEIPT_STATUS_COUNTED);
  EXPECT_EQ(Verify(vote, std::string(32, 'a')).receipt_status(), RECEIPT_STATUS_NOT_FOUND);
}

TEST_F(LivelihoodTest, ATieAtTheLastSeatIsSettledByARunoff) {
  AddDeputies(1, 7);
  const std::string vote = NewVote(2, 3);
  ASSERT_TRUE(Fix(vote).ok());
  Open(vote);
  // c01: 5, c02: 4, c03: 4 — all pass (more than 3.5 of 7); c02 and c03 tie for the second seat.
  CastConcurrently(vote, {{1, {"c01", "c02"}},
                          {2, {"c01", "c02"}},
                          {3, {"c01", "c03"}},
                          {4, {"c01", "c03"}},
                          {5, {"c01"}},
                          {6, {"c02", "c03"}},
                          {7, {"c02", "c03"}}});
  const LivelihoodVote closed = Close(vote);
  EXPECT_EQ(Adopted(closed), std::vector<std::string>{"c01"});
  ASSERT_FALSE(closed.runoff().empty());
  EXPECT_EQ(Projects().size(), 1u);

  const LivelihoodVote runoff = Get(closed.runoff());
  EXPECT_EQ(runoff.state(), LIVELIHOOD_VOTE_STATE_FIXED);
  EXPECT_EQ(runoff.runoff_of(), vote);
  EXPECT_EQ(runoff.seats(), 1);
  ASSERT_EQ(runoff.candidates_size(), 2);
  EXPECT_EQ(runoff.candidates(0).id(), "c02");
  EXPECT_EQ(runoff.candidates(1).id(), "c03");
  EXPECT_EQ(Open(runoff.name()).electorate_size(), 7) << "the run-off keeps the first round's electorate";
  CastBallotResponse cast;
  EXPECT_EQ(Cast(Voter(1), runoff.name(), {"c02", "c03"}, &cast).error_code(), grpc::StatusCode::INVALID_ARGUMENT)
      << "one seat: one mark";
  CastConcurrently(runoff.name(),
                   {{1, {"c02"}}, {2, {"c02"}}, {3, {"c02"}}, {4, {"c03"}}, {5, {"c02"}}, {6, {"c03"}}, {7, {"c02"}}});
  const LivelihoodVote decided = Close(runoff.name());
  EXPECT_EQ(Adopted(decided), std::vector<std::string>{"c02"});
  EXPECT_TRUE(decided.runoff().empty());
  const auto projects = Projects();
  ASSERT_EQ(projects.size(), 2u);
  std::vector<std::string> titles;
  for (const auto& p : projects) titles.push_back(p.candidate().id());
  std::sort(titles.begin(), titles.end());
  EXPECT_EQ(titles, (std::vector<std::string>{"c01", "c02"}));
}

TEST_F(LivelihoodTest, VerificationCatchesBallotsAlteredRemovedAndInsertedInRedis) {
  AddDeputies(1, 6);
  const std::string vote = NewVote(2, 3);
  ASSERT_TRUE(Fix(vote).ok());
  Open(vote);
  // One after another, so the receipts' positions are known.
  std::vector<std::string> receipts;
  const std::vector<std::vector<std::string>> marks = {{"c01", "c02"}, {"c01"}, {"c02", "c03"},
                                                       {"c01", "c03"}, {"c03"}, {}};
  for (int d = 1; d <= 6; ++d) {
    CastBallotResponse resp;
    ASSERT_TRUE(Cast(Voter(d), vote, marks[d - 1], &resp).ok());
    ASSERT_EQ(resp.receipt().size(), 32u);
    receipts.push_back(resp.receipt());
  }
  Close(vote);
  ASSERT_TRUE(Verify(vote).intact());

  // The ledger is written here directly, as someone with Redis access could: it is what
  // VerifyTally exists to catch.
  testing::RawStorage raw(redis_);
  const std::string key = LedgerKey(vote);
  const std::vector<std::string> original = raw.ListItems(key);
  ASSERT_EQ(original.size(), 6u);

  {  // Altered: ballot 2's marks changed, its hash left.
    auto b = supervision::ParseLedgerBallot(original[2]);
    raw.SetListItem(key, 2, absl::StrCat(b.prev, "|", b.receipt_hash, "|c01,c02|", b.hash));
    const auto r = Verify(vote, receipts[2]);
    EXPECT_FALSE(r.intact());
    EXPECT_FALSE(r.recount_matches());
    ASSERT_EQ(r.issues_size(), 1) << r.DebugString();
    EXPECT_EQ(r.issues(0).kind(), LEDGER_ISSUE_KIND_ALTERED);
    EXPECT_EQ(r.issues(0).position(), 2);
    EXPECT_EQ(r.receipt_status(), RECEIPT_STATUS_TAMPERED);
    EXPECT_EQ(Verify(vote, receipts[1]).receipt_status(), RECEIPT_STATUS_COUNTED);
    // Altered with its hash recomputed: the next ballot's link no longer leads to it.
    raw.SetListItem(key, 2, supervision::StoredBallot(b.prev, b.receipt_hash, "c01,c02"));
    const auto rehashed = Verify(vote);
    ASSERT_EQ(rehashed.issues_size(), 1) << rehashed.DebugString();
    EXPECT_EQ(rehashed.issues(0).kind(), LEDGER_ISSUE_KIND_ALTERED);
    EXPECT_EQ(rehashed.issues(0).position(), 2);
    raw.SetListItem(key, 2, original[2]);
    ASSERT_TRUE(Verify(vote).intact());
  }
  {  // Removed: ballot 3 taken out.
    raw.RemoveListItem(key, original[3]);
    const auto r = Verify(vote, receipts[3]);
    EXPECT_FALSE(r.intact());
    EXPECT_EQ(r.ledger_length(), 5);
    ASSERT_EQ(r.issues_size(), 1) << r.DebugString();
    EXPECT_EQ(r.issues(0).kind(), LEDGER_ISSUE_KIND_REMOVED);
    EXPECT_EQ(r.issues(0).position(), 3);
    EXPECT_EQ(r.issues(0).count(), 1);
    EXPECT_EQ(r.receipt_status(), RECEIPT_STATUS_NOT_FOUND);
    raw.InsertListItemBefore(key, original[4], original[3]);
    ASSERT_TRUE(Verify(vote).intact());
  }
  {  // Inserted: a well-formed ballot chained to ballot 3, put before ballot 4.
    const auto b3 = supervision::ParseLedgerBallot(original[3]);
    const std::string fake = supervision::StoredBallot(b3.hash, supervision::ReceiptHash(std::string(32, 'b')), "c03");
    raw.InsertListItemBefore(key, original[4], fake);
    const auto r = Verify(vote, std::string(32, 'b'));
    EXPECT_FALSE(r.intact());
    EXPECT_FALSE(r.recount_matches());
    ASSERT_EQ(r.issues_size(), 1) << r.DebugString();
    EXPECT_EQ(r.issues(0).kind(), LEDGER_ISSUE_KIND_INSERTED);
    EXPECT_EQ(r.issues(0).position(), 4);
    EXPECT_EQ(r.receipt_status(), RECEIPT_STATUS_TAMPERED);
    raw.RemoveListItem(key, fake);
    EXPECT_TRUE(Verify(vote).intact());
  }
}

TEST_F(LivelihoodTest, RefusalsHaveTheirCodeAndWriteNothing) {
  AddDeputies(1, 4);
  AddDeputies(9, 9, rep::DEPUTY_STATUS_TERMINATED);
  const std::string gathering = NewVote(2, 2);  // M = N: cannot be fixed
  const std::string vote = NewVote(2, 3);
  ASSERT_TRUE(Fix(vote).ok());
  const std::string fixed = NewVote(2, 3);
  ASSERT_TRUE(Fix(fixed).ok());
  Open(vote);
  CastBallotResponse first;
  ASSERT_TRUE(Cast(Voter(1), vote, {"c01"}, &first, "ballot-1").ok());
  AddDeputies(5, 5);  // serving, but not when the vote opened
  const std::string closed = NewVote(1, 2);
  ASSERT_TRUE(Fix(closed).ok());
  Open(closed);
  Close(closed);

  const size_t feed_before = SupFeed().size();
  CastBallotResponse resp;
  // A retry with the same request id answers OK, with no second ballot and no receipt.
  ASSERT_TRUE(Cast(Voter(1), vote, {"c01"}, &resp, "ballot-1").ok());
  EXPECT_TRUE(resp.replayed());
  EXPECT_TRUE(resp.receipt().empty());

  const std::vector<RefusedCall> calls = {
      {"a second ballot", [&] { return Cast(Voter(1), vote, {"c02"}, &resp); }, grpc::StatusCode::ALREADY_EXISTS},
      {"too many marks",
       [&] {
         return Cast(Voter(2), vote, {"c01", "c02", "c03"}, &resp);
       },
       grpc::StatusCode::INVALID_ARGUMENT},
      {"a candidate of no vote", [&] { return Cast(Voter(2), vote, {"c09"}, &resp); },
       grpc::StatusCode::INVALID_ARGUMENT},
      {"the same candidate twice",
       [&] {
         return Cast(Voter(2), vote, {"c01", "c01"}, &resp);
       },
       grpc::StatusCode::INVALID_ARGUMENT},
      {"before opening", [&] { return Cast(Voter(2), fixed, {"c01"}, &resp); }, grpc::StatusCode::FAILED_PRECONDITION},
      {"after closing", [&] { return Cast(Voter(2), closed, {"c01"}, &resp); }, grpc::StatusCode::FAILED_PRECONDITION},
      {"not serving when it opened", [&] { return Cast(Voter(5), vote, {"c01"}, &resp); },
       grpc::StatusCode::PERMISSION_DENIED},
      {"a deputy no longer serving", [&] { return Cast(Voter(9), vote, {"c01"}, &resp); },
       grpc::StatusCode::PERMISSION_DENIED},
      {"a deputy unknown to the congress", [&] { return Cast(Voter(77), vote, {"c01"}, &resp); },
       grpc::StatusCode::PERMISSION_DENIED},
      {"a deputy of another congress",
       [&] { return Cast(Token(Role::kDeputy, "user-sh", DeputyId(2), "sh"), vote, {"c01"}, &resp); },
       grpc::StatusCode::PERMISSION_DENIED},
      {"staff cannot vote", [&] { return Cast(Staff(), vote, {"c01"}, &resp); }, grpc::StatusCode::PERMISSION_DENIED},
      {"a deputy token without deputy_id", [&] { return Cast(Token(Role::kDeputy, "user-z"), vote, {"c01"}, &resp); },
       grpc::StatusCode::PERMISSION_DENIED},
      {"no such vote",
       [&] { return Cast(Voter(2), "congresses/hz/livelihoodVotes/000000000000ffffffff", {"c01"}, &resp); },
       grpc::StatusCode::NOT_FOUND},
      {"fixing M <= N", [&] { return Fix(gathering); }, grpc::StatusCode::FAILED_PRECONDITION},
      {"fixing twice", [&] { return Fix(vote); }, grpc::StatusCode::FAILED_PRECONDITION},
      {"opening an open vote",
       [&] {
         OpenLivelihoodVoteRequest req;
         req.set_name(vote);
         OpenLivelihoodVoteResponse r;
         return votes_->OpenLivelihoodVote(ContextWith(Staff()).get(), req, &r);
       },
       grpc::StatusCode::FAILED_PRECONDITION},
      {"a deputy opening a vote",
       [&] {
         OpenLivelihoodVoteRequest req;
         req.set_name(fixed);
         OpenLivelihoodVoteResponse r;
         return votes_->OpenLivelihoodVote(ContextWith(Voter(2)).get(), req, &r);
       },
       grpc::StatusCode::PERMISSION_DENIED},
      {"closing a closed vote",
       [&] {
         CloseLivelihoodVoteRequest req;
         req.set_name(closed);
         CloseLivelihoodVoteResponse r;
         return votes_->CloseLivelihoodVote(ContextWith(Staff()).get(), req, &r);
       },
       grpc::StatusCode::FAILED_PRECONDITION},
      {"adding a candidate to a fixed list",
       [&] {
         AddLivelihoodCandidateRequest req;
         req.set_vote(fixed);
         req.mutable_candidate()->set_title("迟到的候选");
         req.mutable_candidate()->set_source(CANDIDATE_SOURCE_CITIZENS);
         AddLivelihoodCandidateResponse r;
         return votes_->AddLivelihoodCandidate(ContextWith(Staff()).get(), req, &r);
       },
       grpc::StatusCode::FAILED_PRECONDITION},
      {"verifying an open vote",
       [&] {
         VerifyTallyRequest req;
         req.set_name(vote);
         VerifyTallyResponse r;
         return votes_->VerifyTally(ContextWith(Staff()).get(), req, &r);
       },
       grpc::StatusCode::FAILED_PRECONDITION},
      {"a malformed receipt",
       [&] {
         VerifyTallyRequest req;
         req.set_name(closed);
         req.set_receipt("not-a-receipt");
         VerifyTallyResponse r;
         return votes_->VerifyTally(ContextWith(Staff()).get(), req, &r);
       },
       grpc::StatusCode::INVALID_ARGUMENT},
      {"a vote with no seats",
       [&] {
         CreateLivelihoodVoteRequest req;
         req.set_parent("congresses/hz");
         req.mutable_livelihood_vote()->set_title("x");
         req.mutable_livelihood_vote()->set_year(2026);
         CreateLivelihoodVoteResponse r;
         return votes_->CreateLivelihoodVote(ContextWith(Staff()).get(), req, &r);
       },
       grpc::StatusCode::INVALID_ARGUMENT},
  };
  testing::ExpectRefused(calls);
  EXPECT_EQ(SupFeed().size(), feed_before) << "a refused call writes nothing";
  EXPECT_EQ(Get(vote).ballots_cast(), 1);
}

TEST_F(LivelihoodTest, AdoptedProjectsGetMilestonesProgressAGroupAndOneRatingPerDeputy) {
  AddDeputies(1, 3);
  AddDeputies(8, 8, rep::DEPUTY_STATUS_TERMINATED);
  const std::string vote = NewVote(1, 2);
  ASSERT_TRUE(Fix(vote).ok());
  Open(vote);
  CastConcurrently(vote, {{1, {"c01"}}, {2, {"c01"}}, {3, {"c02"}}});
  const LivelihoodVote closed = Close(vote);
  ASSERT_EQ(closed.projects_size(), 1);
  const std::string project = closed.projects(0);

  AddProjectMilestoneRequest ms;
  ms.set_project(project);
  ms.mutable_milestone()->set_title("完成选址");
  ms.mutable_milestone()->set_due_date("2026-06-30");
  AddProjectMilestoneResponse ms_resp;
  ASSERT_TRUE(votes_->AddProjectMilestone(ContextWith(Staff()).get(), ms, &ms_resp).ok());
  ReportProjectProgressRequest rp;
  rp.set_project(project);
  rp.mutable_report()->set_text("选址完成，开工建设");
  rp.mutable_report()->set_percent_complete(40);
  rp.mutable_report()->set_completes_milestone("m01");
  ReportProjectProgressResponse rp_resp;
  ASSERT_TRUE(votes_->ReportProjectProgress(ContextWith(Staff()).get(), rp, &rp_resp).ok());
  EXPECT_EQ(rp_resp.livelihood_project().percent_complete(), 40);
  EXPECT_TRUE(rp_resp.livelihood_project().milestones(0).has_complete_time());

  SetProjectSupervisionGroupRequest group;
  group.set_project(project);
  group.add_deputies(testing::DeputyName(DeputyId(1)));
  group.add_deputies(testing::DeputyName(DeputyId(8)));
  SetProjectSupervisionGroupResponse group_resp;
  EXPECT_EQ(votes_->SetProjectSupervisionGroup(ContextWith(Staff()).get(), group, &group_resp).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION)
      << "a deputy no longer serving cannot supervise";
  group.set_deputies(1, testing::DeputyName(DeputyId(2)));
  ASSERT_TRUE(votes_->SetProjectSupervisionGroup(ContextWith(Staff()).get(), group, &group_resp).ok());
  EXPECT_EQ(group_resp.livelihood_project().supervision_group_size(), 2);

  for (int d = 1; d <= 3; ++d) {
    RateLivelihoodProjectRequest rate;
    rate.set_project(project);
    rate.set_score(d + 2);
    RateLivelihoodProjectResponse rate_resp;
    ASSERT_TRUE(votes_->RateLivelihoodProject(ContextWith(Voter(d)).get(), rate, &rate_resp).ok());
  }
  RateLivelihoodProjectRequest again;
  again.set_project(project);
  again.set_score(1);
  RateLivelihoodProjectResponse again_resp;
  EXPECT_EQ(votes_->RateLivelihoodProject(ContextWith(Voter(2)).get(), again, &again_resp).error_code(),
            grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(votes_->RateLivelihoodProject(ContextWith(Voter(8)).get(), again, &again_resp).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  GetLivelihoodProjectRequest get;
  get.set_name(project);
  GetLivelihoodProjectResponse got;
  ASSERT_TRUE(votes_->GetLivelihoodProject(ContextWith(Staff()).get(), get, &got).ok());
  EXPECT_EQ(got.livelihood_project().rating_count(), 3);
  EXPECT_EQ(got.livelihood_project().rating_sum(), 3 + 4 + 5);
  EXPECT_EQ(got.livelihood_project().rating_histogram(4), 1);
  EXPECT_EQ(got.livelihood_project().candidate().id(), "c01");
}

}  // namespace
}  // namespace renda
